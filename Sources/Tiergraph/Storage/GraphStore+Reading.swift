import Foundation

extension GraphStore {
    /// The node with exactly this id, with its aliases and citations.
    public func node(id: String) throws -> Node? {
        let rows = try connection.query(
            "SELECT nid, id, kind, name, country, properties FROM nodes WHERE id = ?", [.text(id)], NodeRow.init)
        guard let row = rows.first else { return nil }
        return try node(from: row)
    }

    /// The node that `reference` names: an id, or a name or alias compared case-insensitively.
    /// - Throws: ``GraphStoreError/nodeNotFound(reference:suggestions:)`` (with close matches) or
    ///   ``GraphStoreError/ambiguousNode(reference:candidates:)`` listing the candidates' ids.
    public func resolveNode(_ reference: String) throws -> Node {
        let lookup = try NodeLookup(connection: connection)
        let (_, id) = try lookup.resolve(reference, suggest: { try find($0, limit: 5).map(\.id) })
        guard let node = try node(id: id) else { throw GraphStoreError.nodeNotFound(reference: reference, suggestions: []) }
        return node
    }

    /// Nodes ordered by id, optionally of one kind, without citations.
    public func nodes(kind: String? = nil, limit: Int? = nil) throws -> [Node] {
        var sql = "SELECT nid, id, kind, name, country, properties FROM nodes"
        var arguments: [SQLValue] = []
        if let kind {
            sql += " WHERE kind = ?"
            arguments.append(.text(EdgeKind.normalize(kind)))
        }
        sql += " ORDER BY id LIMIT ?"
        arguments.append(.integer(Int64(limit ?? -1)))
        let aliases = try connection.prepare("SELECT alias FROM aliases WHERE node = ? ORDER BY alias")
        return try connection.query(sql, arguments, NodeRow.init).map { row in
            try aliases.bind([.integer(row.nid)])
            var names: [String] = []
            while let alias = try aliases.step() { names.append(alias.string(0) ?? "") }
            return Node(
                id: row.id, kind: row.kind, name: row.name, aliases: names, country: row.country,
                properties: try GraphStore.decodeProperties(row.properties))
        }
    }

    /// Nodes whose id, name or alias contains `text` (case-insensitively), best matches first:
    /// exact id, exact name or alias, then prefix, then anywhere; ties by id.
    public func find(_ text: String, limit: Int = 50) throws -> [Node] {
        let key = SearchKey.fold(text)
        guard !key.isEmpty else { return [] }
        let pattern = SearchKey.containsPattern(text)
        let prefix = String(pattern.dropFirst())
        let ids = try connection.query(
            """
            SELECT n.id, min(CASE
                WHEN n.id = ?1 THEN 0
                WHEN n.name_key = ?2 OR a.alias_key = ?2 THEN 1
                WHEN n.name_key LIKE ?4 ESCAPE '\\' OR a.alias_key LIKE ?4 ESCAPE '\\' OR lower(n.id) LIKE ?4 ESCAPE '\\' THEN 2
                ELSE 3 END) AS rank
            FROM nodes n LEFT JOIN aliases a ON a.node = n.nid
            WHERE n.id = ?1 OR lower(n.id) LIKE ?3 ESCAPE '\\' OR n.name_key LIKE ?3 ESCAPE '\\' OR a.alias_key LIKE ?3 ESCAPE '\\'
            GROUP BY n.nid ORDER BY rank, n.id LIMIT ?5
            """,
            [.text(text), .text(key), .text(pattern), .text(prefix), .integer(Int64(limit))]
        ) { $0.string(0) ?? "" }
        return try ids.compactMap { try node(id: $0) }
    }

    /// The edges out of and into the node with id `nodeID`, each ordered by kind, other end and id.
    public func edges(of nodeID: String) throws -> (outgoing: [Edge], incoming: [Edge]) {
        let outgoing = try edges(where: "e.source = (SELECT nid FROM nodes WHERE id = ?1)", [.text(nodeID)],
                                 orderBy: "e.kind, t.id, e.id")
        let incoming = try edges(where: "e.target = (SELECT nid FROM nodes WHERE id = ?1)", [.text(nodeID)],
                                 orderBy: "e.kind, s.id, e.id")
        return (outgoing, incoming)
    }

    /// The edge with this id, with its citations.
    public func edge(id: String) throws -> Edge? {
        try edges(where: "e.id = ?1", [.text(id)], orderBy: "e.id").first
    }

