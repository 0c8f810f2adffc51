import Foundation

extension GraphStore {
    /// Calls `body` with every node that passes `filter`'s node kinds and avoid list, with its aliases,
    /// properties and citations, one row at a time (memory does not grow with the graph).
    ///
    /// - Parameters:
    ///   - groupedBy: `"kind"` or `"country"` to order by that column first (for diagrams boxed
    ///     by it); otherwise nodes come in id order.
    ///   - ids: only the nodes with these ids (`nil`: every node), read in one statement.
    public func forEachNode(
        filter: QueryFilter = QueryFilter(), groupedBy: String? = nil, ids: [String]? = nil, _ body: (Node) throws -> Void
    ) throws {
        let order = groupedBy == "kind" ? "n.kind, " : groupedBy == "country" ? "coalesce(n.country, ''), " : ""
        let statement = try connection.prepare("""
            SELECT n.id, n.kind, n.name, n.country, n.properties,
                (SELECT json_group_array(alias) FROM (SELECT alias FROM aliases WHERE node = n.nid ORDER BY alias)),
                (SELECT json_group_array(json_object('source', id, 'quote', quote)) FROM
                    (SELECT s.id AS id, c.quote AS quote FROM node_citations c JOIN sources s ON s.sid = c.source
                     WHERE c.node = n.nid ORDER BY s.id)), \(GraphStore.claimsColumn("n.nid"))
            FROM nodes n \(GraphStore.onlyIDs("n.id", ids)) ORDER BY \(order)n.id
            """)
        if let ids { try statement.bind([.text(GraphStore.jsonArray(ids))]) }
        while let row = try statement.step() {
            let kind = row.string(1) ?? ""
            if let kinds = filter.nodeKinds, !kinds.contains(kind) { continue }
            if filter.avoid.contains(row.string(0) ?? "") { continue }
            try body(Node(
                id: row.string(0) ?? "", kind: kind, name: row.string(2), aliases: try GraphStore.strings(row.string(5)),
                country: row.string(3), properties: try GraphStore.decodeProperties(row.string(4)),
                citations: try GraphStore.citations(row.string(6)), claims: try GraphStore.claims(row.string(7))))
        }
    }

    /// Calls `body` with every edge that passes `filter` (edge kinds, as-of date, source, and
    /// node kinds and avoid list at both ends), in id order, one row at a time; with `ids`, only
    /// the edges with these ids, read in one statement. With `storedOrder`, in the order they
    /// were stored: the order that breaks ties between parallel edges, which exports keep so that
    /// a file restored from them answers alike.
    public func forEachEdge(
        filter: QueryFilter = QueryFilter(), ids: [String]? = nil, storedOrder: Bool = false, _ body: (Edge) throws -> Void
    ) throws {
        let statement = try connection.prepare("""
            SELECT e.id, s.id, t.id, e.kind, e.valid_from, e.valid_to, e.properties, s.kind, t.kind,
                (SELECT json_group_array(json_object('source', id, 'quote', quote)) FROM
                    (SELECT so.id AS id, c.quote AS quote FROM edge_citations c JOIN sources so ON so.sid = c.source
                     WHERE c.edge = e.eid ORDER BY so.id)), e.input, \(EdgeClaimColumns.select)
            FROM edges e JOIN nodes s ON s.nid = e.source JOIN nodes t ON t.nid = e.target \(GraphStore.onlyIDs("e.id", ids))
            ORDER BY \(storedOrder ? "e.eid" : "e.id")
            """)
        if let ids { try statement.bind([.text(GraphStore.jsonArray(ids))]) }
        while let row = try statement.step() {
            let kind = row.string(3) ?? ""
            if let kinds = filter.edgeKinds, !kinds.contains(kind) { continue }
            if let kinds = filter.nodeKinds, !(kinds.contains(row.string(7) ?? "") && kinds.contains(row.string(8) ?? "")) { continue }
            if filter.avoid.contains(row.string(1) ?? "") || filter.avoid.contains(row.string(2) ?? "") { continue }
            if filter.asOf != nil, try !filter.admits(validFrom: row.string(4), validTo: row.string(5), asOf: row.string(18)) { continue }
            let period = try Period(parsingFrom: row.string(4), to: row.string(5))
            let citations = try GraphStore.citations(row.string(9))
            if let source = filter.source, !citations.contains(where: { $0.source == source }) { continue }
            var edge = Edge(
                id: row.string(0), source: row.string(1) ?? "", target: row.string(2) ?? "", kind: kind, input: row.string(10),
                period: period, properties: try GraphStore.decodeProperties(row.string(6)), citations: citations)
            try EdgeClaimColumns.read(row, at: 11, into: &edge)
            try body(edge)
        }
    }

    /// A condition keeping the rows whose `column` is in the JSON array bound to `?1` (the ids
    /// travel as one bound parameter; each is found through the column's unique index).
    private static func onlyIDs(_ column: String, _ ids: [String]?) -> String {
        ids == nil ? "" : "WHERE \(column) IN (SELECT value FROM json_each(?1))"
    }

    private static func jsonArray(_ ids: [String]) -> String {
        JSONValue.array(ids.map { .string($0) }).serialized()
    }

    /// A column with the claims of the node whose key is `node`, as a JSON array (or NULL).
    static func claimsColumn(_ node: String) -> String {
        """
        (SELECT json_group_array(json_object('key', key, 'value', value, 'unit', unit, 'as_of', as_of, 'claimant', claimant,
            'modality', modality, 'source', source_id, 'quote', quote)) FROM
            (SELECT k.*, s.id AS source_id FROM node_claims k LEFT JOIN sources s ON s.sid = k.source WHERE k.node = \(node)))
        """
    }

    /// The claims of a ``claimsColumn(_:)``.
    static func claims(_ json: String?) throws -> [PropertyClaim] {
        guard let json, json != "[]" else { return [] }
        return try PropertyClaim.list(try JSONReader.parse(json))
    }

    static func strings(_ json: String?) throws -> [String] {
        guard let json, json != "[]" else { return [] }
        return try JSONDecoder().decode([String].self, from: Data(json.utf8))
    }

    static func citations(_ json: String?) throws -> [Citation] {
        guard let json, json != "[]" else { return [] }
        return try JSONDecoder().decode([JSONValue].self, from: Data(json.utf8)).compactMap { value in
            guard case .object(let object) = value, case .string(let source)? = object["source"] else { return nil }
            if case .string(let quote)? = object["quote"] { return Citation(source: source, quote: quote) }
            return Citation(source: source)
        }
    }
}
