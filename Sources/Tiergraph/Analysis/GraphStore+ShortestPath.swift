extension GraphStore {
    /// The shortest path by hops from `start` to `end`, reading neighbours from the database as
    /// the search goes instead of loading the graph: the fast way for one question to a big file.
    ///
    /// Gives the same path as ``GraphQuery/shortestPaths(from:to:direction:weight:k:)`` with
    /// hops and `k` 1 (both run ``BidirectionalSearch`` with the same tie-breaking), under the
    /// same filters. Each node expanded costs two index look-ups; a search from both ends
    /// expands roughly the square root of what a one-sided search would.
    public func shortestPath(
        from start: String, to end: String, direction: Direction = .downstream, filter: QueryFilter = QueryFilter()
    ) throws -> Path? {
        let adjacency = try StoredAdjacency(store: self, filter: filter)
        guard let source = try adjacency.key(of: start) else { throw QueryError("no node with id '\(start)'") }
        guard let target = try adjacency.key(of: end) else { throw QueryError("no node with id '\(end)'") }
        let search = BidirectionalSearch<Int64, Int64>(
            neighbors: { node, forward in try adjacency.neighbors(of: node, forward ? direction : direction.reversed) },
            passable: { adjacency.passable[$0] ?? false },
            precedes: { (adjacency.ids[$0] ?? "") < (adjacency.ids[$1] ?? "") })
        guard let found = try search.run(from: source, to: target) else { return nil }
        return Path(
            nodes: found.nodes.map { adjacency.ids[$0] ?? "" }, edges: try found.edges.map(adjacency.edgeID),
            cost: Double(found.edges.count))
    }
}

/// Neighbours read from the `edges` table through its indexes, with a query's filters applied.
final class StoredAdjacency {
    private let filter: QueryFilter
    private let statement: Statement
    private let edgeIDs: Statement
    private let nodeKey: Statement
    private var flows: [String: Flow] = [:]
    /// The ids of the nodes seen so far, and whether each may be passed through.
    private(set) var ids: [Int64: String] = [:]
    private(set) var passable: [Int64: Bool] = [:]

    init(store: GraphStore, filter: QueryFilter) throws {
        self.filter = filter
        for kind in try store.edgeKinds() { flows[kind.name] = kind.flow }
        let cited = "(?2 IS NULL OR EXISTS (SELECT 1 FROM edge_citations c JOIN sources s ON s.sid = c.source WHERE c.edge = e.eid AND s.id = ?2))"
        statement = try store.connection.prepare("""
            SELECT n.nid, n.id, n.kind, e.eid, e.kind, e.valid_from, e.valid_to, 1
            FROM edges e JOIN nodes n ON n.nid = e.target WHERE e.source = ?1 AND \(cited)
            UNION ALL
            SELECT n.nid, n.id, n.kind, e.eid, e.kind, e.valid_from, e.valid_to, 0
            FROM edges e JOIN nodes n ON n.nid = e.source WHERE e.target = ?1 AND \(cited)
            """)
        edgeIDs = try store.connection.prepare("SELECT id FROM edges WHERE eid = ?")
        nodeKey = try store.connection.prepare("SELECT nid, kind FROM nodes WHERE id = ?")
    }

    /// The key of the node with this id (and records its id).
    func key(of id: String) throws -> Int64? {
        try nodeKey.bind([.text(id)])
        defer { nodeKey.reset() }
        guard let row = try nodeKey.step() else { return nil }
        let key = row.int64(0)
        ids[key] = id
        passable[key] = isPassable(id: id, kind: row.string(1) ?? "")
        return key
    }

    /// The text id of edge `key`.
    func edgeID(_ key: Int64) throws -> String {
        try edgeIDs.bind([.integer(key)])
        defer { edgeIDs.reset() }
        return try edgeIDs.step()?.string(0) ?? ""
    }

    /// The edges leaving `node` in `direction` that pass the filter, with their other ends.
    func neighbors(of node: Int64, _ direction: Direction) throws -> [(node: Int64, edge: Int64)] {
        try statement.bind([.integer(node), filter.source.sqlValue])
        defer { statement.reset() }
        var result: [(node: Int64, edge: Int64)] = []
        while let row = try statement.step() {
            let kind = row.string(4) ?? ""
            if let kinds = filter.edgeKinds, !kinds.contains(kind) { continue }
            let outward = row.int64(7) == 1
            let follows: Bool
            switch (direction, flows[kind] ?? .none) {
            case (.any, _): follows = true
            case (_, .none): follows = false
            case (.downstream, .with), (.upstream, .against): follows = outward
            case (.downstream, .against), (.upstream, .with): follows = !outward
            }
            guard follows else { continue }
            if let date = filter.asOf, !row.isNull(5) || !row.isNull(6) {
                let period = try Period(
                    from: row.string(5).map { text throws(ValueError) in try PartialDate(parsing: text) },
                    to: row.string(6).map { text throws(ValueError) in try PartialDate(parsing: text) })
                if !period.contains(date) { continue }
            }
            let key = row.int64(0)
            if ids[key] == nil {
                let id = row.string(1) ?? ""
                ids[key] = id
                passable[key] = isPassable(id: id, kind: row.string(2) ?? "")
            }
            result.append((key, row.int64(3)))
        }
        return result
    }

    private func isPassable(id: String, kind: String) -> Bool {
        !filter.avoid.contains(id) && (filter.nodeKinds?.contains(kind) ?? true)
    }
}
