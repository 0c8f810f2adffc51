import Foundation

/// One table (or whole-graph file) read by an import, as the import log keeps it.
public struct ImportRecord: Equatable, Sendable {
    /// The log's key for this import, increasing.
    public var id: Int64
    /// The file as it was given.
    public var file: String
    /// The file's absolute path: what `--replace` matches.
    public var path: String
    /// The SHA-256 of the file's content, in hex (as `sha256sum` prints it).
    public var sha256: String
    /// The file's size in bytes.
    public var bytes: Int
    /// How the file was read: its table's mapping, in the form of a mapping file's table.
    public var mapping: JSONValue
    /// Rows written (``ImportReport``'s counts).
    public var nodes: Int, edges: Int, sources: Int, kinds: Int
    /// Rows merged into a node given before in the same import.
    public var merged: Int
    /// Bad rows skipped, and rows that row filters left out.
    public var skipped: Int, filtered: Int
    /// Edges of earlier imports of the same file that this one replaced.
    public var replaced: Int
    /// When, in UTC (`2026-12-01T15:04:05Z`).
    public var importedAt: String

    /// `{"id","file","path","sha256","bytes","mapping","nodes","edges","sources","kinds","merged","skipped","filtered","replaced","imported_at"}`.
    public var json: JSONValue {
        [
            "id": .int(id), "file": .string(file), "path": .string(path), "sha256": .string(sha256), "bytes": .int(Int64(bytes)),
            "mapping": mapping, "nodes": .int(Int64(nodes)), "edges": .int(Int64(edges)), "sources": .int(Int64(sources)),
            "kinds": .int(Int64(kinds)), "merged": .int(Int64(merged)), "skipped": .int(Int64(skipped)), "filtered": .int(Int64(filtered)),
            "replaced": .int(Int64(replaced)), "imported_at": .string(importedAt),
        ]
    }
}

extension GraphStore {
    /// The import log, oldest first.
    public func imports() throws -> [ImportRecord] {
        try connection.query("""
            SELECT iid, file, path, sha256, bytes, mapping, nodes, edges, sources, kinds, merged, skipped, filtered, replaced, imported_at
            FROM imports ORDER BY iid
            """) { row in
            ImportRecord(
                id: row.int64(0), file: row.string(1) ?? "", path: row.string(2) ?? "", sha256: row.string(3) ?? "",
                bytes: Int(row.int64(4)), mapping: (try? JSONReader.parse(row.string(5) ?? "{}")) ?? [:],
                nodes: Int(row.int64(6)), edges: Int(row.int64(7)), sources: Int(row.int64(8)), kinds: Int(row.int64(9)),
                merged: Int(row.int64(10)), skipped: Int(row.int64(11)), filtered: Int(row.int64(12)), replaced: Int(row.int64(13)),
                importedAt: row.string(14) ?? "")
        }
    }

    /// The absolute path that the log keeps for `file` (relative paths are taken from the
    /// working folder; `.` and `..` resolved).
    static func logPath(_ file: String) -> String {
        URL(fileURLWithPath: file).standardizedFileURL.path
    }

    /// Removes the edges that earlier imports of the file at `path` (see ``logPath(_:)``)
    /// wrote, except those that an import of another file also wrote, with their citations;
    /// the earlier imports stay in the log, without their edges.
    /// - Returns: how many edges were removed.
    func removeEdges(importedFrom path: String) throws -> Int {
        let earlier = "SELECT iid FROM imports WHERE path = ?1"
        try connection.execute("CREATE TEMP TABLE replaced_edges(eid INTEGER PRIMARY KEY)")
        defer { try? connection.execute("DROP TABLE temp.replaced_edges") }
        try connection.run("""
            INSERT OR IGNORE INTO replaced_edges
            SELECT mine.edge FROM import_edges AS mine WHERE mine.import IN (\(earlier))
                AND NOT EXISTS (SELECT 1 FROM import_edges AS other JOIN imports ON imports.iid = other.import
                                WHERE other.edge = mine.edge AND imports.path <> ?1)
            """, [.text(path)])
        let count = Int(try connection.scalar("SELECT count(*) FROM replaced_edges")?.int64 ?? 0)
        // Foreign keys are off during an import (see write(dryRun:bulk:inputBytes:_:)): dependants go by hand.
        try connection.execute("""
            DELETE FROM edge_citations WHERE edge IN (SELECT eid FROM replaced_edges);
            DELETE FROM import_edges WHERE edge IN (SELECT eid FROM replaced_edges);
            DELETE FROM edges WHERE eid IN (SELECT eid FROM replaced_edges);
            """)
        try connection.run("DELETE FROM import_edges WHERE import IN (\(earlier))", [.text(path)])
        return count
    }

    /// Adds `record` (its `id` ignored) to the log, with the row ids of the edges it wrote.
    func log(_ record: ImportRecord, edges: [Int64]) throws {
        try connection.run("""
            INSERT INTO imports(file, path, sha256, bytes, mapping, nodes, edges, sources, kinds, merged, skipped, filtered, replaced, imported_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
            """, [
                .text(record.file), .text(record.path), .text(record.sha256), .integer(Int64(record.bytes)),
                .text(record.mapping.serialized()), .integer(Int64(record.nodes)), .integer(Int64(record.edges)),
                .integer(Int64(record.sources)), .integer(Int64(record.kinds)), .integer(Int64(record.merged)), .integer(Int64(record.skipped)),
                .integer(Int64(record.filtered)), .integer(Int64(record.replaced)), .text(record.importedAt),
            ])
        let iid = connection.lastInsertRowID
        // One statement per run of consecutive row ids (a fresh import's edges are one run), so
        // that SQLite's own loop writes the rows, not a statement per edge.
        let insert = try connection.prepare(
            "INSERT OR IGNORE INTO import_edges(import, edge) SELECT ?1, eid FROM edges WHERE eid BETWEEN ?2 AND ?3")
        for run in GraphStore.runs(of: edges) {
            try insert.bind([.integer(iid), .integer(run.lowerBound), .integer(run.upperBound)])
            try insert.run()
        }
    }

    /// `ids` as runs of consecutive values, in order: `[3, 1, 2, 7]` → `[1...3, 7...7]`.
    /// - Complexity: O(n log n) for n ids.
    static func runs(of ids: [Int64]) -> [ClosedRange<Int64>] {
        var runs: [ClosedRange<Int64>] = []
        for id in ids.sorted() {
            if let last = runs.last, id <= last.upperBound + 1 {
                if id > last.upperBound { runs[runs.count - 1] = last.lowerBound...id }
            } else {
                runs.append(id...id)
            }
        }
        return runs
    }
}
