import Foundation
import NIOPosix
import Tiergraph

/// Read-only stores for request handlers: at most one per pool thread, each handed to one request
/// at a time and kept for the next.
///
/// A ``GraphStore`` is used from one thread at a time; SQLite's WAL mode lets many read at once.
/// Handlers run their blocking database work on ``threads`` (never on Swift's cooperative pool,
/// whose few threads serve every connection), each with a store taken from the pool.
final class StorePool: @unchecked Sendable {
    let path: String
    private let file: DatabaseFile
    private let threads: NIOThreadPool
    private let lock = NSLock()
    private var idle: [GraphStore] = []

    /// Opens one store to check the file (its schema, its version), without reading the graph.
    init(path: String, threads: NIOThreadPool) throws {
        self.path = path
        self.threads = threads
        idle.append(try GraphStore(path: path, readOnly: true))
        file = try DatabaseFile(path: path)
    }

    /// Runs `body` on a pool thread with a store of its own.
    /// - Throws: ``RequestError`` (503) when the file was deleted or replaced since the start.
    func read<T: Sendable>(_ body: @escaping @Sendable (GraphStore) throws -> T) async throws -> T {
        try await threads.runIfActive {
            try self.file.check()
            let store = try self.take()
            defer { self.give(store) }
            return try body(store)
        }
    }

    private func take() throws -> GraphStore {
        if let store = lock.withLock({ idle.popLast() }) { return store }
        return try GraphStore(path: path, readOnly: true)
    }

    private func give(_ store: GraphStore) {
        lock.withLock { idle.append(store) }
    }
}

/// The one writable store of a server started with edits allowed; writes run one at a time.
final class StoreWriter: @unchecked Sendable {
    private let store: GraphStore
    private let file: DatabaseFile
    private let threads: NIOThreadPool
    private let lock = NSLock()

    init(path: String, threads: NIOThreadPool) throws {
        store = try GraphStore(path: path)
        file = try DatabaseFile(path: path)
        self.threads = threads
    }

    /// Runs `body` on a pool thread with the writable store, after any write before it.
    /// - Throws: ``RequestError`` (503) when the file was deleted or replaced since the start:
    ///   an edit would go to a file nobody sees.
    func write<T: Sendable>(_ body: @escaping @Sendable (GraphStore) throws -> T) async throws -> T {
        try await threads.runIfActive {
            try self.file.check()
            return try self.lock.withLock { try body(self.store) }
        }
    }
}

/// The database file as the server opened it (its device and inode). A file deleted or replaced
/// under a running server (`rm`, `mv new.db g.db`, a fresh `import` to the same path) would leave
/// its stores answering from the old file, each differently; the server says so instead. The
/// stores keep the old file open, so its inode cannot be reused by the new one.
struct DatabaseFile: Sendable {
    let path: String
    private let device: UInt64, inode: UInt64

    init(path: String) throws {
        self.path = path
        guard let identity = DatabaseFile.identity(path) else { throw GraphStoreError.missingDatabase(path: path) }
        (device, inode) = identity
    }

    /// - Throws: ``RequestError`` (503) when `path` is no longer the file opened at start.
    func check() throws {
        guard let identity = DatabaseFile.identity(path), identity == (device, inode) else {
            throw RequestError(.serviceUnavailable, "the database \(path) was deleted or replaced while the server ran: restart `tiergraph serve`")
        }
    }

    private static func identity(_ path: String) -> (UInt64, UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }
}