    /// The source with this id.
    public func source(id: String) throws -> Source? {
        try sources(where: "WHERE id = ?", [.text(id)]).first
    }

    /// Every source, by id.
    public func allSources() throws -> [Source] {
        try sources(where: "", [])
    }

    /// The sources that `condition` (a `WHERE` clause of this file's, or empty) admits, by id.
    private func sources(where condition: String, _ arguments: [SQLValue]) throws -> [Source] {
        try connection.query("SELECT id, title, publisher, date, url FROM sources \(condition) ORDER BY id", arguments) { row in
            Source(id: row.string(0) ?? "", title: row.string(1), publisher: row.string(2),
                   date: try row.string(3).map { text throws(ValueError) in try PartialDate(parsing: text) },
                   url: row.string(4))
        }
    }

    /// Every edge kind, built-in ones first, then by name.
    public func edgeKinds() throws -> [EdgeKind] {
        try connection.query("SELECT name, flow, description, builtin FROM edge_kinds ORDER BY builtin DESC, name") { row in
            EdgeKind(name: row.string(0) ?? "", flow: Flow(rawValue: row.string(1) ?? "") ?? .none,
                     description: row.string(2) ?? "", builtIn: row.int64(3) != 0)
        }
    }

    /// The edges meeting `condition` (on `e`, its source `s` and target `t`), at most `limit`.
    func edges(where condition: String, _ arguments: [SQLValue], orderBy: String, limit: Int? = nil) throws -> [Edge] {
        let citations = try connection.prepare("""
            SELECT s.id, c.quote FROM edge_citations c JOIN sources s ON s.sid = c.source WHERE c.edge = ? ORDER BY s.id
            """)
        return try connection.query(
            """
            SELECT e.eid, e.id, s.id, t.id, e.kind, e.valid_from, e.valid_to, e.properties, e.input,
                   \(EdgeClaimColumns.select)
            FROM edges e JOIN nodes s ON s.nid = e.source JOIN nodes t ON t.nid = e.target
            WHERE \(condition) ORDER BY \(orderBy) LIMIT \(limit ?? -1)
            """, arguments
        ) { row in
            try citations.bind([.integer(row.int64(0))])
            var cited: [Citation] = []
            while let citation = try citations.step() {
                cited.append(Citation(source: citation.string(0) ?? "", quote: citation.string(1)))
            }
            var edge = Edge(
                id: row.string(1), source: row.string(2) ?? "", target: row.string(3) ?? "", kind: row.string(4) ?? "",
                input: row.string(8), period: try Period(parsingFrom: row.string(5), to: row.string(6)),
                properties: try GraphStore.decodeProperties(row.string(7)), citations: cited)
            try EdgeClaimColumns.read(row, at: 9, into: &edge)
            return edge
        }
    }

    private func node(from row: NodeRow) throws -> Node {
        let aliases = try connection.query("SELECT alias FROM aliases WHERE node = ? ORDER BY alias", [.integer(row.nid)]) {
            $0.string(0) ?? ""
        }
        let citations = try connection.query(
            "SELECT s.id, c.quote FROM node_citations c JOIN sources s ON s.sid = c.source WHERE c.node = ? ORDER BY s.id",
            [.integer(row.nid)]
        ) { Citation(source: $0.string(0) ?? "", quote: $0.string(1)) }
        let claims = try connection.scalar("SELECT " + GraphStore.claimsColumn("?1"), [.integer(row.nid)])?.string
        return Node(
            id: row.id, kind: row.kind, name: row.name, aliases: aliases, country: row.country,
            properties: try GraphStore.decodeProperties(row.properties), citations: citations, claims: try GraphStore.claims(claims))
    }

    static func decodeProperties(_ text: String?) throws -> [String: JSONValue] {
        guard let text, !text.isEmpty else { return [:] }
        return try JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))
    }
}

/// The columns of a `nodes` row as read by the queries above.
struct NodeRow {
    let nid: Int64
    let id: String
    let kind: String
    let name: String
    let country: String?
    let properties: String?

    init(_ row: Row) {
        nid = row.int64(0)
        id = row.string(1) ?? ""
        kind = row.string(2) ?? ""
        name = row.string(3) ?? ""
        country = row.string(4)
        properties = row.string(5)
    }
}
