import CSQLite

/// An error reported by SQLite, with the statement that failed.
///
/// `code` is SQLite's extended result code (for example `SQLITE_CONSTRAINT_UNIQUE`),
/// `message` is SQLite's own explanation, and `sql` is the statement that was running.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// SQLite's extended result code.
    public let code: Int32
    /// SQLite's message (`sqlite3_errmsg`).
    public let message: String
    /// The SQL that was being prepared or run, if any.
    public let sql: String?

    /// Whether SQLite found the file damaged (`SQLITE_CORRUPT` or `SQLITE_NOTADB`, any extended code).
    public var isCorruption: Bool { code & 0xFF == SQLITE_CORRUPT || code & 0xFF == SQLITE_NOTADB }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " (while running: \(sql))" }
        return text
    }
}
