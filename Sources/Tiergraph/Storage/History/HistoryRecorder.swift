import CSQLite
import Foundation

/// Records one write transaction in the history table (schema version 6): started just after
/// `BEGIN`, finished just before `COMMIT` (see ``GraphStore/recordedWrite(dryRun:bulk:undoing:withoutUndo:_:)``).
///
/// Three ways to keep what is needed to undo, cheapest that is correct:
/// - a bulk write (an import) into a graph with no rows records no rows: undo empties the
///   graph again; only the small tables (kinds, the import log) get a changeset;
/// - any other write records a changeset of every table that holds the graph (derived tables,
///   such as the supply index, are left out: triggers empty them when what they derive from changes);
/// - a changeset that would outgrow ``GraphStore/historyLimit`` bytes stops being recorded
///   (see ``Session``): the write is logged without undo data, and the log says so.
final class HistoryRecorder {
    /// The tables whose changes a changeset records: every table of the graph and its import log.
    static let tables = ["edge_kinds", "sources", "nodes", "aliases", "edges", "node_citations", "edge_citations", "node_claims", "imports", "import_edges"]
    /// What undoing an import into an empty graph empties, children before parents.
    static let emptiedTables = ["edge_citations", "node_citations", "node_claims", "aliases", "import_edges", "edges", "nodes", "sources"]
    /// Which tables refer to which (foreign keys), to check after an undo has removed rows.
    static let children = [
        "nodes": ["aliases", "edges", "node_citations", "node_claims"], "sources": ["node_citations", "edge_citations", "node_claims"],
        "edges": ["edge_citations", "import_edges"], "edge_kinds": ["edges"], "imports": ["import_edges"],
    ]

    private let connection: Connection
    private let session: Session?
    private let undo: HistoryEntry.Undo
    private let note: String?
    private let limit: Int
    private let importsBefore: Int64
    private let changesBefore: Int64
    /// The rows of each table of ``emptiedTables`` before a write recorded without undo data.
    private let rowsBefore: [String: Int64]

    /// Starts recording on `connection`, inside its open transaction.
    /// - Parameter withoutUndo: record the write without undo data, for this reason.
    init(connection: Connection, bulk: Bool, inputBytes: Int?, limit: Int, withoutUndo: String?) throws {
        self.connection = connection
        self.limit = limit
        importsBefore = try connection.scalar("SELECT coalesce(max(iid), 0) FROM imports")?.int64 ?? 0
        changesBefore = sqlite3_total_changes64(connection.handle)
        let empty = try bulk && withoutUndo == nil && HistoryRecorder.emptiedTables.allSatisfy { table in
            try connection.scalar("SELECT NOT EXISTS (SELECT 1 FROM \(table))")?.int64 == 1
        }
        var withoutUndo = withoutUndo
        if bulk && !empty, let inputBytes, inputBytes > limit / 2 {
            withoutUndo = HistoryRecorder.tooLarge("it read \(HistoryRecorder.size(inputBytes)) into a graph that had rows; "
                + "an import of more than \(HistoryRecorder.size(limit / 2)) into one is not recorded for undo")
        }
        rowsBefore = withoutUndo == nil ? [:] : try HistoryRecorder.rows(on: connection)
        if let withoutUndo {
            (undo, note, session) = (.none, withoutUndo, nil)
        } else if empty {
            (undo, note) = (.empty, nil)
            session = try Session(connection: connection, tables: ["edge_kinds", "imports"], limit: limit)
        } else {
            (undo, note) = (.changeset, nil)
            session = try Session(connection: connection, tables: HistoryRecorder.tables, limit: limit)
        }
    }

    /// Adds the write to the history, unless it changed nothing.
    /// - Returns: the new entry's id, or `nil` if nothing was recorded.
    @discardableResult
    func finish(command: String, undoing: Int64?) throws -> Int64? {
        let changeset = try session?.changeset()
        var undo = self.undo, note = self.note
        if undo != .none && changeset == nil {
            undo = .none
            note = HistoryRecorder.tooLarge("its changes outgrew \(HistoryRecorder.size(limit))")
        }
        let changes = sqlite3_total_changes64(connection.handle) - changesBefore
        if undo == .changeset && changeset?.bytes.isEmpty == true && undoing == nil { return nil }
        if undo == .none && changes == 0 && undoing == nil { return nil }
        let counts = try self.counts(of: changeset, undo: undo, changes: changes)
        let files = try connection.scalar("""
            SELECT json_group_array(json_object('file', file, 'sha256', sha256, 'bytes', bytes))
            FROM (SELECT file, sha256, bytes FROM imports WHERE iid > ?1 ORDER BY iid)
            """, [.integer(importsBefore)])?.string ?? "[]"
        let at = ISO8601DateFormatter().string(from: Date())
        try connection.run("""
            INSERT INTO history(command, at, counts, files, undo, note, undoes, changeset) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """, [
                .text(command), .text(at), .text(counts.serialized()), .text(files), .text(undo.rawValue), note.map(SQLValue.text) ?? .null,
                undoing.map(SQLValue.integer) ?? .null, changeset.map { .blob($0.bytes) } ?? .null,
            ])
        return connection.lastInsertRowID
    }

    /// Rows per table and operation: from the changeset when there is one (and, for an import
    /// into an empty graph, the rows it left in each table); otherwise the rows changed.
    private func counts(of changeset: Changeset?, undo: HistoryEntry.Undo, changes: Int64) throws -> JSONValue {
        var tables: [String: JSONValue] = [:]
        let names: [Changeset.Change.Operation: String] = [.insert: "added", .update: "changed", .delete: "removed"]
        for (table, operations) in try changeset?.counts() ?? [:] {
            tables[table] = .object(Dictionary(uniqueKeysWithValues: operations.map { (names[$0.key]!, JSONValue.int(Int64($0.value))) }))
        }
        switch undo {
        case .changeset: break
        case .empty:
            for (table, count) in try HistoryRecorder.rows(on: connection) where count > 0 { tables[table] = ["added": .int(count)] }
        case .none where !rowsBefore.isEmpty:
            for (table, after) in try HistoryRecorder.rows(on: connection) {
                let before = rowsBefore[table] ?? 0
                if after != before { tables[table] = [after > before ? "added" : "removed": .int(abs(after - before))] }
            }
        case .none:
            tables["rows"] = ["written": .int(changes)]
        }
        return .object(tables)
    }

    /// The note of a write too large to record, saying why and what to do.
    private static func tooLarge(_ reason: String) -> String {
        "too large to keep undo data (\(reason)): to take it back, restore a copy of the file made before it"
    }

    /// `bytes` in MiB, or in bytes below one.
    private static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    /// The number of rows in each table of ``emptiedTables``.
    private static func rows(on connection: Connection) throws -> [String: Int64] {
        var rows: [String: Int64] = [:]
        for table in emptiedTables { rows[table] = try connection.scalar("SELECT count(*) FROM \(table)")?.int64 ?? 0 }
        return rows
    }
}
