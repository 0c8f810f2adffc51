/// The SQLite settings (PRAGMAs) Tiergraph runs a connection with, named once.
///
/// The fixed ones are set when a store opens (``Connection/configure(writable:)``); the ones
/// that change for a while — foreign keys, cache, sorter threads — form a profile that
/// ``Connection/with(_:_:)`` applies around a piece of work and then puts back to ``standard``.
package struct ConnectionSettings: Equatable, Sendable {
    /// Whether SQLite enforces foreign keys (a PRAGMA that has no effect inside a transaction).
    package var foreignKeys: Bool
    /// The page cache, in KiB.
    package var cacheKiB: Int
    /// Helper threads SQLite may use for large sorts (index builds).
    package var sortThreads: Int

    /// How every connection runs: foreign keys enforced, a 64 MiB cache, no helper threads.
    package static let standard = ConnectionSettings(foreignKeys: true, cacheKiB: 64 << 10, sortThreads: 0)
    /// A bulk load (an import): foreign keys off (every row refers to keys the writer has just
    /// read or written, and SQLite's per-row parent look-ups would double the cost of an edge;
    /// `check` verifies them), a 256 MiB cache and two sorter threads for the index builds.
    package static let bulkLoad = ConnectionSettings(foreignKeys: false, cacheKiB: 256 << 10, sortThreads: 2)
    /// Replaying a changeset (undo, a diff's past graph): foreign keys off, so that removing a
    /// row does not cascade to rows the changeset removes itself; the caller checks references after.
    package static let replay = ConnectionSettings(foreignKeys: false, cacheKiB: standard.cacheKiB, sortThreads: 0)

    /// How long a connection waits for another process's lock before failing, in milliseconds.
    package static let busyTimeoutMilliseconds = 10_000
    /// The memory map's size: reads through a map instead of a pread system call per page (a cold
    /// walk over a large file spent a quarter of its time in the kernel). SQLite caps it (2 GiB here).
    package static let memoryMapBytes = 2_147_418_112
    /// The journal mode of a writable file: WAL lets readers read while one writer writes.
    package static let journalMode = "wal"
    /// How often a writable file syncs: NORMAL is durable at every checkpoint in WAL mode, and a
    /// crash loses at most the last transactions, never the file's consistency.
    package static let synchronous = "NORMAL"

    /// The PRAGMAs that set this profile.
    package var pragmas: String {
        "PRAGMA foreign_keys = \(foreignKeys ? "ON" : "OFF"); PRAGMA cache_size = -\(cacheKiB); PRAGMA threads = \(sortThreads)"
    }
}

extension Connection {
    /// Sets the busy timeout (``ConnectionSettings/busyTimeoutMilliseconds``): the first thing
    /// done on a new connection, before anything reads the file.
    package func setBusyTimeout() throws {
        try execute("PRAGMA busy_timeout = \(ConnectionSettings.busyTimeoutMilliseconds)")
    }

    /// Applies ``ConnectionSettings/standard`` and the memory map; on a `writable` file also the
    /// synchronous level and WAL journal mode (switched only when it is not WAL already, since the
    /// switch is a write).
    package func configure(writable: Bool) throws {
        try execute(ConnectionSettings.standard.pragmas + "; PRAGMA mmap_size = \(ConnectionSettings.memoryMapBytes)")
        guard writable else { return }
        try execute("PRAGMA synchronous = \(ConnectionSettings.synchronous)")
        if try scalar("PRAGMA journal_mode")?.string != ConnectionSettings.journalMode {
            try execute("PRAGMA journal_mode = \(ConnectionSettings.journalMode)")
        }
    }

    /// Runs `body` under `settings`, then puts ``ConnectionSettings/standard`` back (also when
    /// `body` throws). Call it outside a transaction: SQLite ignores a change of foreign keys inside one.
    package func with<T>(_ settings: ConnectionSettings, _ body: () throws -> T) throws -> T {
        try execute(settings.pragmas)
        defer { try? execute(ConnectionSettings.standard.pragmas) }
        return try body()
    }
}
