import CSQLite

/// A value that SQLite stores: the five storage classes.
package enum SQLValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// Integers as the text of a JSON array, for statements that take many keys in one
    /// parameter through `json_each`.
    static func jsonArray(_ keys: [Int64]) -> SQLValue {
        .text("[" + keys.map(String.init).joined(separator: ",") + "]")
    }

    /// The value as an integer, if it is one.
    package var int64: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The value as a double (integers widen), if it is numeric.
    package var double: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .real(let value): return value
        default: return nil
        }
    }

    /// The value as text, if it is text.
    package var string: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

extension Optional where Wrapped == String {
    /// The optional text as an SQL value: `nil` binds NULL.
    var sqlValue: SQLValue { map(SQLValue.text) ?? .null }
}

extension Optional where Wrapped == Double {
    /// The optional number as an SQL value: `nil` binds NULL.
    var sqlValue: SQLValue { map(SQLValue.real) ?? .null }
}

/// A prepared statement. Bind values, step through rows, reset, and repeat.
///
/// Reusing one prepared statement in a loop inside a transaction is the fast path for bulk
/// writes; `bind(_:at:)` avoids building arrays of values for each row.
package final class Statement {
    let handle: OpaquePointer
    unowned let connection: Connection
    /// The SQL this statement was prepared from.
    package let sql: String

    init(connection: Connection, sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw connection.error(rc, sql: sql)
        }
        self.handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// The number of columns in a row of this statement.
    package var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The name of column `index` (its `AS` name, if it has one).
    package func columnName(_ index: Int32) -> String {
        sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
    }

    /// Resets the statement and binds `values` to parameters 1…n.
    package func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds one value to the 1-based parameter `index`.
    package func bind(_ value: SQLValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null:
            rc = sqlite3_bind_null(handle, index)
        case .integer(let int):
            rc = sqlite3_bind_int64(handle, index, int)
        case .real(let double):
            rc = sqlite3_bind_double(handle, index, double)
        case .text(let text):
            rc = bindText(text, at: index)
        case .blob(let bytes):
            rc = bytes.withUnsafeBytes {
                sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), tiergraph_sqlite_transient())
            }
        }
        if rc != SQLITE_OK { throw connection.error(rc, sql: sql) }
    }

    private func bindText(_ text: String, at index: Int32) -> Int32 {
        sqlite3_bind_text(handle, index, text, Int32(text.utf8.count), tiergraph_sqlite_transient())
    }

    /// Resets the statement so that it can be bound and run again.
    package func reset() {
        sqlite3_reset(handle)
    }

    /// Runs the statement to completion, ignoring any rows, and resets it for the next binding.
    package func run() throws {
        while try step() != nil {}
        sqlite3_reset(handle)
    }

    /// Advances to the next row; `nil` when the statement is done.
    package func step() throws -> Row? {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW:
            return Row(statement: handle)
        case SQLITE_DONE:
            return nil
        default:
            let error = connection.error(rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }
}

/// The current row of a statement. Valid only until the statement steps again.
package struct Row {
    let statement: OpaquePointer

    /// The number of columns.
    package var count: Int { Int(sqlite3_column_count(statement)) }

    /// Whether column `index` (0-based) is NULL.
    package func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(statement, index) == SQLITE_NULL
    }

    /// Column `index` as an integer (NULL reads as 0).
    package func int64(_ index: Int32) -> Int64 {
        sqlite3_column_int64(statement, index)
    }

    /// Column `index` as a double (NULL reads as 0).
    package func double(_ index: Int32) -> Double {
        sqlite3_column_double(statement, index)
    }

    /// Column `index` as text, or `nil` when NULL.
    package func string(_ index: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, index) else { return nil }
        let length = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// Calls `body` with column `index`'s text as UTF-8 bytes (empty when NULL), without making
    /// a `String`: for hot loops that only compare the text. The bytes are valid inside `body` only.
    package func withUTF8<R>(_ index: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let pointer = sqlite3_column_text(statement, index)
        return try body(UnsafeBufferPointer(start: pointer, count: pointer == nil ? 0 : Int(sqlite3_column_bytes(statement, index))))
    }

    /// Calls `body` with column `index`'s bytes as a blob (empty when NULL), without copying
    /// them. The bytes are valid inside `body` only.
    package func withBlob<R>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let pointer = sqlite3_column_blob(statement, index)
        return try body(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : Int(sqlite3_column_bytes(statement, index))))
    }

    /// Column `index` as a double, or `nil` when NULL.
    package func optionalDouble(_ index: Int32) -> Double? {
        isNull(index) ? nil : double(index)
    }

    /// Column `index` as whichever storage class it holds.
    package func value(_ index: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(int64(index))
        case SQLITE_FLOAT: return .real(double(index))
        case SQLITE_TEXT: return .text(string(index) ?? "")
        case SQLITE_BLOB:
            let length = Int(sqlite3_column_bytes(statement, index))
            guard length > 0, let pointer = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: length)))
        default: return .null
        }
    }
}
