/// One problem found by ``GraphStore/check()``.
public struct Problem: Equatable, Sendable, CustomStringConvertible {
    /// A short, stable code: `integrity`, `foreign_key`, `dangling_edge`, `unknown_kind`,
    /// `dangling_citation`, `bad_share`, `bad_period`, `supply_index`.
    public let code: String
    /// What is wrong, naming the rows at fault.
    public let message: String

    public var description: String { "\(code): \(message)" }
}

extension GraphStore {
    /// Checks the file (SQLite's integrity and foreign-key checks) and the graph (edges whose
    /// endpoints, kinds or sources are missing, shares outside 0…1, periods that end before they
    /// start), and that the supply index, if there is one, holds what the edges say (it is
    /// rebuilt in memory and compared: O(nodes + edges)).
    ///
    /// Such problems cannot arise through Tiergraph, but can when the file is edited by other
    /// tools with foreign keys or triggers off. An empty result means the graph is sound.
    public func check() throws -> [Problem] {
        var problems: [Problem] = []
        for message in try connection.query("PRAGMA integrity_check", [], { $0.string(0) ?? "" }) where message != "ok" {
            problems.append(Problem(code: "integrity", message: message))
        }
        problems += try connection.query("PRAGMA foreign_key_check") { row in
            Problem(code: "foreign_key", message: "row \(row.int64(1)) of table \(row.string(0) ?? "?") refers to a missing row of \(row.string(2) ?? "?")")
        }
        let checks: [(code: String, sql: String)] = [
            ("dangling_edge", """
                SELECT 'edge ' || e.id || ' has no ' || CASE WHEN s.nid IS NULL THEN 'source' ELSE 'target' END || ' node'
                FROM edges e LEFT JOIN nodes s ON s.nid = e.source LEFT JOIN nodes t ON t.nid = e.target
                WHERE s.nid IS NULL OR t.nid IS NULL ORDER BY e.id
                """),
            ("unknown_kind", """
                SELECT 'edge ' || e.id || ' has kind ''' || e.kind || ''', which has no flow defined'
                FROM edges e LEFT JOIN edge_kinds k ON k.name = e.kind WHERE k.name IS NULL ORDER BY e.id
                """),
            ("dangling_citation", """
                SELECT 'a citation of edge ' || coalesce(e.id, c.edge) || ' refers to missing source ' || c.source
                FROM edge_citations c LEFT JOIN sources s ON s.sid = c.source LEFT JOIN edges e ON e.eid = c.edge
                WHERE s.sid IS NULL OR e.eid IS NULL
                UNION ALL
                SELECT 'a citation of node ' || coalesce(n.id, c.node) || ' refers to missing source ' || c.source
                FROM node_citations c LEFT JOIN sources s ON s.sid = c.source LEFT JOIN nodes n ON n.nid = c.node
                WHERE s.sid IS NULL OR n.nid IS NULL
                """),
            ("bad_share", """
                SELECT 'edge ' || id || ' has share ' || share_low || '…' || coalesce(share_high, '?') FROM edges
                WHERE share_low < 0 OR share_high > 1 OR share_high < share_low OR (share_low IS NULL) <> (share_high IS NULL)
                ORDER BY id
                """),
            ("bad_period", """
                SELECT 'edge ' || id || ' is valid from ' || valid_from || ' to ' || valid_to || ', which ends before it starts'
                FROM edges WHERE valid_from IS NOT NULL AND valid_to IS NOT NULL AND valid_to < substr(valid_from, 1, length(valid_to))
                ORDER BY id
                """),
        ]
        for check in checks {
            problems += try connection.query(check.sql) { Problem(code: check.code, message: $0.string(0) ?? "") }
        }
        if try hasSupplyIndex() {
            let stored = try connection.query("SELECT slot, data FROM supply_index ORDER BY slot") { row in
                (slot: row.int64(0), data: row.withBlob(1) { Array($0.bindMemory(to: UInt8.self)) })
            }
            if !stored.elementsEqual(try SupplyIndex.rows(on: connection), by: { $0.slot == $1.slot && $0.data == $1.data }) {
                problems.append(Problem(
                    code: "supply_index",
                    message: "the supply index does not match the edges (changed with its triggers off?); run `tiergraph reindex`"))
            }
        }
        return problems
    }
}
