import CSQLite

/// One connection to an SQLite database file: a thin, typed layer over SQLite's C API.
///
/// A connection is used from one thread at a time (it is not `Sendable`). Every value that
/// reaches SQL is bound as a parameter; SQL text is never assembled from user data.
package final class Connection {
    /// The raw `sqlite3*` handle.
    let handle: OpaquePointer
    /// The path the connection was opened with.
    package let path: String

    /// Opens (and, if `create` is true, creates) the database at `path`.
    package init(path: String, create: Bool = true, readOnly: Bool = false) throws {
        _ = Connection.configureLibrary
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        if readOnly {
            flags |= SQLITE_OPEN_READONLY
        } else {
            flags |= SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
        }
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: "cannot open '\(path)': \(message)", sql: nil)
        }
        sqlite3_extended_result_codes(db, 1)
        self.handle = db
        self.path = path
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Process-wide settings, applied once before the first connection opens.
    private static let configureLibrary: Void = {
        _ = tiergraph_sqlite_disable_memstatus()
    }()

    /// Runs one or more SQL statements that take no parameters and return no rows needed.
    package func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// Prepares a statement for repeated use.
    package func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// Runs `sql` once with `arguments` bound in order.
    package func run(_ sql: String, _ arguments: [SQLValue] = []) throws {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        try statement.run()
    }

    /// Runs a query and maps every row with `transform`.
    package func query<T>(_ sql: String, _ arguments: [SQLValue] = [], _ transform: (Row) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        var results: [T] = []
        while let row = try statement.step() {
            results.append(try transform(row))
        }
        return results
    }

    /// Runs a query and returns the first column of the first row, if there is one.
    package func scalar(_ sql: String, _ arguments: [SQLValue] = []) throws -> SQLValue? {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        return try statement.step()?.value(0)
    }

    /// What a transaction is for.
    package enum TransactionKind: Sendable {
        /// Writing: `BEGIN IMMEDIATE` takes the write lock at once, so a concurrent writer fails
        /// early (after the busy timeout) instead of half-way through.
        case write
        /// Reading: `BEGIN` (deferred), so every statement sees the same state of the file and
        /// SQLite takes its locks once rather than for each statement (in WAL mode each statement
        /// outside a transaction costs lock system calls and a check of the WAL index — 12 % of a
        /// large walk's time).
        case read
    }

    /// Runs `body` inside one transaction: kept if it returns, rolled back if it throws. This is
    /// the one place that begins, commits and rolls back; every write goes through it.
    ///
    /// Inside a transaction already open, a write runs in a savepoint instead (released if `body`
    /// returns, rolled back to if it throws, so a failure undoes only its own work), and a read
    /// simply runs in the open transaction.
    /// - Parameters:
    ///   - kind: ``TransactionKind/write`` (the default) or ``TransactionKind/read``.
    ///   - keep: `false` rolls back even when `body` returns (a dry run: validate and write,
    ///     leave the file as it was).
    package func transaction<T>(_ kind: TransactionKind = .write, keep: Bool = true, _ body: () throws -> T) throws -> T {
        let nested = sqlite3_get_autocommit(handle) == 0
        if nested && kind == .read { return try body() }
        let (begin, commit, rollback) = nested
            ? ("SAVEPOINT tiergraph", "RELEASE tiergraph", "ROLLBACK TO tiergraph; RELEASE tiergraph")
            : (kind == .write ? "BEGIN IMMEDIATE" : "BEGIN", "COMMIT", "ROLLBACK")
        try execute(begin)
        do {
            let result = try body()
            try execute(keep ? commit : rollback)
            return result
        } catch {
            try? execute(rollback)
            throw error
        }
    }

    /// ``transaction(_:keep:_:)`` for reading: one read transaction, or the one already open.
    package func reading<T>(_ body: () throws -> T) throws -> T {
        try transaction(.read, body)
    }

    /// The rowid of the last inserted row.
    package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// How many rows the last INSERT, UPDATE or DELETE changed.
    package var changes: Int { Int(sqlite3_changes(handle)) }

    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: lastErrorMessage, sql: sql)
    }
}
