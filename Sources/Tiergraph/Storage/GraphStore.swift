import CSQLite
import Foundation

/// A supply-chain graph kept in one SQLite file.
///
/// Open a store with ``init(path:create:)``; read with the query methods (``node(id:)``,
/// ``resolveNode(_:)``, ``statistics()`` …) and write inside ``write(dryRun:_:)``, which runs
/// everything in one transaction. A store is used from one thread at a time; open one store per
/// thread or process (SQLite's WAL mode lets readers read while one writer writes).
public final class GraphStore {
    /// The underlying connection, for advanced use.
    package let connection: Connection
    /// The database file's path.
    public let path: String
    /// Whether the file was opened read-only and immutable (a folder or file this user cannot write).
    public let isImmutable: Bool
    /// What the history records as the command of this store's writes (see ``history()``):
    /// the command line, or the request that wrote. Set it before writing.
    public var command = "library call"
    /// The largest changeset, in bytes, that a write records for undo; a larger write is logged
    /// without undo data (see ``HistoryEntry/Undo/none``).
    public var historyLimit = 32 << 20
    /// What every write checks of the file before writing into it (see ``WriteVerification``).
    public var writeVerification = WriteVerification.standard

    /// Opens the database at `path`, creating it if `create` is true and it does not exist.
    ///
    /// An empty or new file gets the current schema when `create` is true; an older Tiergraph file
    /// is migrated. Without `create`, a 0-byte file or an SQLite file without Tiergraph's tables is
    /// refused untouched. With `readOnly` (commands that only read), a file that this user cannot
    /// write, or that lies in a folder it cannot write (or one with no write permission at all, or
    /// on a read-only mount), is opened read-only and immutable: nothing is created beside it (no
    /// `-wal` or `-shm` files), at the price of not seeing a write made while it is read.
    /// - Throws: ``GraphStoreError`` if the file is missing (and `create` is false), foreign, newer,
    ///   or so damaged that SQLite cannot read it (``GraphStoreError/unreadable(path:reason:)``).
    public init(path: String, create: Bool = false, readOnly: Bool = false) throws {
        self.path = path
        var info = stat()
        let exists = stat(path, &info) == 0
        if !create && !exists {
            throw GraphStoreError.missingDatabase(path: path)
        }
        if !create && info.st_size == 0 {
            throw GraphStoreError.notATiergraphDatabase(path: path, reason: "the file is empty (0 bytes)")
        }
        isImmutable = readOnly && !create && !GraphStore.canWrite(path)
        let connection: Connection
        do {
            if isImmutable {
                connection = try Connection(path: "file:" + GraphStore.uriEncoded(path) + "?immutable=1", create: false, readOnly: true)
            } else {
                connection = try Connection(path: path, create: create)
            }
        } catch let error as SQLiteError {
            throw GraphStoreError.notATiergraphDatabase(path: path, reason: error.message)
        }
        self.connection = connection
        do {
            try configureAndMigrate(create: create)
        } catch let error as SQLiteError where error.code & 0xFF == SQLITE_CORRUPT {
            throw GraphStoreError.unreadable(path: path, reason: error.message)
        }
    }

    /// Whether this user can write `path` and create files beside it. A folder with no write
    /// permission for anyone counts as read-only even for root (whom permissions do not stop).
    private static func canWrite(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        var info = stat()
        guard access(path, W_OK) == 0, access(folder, W_OK) == 0, stat(folder, &info) == 0 else { return false }
        return info.st_mode & 0o222 != 0
    }

    /// `path` as the path of an SQLite URI (`%`, `?` and `#` escaped).
    private static func uriEncoded(_ path: String) -> String {
        path.unicodeScalars.map { scalar in
            switch scalar {
            case "%": return "%25"
            case "?": return "%3F"
            case "#": return "%23"
            default: return String(scalar)
            }
        }.joined()
    }

