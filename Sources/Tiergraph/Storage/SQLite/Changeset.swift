import CSQLite

/// What a write changed in some tables, in SQLite's changeset format (the session extension):
/// per row its primary key, and the old and new values of what changed. A changeset can be read
/// (``changes()``), inverted (``inverted()``) and applied (``apply(on:)``), which is how a
/// write is undone.
package struct Changeset: Sendable, Equatable {
    /// The changeset's bytes, as SQLite wrote them.
    package var bytes: [UInt8]

    /// A changed row.
    package struct Change: Sendable, Equatable {
        package enum Operation: String, Sendable { case insert, update, delete }
        /// The table's name.
        package var table: String
        package var operation: Operation
        /// The row's primary-key values, in the table's column order.
        package var key: [SQLValue]
        /// The row's columns as the change knows them: the new values of an insert, the old
        /// values of an update or delete (`nil` where an update leaves a column unchanged).
        package var values: [SQLValue?]
    }

    /// Why applying a changeset stopped (see ``apply(on:)``).
    package struct Conflict: Error, Sendable, Equatable {
        package enum Reason: String, Sendable {
            /// The row is there but no longer holds the values the change expects.
            case changed
            /// The row the change expects is gone.
            case missing
            /// A row with the key the change would insert exists.
            case exists
            /// A constraint (unique, check, not null) would fail.
            case constraint
        }
        package var reason: Reason
        /// The change that could not be applied.
        package var change: Change
    }

    /// Every change, in the changeset's order (table by table).
    package func changes() throws -> [Change] {
        var result: [Change] = []
        try forEachChange { result.append(Changeset.change(at: $0)) }
        return result
    }

    /// The number of inserts, updates and deletes per table.
    package func counts() throws -> [String: [Change.Operation: Int]] {
        var counts: [String: [Change.Operation: Int]] = [:]
        try forEachChange { iterator in
            let (table, operation) = Changeset.operation(at: iterator)
            counts[table, default: [:]][operation, default: 0] += 1
        }
        return counts
    }

    /// The changeset that undoes this one: inserts become deletes, deletes inserts, and updates
    /// swap their old and new values.
    package func inverted() throws -> Changeset {
        guard !bytes.isEmpty else { return self }
        var size: Int32 = 0
        var output: UnsafeMutableRawPointer?
        let rc = bytes.withUnsafeBytes { sqlite3changeset_invert(Int32($0.count), UnsafeMutableRawPointer(mutating: $0.baseAddress), &size, &output) }
        defer { sqlite3_free(output) }
        guard rc == SQLITE_OK, let output else { throw SQLiteError(code: rc, message: "cannot invert a recorded changeset", sql: nil) }
        return Changeset(bytes: Array(UnsafeRawBufferPointer(start: output, count: Int(size))))
    }

    /// Applies the changes to `connection`'s main database, inside the transaction open there.
    /// The first change that does not fit the database as it is (see ``Conflict``) stops it,
    /// and everything this call applied is rolled back.
    /// - Throws: ``Conflict`` naming that change, or ``SQLiteError``.
    package func apply(on connection: Connection) throws {
        guard !bytes.isEmpty else { return }
        final class Found { var conflict: Conflict? }
        let found = Found()
        let context = Unmanaged.passUnretained(found).toOpaque()
        let rc = bytes.withUnsafeBytes { buffer in
            sqlite3changeset_apply_v2(
                connection.handle, Int32(buffer.count), UnsafeMutableRawPointer(mutating: buffer.baseAddress), nil,
                { context, reason, iterator in
                    let found = Unmanaged<Found>.fromOpaque(context!).takeUnretainedValue()
                    let kinds: [Int32: Conflict.Reason] = [
                        SQLITE_CHANGESET_DATA: .changed, SQLITE_CHANGESET_NOTFOUND: .missing,
                        SQLITE_CHANGESET_CONFLICT: .exists, SQLITE_CHANGESET_CONSTRAINT: .constraint,
                    ]
                    if found.conflict == nil, let iterator, let kind = kinds[reason] {
                        found.conflict = Conflict(reason: kind, change: Changeset.change(at: iterator))
                    }
                    return SQLITE_CHANGESET_ABORT
                }, context, nil, nil, 0)
        }
        if let conflict = found.conflict { throw conflict }
        guard rc == SQLITE_OK else { throw connection.error(rc, sql: nil) }
    }

    private func forEachChange(_ body: (OpaquePointer) throws -> Void) throws {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { buffer in
            var iterator: OpaquePointer?
            var rc = sqlite3changeset_start(&iterator, Int32(buffer.count), UnsafeMutableRawPointer(mutating: buffer.baseAddress))
            guard rc == SQLITE_OK, let iterator else { throw SQLiteError(code: rc, message: "cannot read a recorded changeset", sql: nil) }
            defer { sqlite3changeset_finalize(iterator) }
            while true {
                rc = sqlite3changeset_next(iterator)
                guard rc == SQLITE_ROW else { break }
                try body(iterator)
            }
            guard rc == SQLITE_DONE else { throw SQLiteError(code: rc, message: "a recorded changeset is damaged", sql: nil) }
        }
    }

    private static func operation(at iterator: OpaquePointer) -> (String, Change.Operation) {
        var table: UnsafePointer<CChar>?
        var columns: Int32 = 0, code: Int32 = 0, indirect: Int32 = 0
        sqlite3changeset_op(iterator, &table, &columns, &code, &indirect)
        let operation: Change.Operation = code == SQLITE_INSERT ? .insert : code == SQLITE_DELETE ? .delete : .update
        return (table.map { String(cString: $0) } ?? "", operation)
    }

    private static func change(at iterator: OpaquePointer) -> Change {
        let (table, operation) = operation(at: iterator)
        var primaryKey: UnsafeMutablePointer<UInt8>?
        var count: Int32 = 0
        sqlite3changeset_pk(iterator, &primaryKey, &count)
        var values: [SQLValue?] = [], key: [SQLValue] = []
        for column in 0..<count {
            var value: OpaquePointer?
            if operation == .insert { sqlite3changeset_new(iterator, column, &value) } else { sqlite3changeset_old(iterator, column, &value) }
            let converted = value.map(SQLValue.init(sqlite:))
            values.append(converted)
            if primaryKey?[Int(column)] != 0 { key.append(converted ?? .null) }
        }
        return Change(table: table, operation: operation, key: key, values: values)
    }
}

extension SQLValue {
    /// The value of an `sqlite3_value`, as whichever storage class it holds.
    init(sqlite value: OpaquePointer) {
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: self = .integer(sqlite3_value_int64(value))
        case SQLITE_FLOAT: self = .real(sqlite3_value_double(value))
        case SQLITE_TEXT: self = .text(sqlite3_value_text(value).map { String(cString: $0) } ?? "")
        case SQLITE_BLOB:
            let length = Int(sqlite3_value_bytes(value))
            guard length > 0, let pointer = sqlite3_value_blob(value) else { self = .blob([]); return }
            self = .blob(Array(UnsafeRawBufferPointer(start: pointer, count: length)))
        default: self = .null
        }
    }
}
