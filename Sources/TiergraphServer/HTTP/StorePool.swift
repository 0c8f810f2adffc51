import Foundation
import NIOPosix
import Tiergraph

/// Read-only stores for request handlers, one per thread that asks, kept for the next request.
///
/// A ``GraphStore`` is used from one thread at a time; SQLite's WAL mode lets many read at once.
/// Handlers run their blocking database work on ``threads`` (never on Swift's cooperative pool,
/// whose few threads serve every connection), each with a store taken from the pool.
final class StorePool: @unchecked Sendable {
    let path: String
    private let threads: NIOThreadPool
    private let lock = NSLock()
    private var idle: [GraphStore] = []

    /// Opens one store to check the file (its schema, its version), without reading the graph.
    init(path: String, threads: NIOThreadPool) throws {
        self.path = path
        self.threads = threads
        idle.append(try GraphStore(path: path, readOnly: true))
    }

    /// Runs `body` on a pool thread with a store of its own.
    func read<T: Sendable>(_ body: @escaping @Sendable (GraphStore) throws -> T) async throws -> T {
        try await threads.runIfActive {
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
    private let threads: NIOThreadPool
    private let lock = NSLock()

    init(path: String, threads: NIOThreadPool) throws {
        store = try GraphStore(path: path)
        self.threads = threads
    }

    /// Runs `body` on a pool thread with the writable store, after any write before it.
    func write<T: Sendable>(_ body: @escaping @Sendable (GraphStore) throws -> T) async throws -> T {
        try await threads.runIfActive { try self.lock.withLock { try body(self.store) } }
    }
}