    private func configureAndMigrate(create: Bool) throws {
        let applicationID: Int64
        do {
            try connection.setBusyTimeout()
            applicationID = try connection.scalar("PRAGMA application_id")?.int64 ?? 0
        } catch let error as SQLiteError where error.code & 0xFF != SQLITE_CORRUPT {
            throw GraphStoreError.notATiergraphDatabase(path: path, reason: error.message)
        }
        let version = Int(try connection.scalar("PRAGMA user_version")?.int64 ?? 0)
        let tables = try connection.scalar("SELECT count(*) FROM sqlite_schema")?.int64 ?? 0
        if applicationID != Int64(Schema.applicationID) && (applicationID != 0 || tables > 0 || version > 0) {
            throw GraphStoreError.notATiergraphDatabase(
                path: path, reason: "it is an SQLite database written by another program")
        }
        if version > Schema.currentVersion {
            throw GraphStoreError.newerSchema(path: path, found: version, supported: Schema.currentVersion)
        }
        // Checked before anything is written (the switch to WAL below is a write).
        if !create && version == 0 && tables == 0 {
            throw GraphStoreError.notATiergraphDatabase(path: path, reason: "it is an empty SQLite database")
        }
        if version > 0 {
            let found = try connection.scalar(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('edge_kinds', 'nodes', 'aliases', 'sources', 'edges', 'node_citations', 'edge_citations')")?.int64 ?? 0
            if found < 7 {
                throw GraphStoreError.notATiergraphDatabase(
                    path: path, reason: "it carries Tiergraph's application id but not its tables (\(found) of 7): damaged or forged")
            }
        }
        try connection.configure(writable: !isImmutable)
        if isImmutable {
            if version < Schema.currentVersion {
                throw GraphStoreError.notATiergraphDatabase(
                    path: path, reason: "its schema (version \(version)) needs upgrading, and this user cannot write it or its folder")
            }
            return
        }
        if version < Schema.currentVersion {
            try migrate(from: version)
        }
    }

    private func migrate(from version: Int) throws {
        try connection.transaction {
            // Re-read under the write lock: another process may have migrated meanwhile.
            let current = Int(try connection.scalar("PRAGMA user_version")?.int64 ?? 0)
            guard current < Schema.currentVersion else { return }
            for migration in Schema.migrations[current...] {
                try migration(connection)
            }
            // Built-in kinds added since the file was made join it; a user's kind of the same name stays.
            let insert = try connection.prepare(
                "INSERT INTO edge_kinds(name, flow, description, builtin) VALUES (?, ?, ?, 1) ON CONFLICT(name) DO NOTHING")
            for kind in EdgeKind.builtIns {
                try insert.bind([.text(kind.name), .text(kind.flow.rawValue), .text(kind.description)])
                try insert.run()
            }
            // PRAGMA takes no bound parameters; both values are integers from this code, not user text.
            try connection.execute("PRAGMA application_id = \(Schema.applicationID); PRAGMA user_version = \(Schema.currentVersion)")
        }
    }

    /// The schema version of the open file.
    public func schemaVersion() throws -> Int {
        Int(try connection.scalar("PRAGMA user_version")?.int64 ?? 0)
    }

    /// Runs `body` with a ``GraphWriter`` inside one transaction, recorded in the history (see
    /// ``recordedWrite(dryRun:bulk:inputBytes:undoing:withoutUndo:_:)``).
    ///
    /// If `body` throws, nothing it wrote is kept. With `dryRun`, everything is validated and
    /// written, then rolled back: the database is left exactly as it was.
    public func write<T>(dryRun: Bool = false, _ body: (GraphWriter) throws -> T) throws -> T {
        try write(dryRun: dryRun, bulk: false, inputBytes: nil, body)
    }

    /// ``write(dryRun:_:)`` for imports. With `bulk`, a load into an empty edges table drops the edge indexes first and builds
    /// them once at the end, which is much faster for large imports.
    /// Foreign-key enforcement is switched off for a bulk write: every row the writer inserts
    /// refers to keys it has just read or written in the same transaction, and SQLite's per-row
    /// parent look-ups would otherwise double the cost of each edge. `check` verifies them.
    ///
    /// `inputBytes`, the size of what a bulk write reads, lets the history skip recording undo
    /// data for a large import into a graph that has rows (see ``recordedWrite(dryRun:bulk:inputBytes:undoing:withoutUndo:_:)``).
    func write<T>(dryRun: Bool, bulk: Bool, inputBytes: Int?, _ body: (GraphWriter) throws -> T) throws -> T {
        try connection.with(bulk ? .bulkLoad : .standard) {
            try recordedWrite(dryRun: dryRun, bulk: bulk, inputBytes: inputBytes) {
                let writer = try GraphWriter(connection: connection, bulk: bulk)
                let result = try body(writer)
                try writer.finish(keeping: !dryRun)
                return result
            }
        }
    }

}
