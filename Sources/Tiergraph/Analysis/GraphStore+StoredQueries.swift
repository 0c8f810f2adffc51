import Foundation

extension GraphStore {
    /// The `k` shortest loopless paths from `start` to `end` under `weight`: the one place that
    /// decides how to answer. One path by hops is searched in the file (``shortestPath(from:to:direction:filter:)``);
    /// anything else loads the graph's adjacency (``GraphQuery/shortestPaths(from:to:direction:weight:k:deadline:)``).
    /// - Returns: the paths, and whether the deadline stopped the search before it found `k`.
    public func shortestPaths(
        from start: String, to end: String, direction: Direction = .downstream, weight: Weight = .hops, k: Int = 1,
        filter: QueryFilter = QueryFilter(), deadline: Deadline = .never
    ) throws -> (paths: [Path], timedOut: Bool) {
        if weight == .hops && k == 1 {
            return (try shortestPath(from: start, to: end, direction: direction, filter: filter).map { [$0] } ?? [], false)
        }
        return try GraphQuery(store: self, filter: filter).kShortestPaths(
            from: start, to: end, direction: direction, weight: weight, k: k, deadline: deadline)
    }

    /// The shortest path by hops from `start` to `end`, reading neighbours from the database as
    /// the search goes instead of loading the graph: the fast way for one question to a big file.
    ///
    /// The search is ``BidirectionalSearch``, the one ``GraphQuery/shortestPaths(from:to:direction:weight:k:deadline:)``
    /// runs for hops, so the two give the same path under the same filters. In supply
    /// directions without edge filters, nodes are expanded from the supply index (one small row
    /// per 256 nodes) and the path's edges read once it is found; otherwise each node expanded
    /// costs two range scans of the covering edge indexes. Only the nodes on shortest paths to
    /// where the two sides meet have their ids read; a search from both ends expands roughly
    /// the square root of what a one-sided search would.
    public func shortestPath(
        from start: String, to end: String, direction: Direction = .downstream, filter: QueryFilter = QueryFilter()
    ) throws -> Path? {
        try connection.reading {
            let adjacency = try StoredAdjacency(store: self, filter: filter)
            guard let source = try adjacency.key(of: start) else { throw QueryError.unknownNode(start) }
            guard let target = try adjacency.key(of: end) else { throw QueryError.unknownNode(end) }
            let search = BidirectionalSearch(
                graph: adjacency, direction: direction, forwardMarks: NodeMarks<Int64>(keyLimit: adjacency.keyLimit),
                backwardMarks: NodeMarks<Int64>(keyLimit: adjacency.keyLimit))
            guard let found = try search.run(from: source, to: target) else { return nil }
            let nodes = found.nodes
            let edges = try found.edges.indices.map { i in
                found.edges[i] >= 0 ? found.edges[i] : try adjacency.firstEdge(from: nodes[i], to: nodes[i + 1], direction)
            }
            return Path(nodes: nodes.map { adjacency.ids[$0] ?? "" }, edges: try edges.map { try adjacency.edgeID(of: $0) }, cost: Double(edges.count))
        }
    }
}

extension GraphStore {
    /// Everything reachable from `start` in `direction` within `depth` edges, reading neighbours
    /// from the database as the walk goes: for a cold process that asks one question of a big
    /// file. Gives exactly ``GraphQuery/closure(of:direction:depth:)``'s answer (same order of
    /// visits, same tiers, same via-edges) under the same filter.
    public func closure(
        of start: String, direction: Direction, depth: Int? = nil, filter: QueryFilter = QueryFilter()
    ) throws -> [TieredNode] {
        try connection.reading { try walkedClosure(of: start, direction: direction, depth: depth, filter: filter).nodes }
    }

    /// ``closure(of:direction:depth:filter:)`` with the walk's adjacency, which knows the names
    /// of the nodes reached, for ``tiers(of:direction:depth:filter:limit:deadline:)``; it stops
    /// after `limit` nodes or at `deadline`, and says which cut it.
    func walkedClosure(
        of start: String, direction: Direction, depth: Int?, filter: QueryFilter, limit: Int? = nil, deadline: Deadline = .never
    ) throws -> (nodes: [TieredNode], adjacency: StoredAdjacency, cut: WalkCut?) {
        let walked = try walk(from: start, direction: direction, depth: depth, filter: filter, limit: limit, deadline: deadline)
        return (try walked.tiered(), walked.adjacency, walked.cut)
    }

    /// Effective ownership and market concentration around `root`, reading only the `owns`
    /// chains and `market_share` edges it needs: the same answer as ``GraphQuery/exposure(of:maxDepth:)``.
    public func exposure(of root: String, filter: QueryFilter = QueryFilter(), maxDepth: Int = 12) throws -> ExposureReport {
        try connection.reading {
            let adjacency = try StoredAdjacency(store: self, filter: filter)
            guard let origin = try adjacency.key(of: root) else { throw QueryError.unknownNode(root) }
            let cited = "(?2 IS NULL OR EXISTS (SELECT 1 FROM edge_citations c JOIN sources s ON s.sid = c.source WHERE c.edge = e.eid AND s.id = ?2))"
            func statement(_ other: String, _ at: String, _ kind: String) throws -> Statement {
                // `other`, `at` and `kind` are constants below, never user input.
                try connection.prepare("""
                    SELECT e.\(other), e.eid, e.share_low, e.share_high, e.valid_from, e.valid_to, e.id, e.as_of FROM edges e
                    WHERE e.\(at) = ?1 AND e.kind = '\(kind)' AND e.share_low IS NOT NULL AND \(cited)
                    """)
            }
            let holdings = try statement("target", "source", "owns"), owners = try statement("source", "target", "owns")
            let players = try statement("source", "target", "market_share")
            func edges(_ statement: Statement, at u: Int64, kind: String) throws -> [ShareEdge<Int64>] {
                if let kinds = filter.edgeKinds, !kinds.contains(kind) { return [] }
                try statement.bind([.integer(u), filter.source.sqlValue])
                var found: [(node: Int64, eid: Int64, edge: ShareEdge<Int64>)] = []
                while let row = try statement.step() {
                    if filter.asOf != nil, try !filter.admits(validFrom: row.string(4), validTo: row.string(5), asOf: row.string(7)) { continue }
                    found.append((row.int64(0), row.int64(1), ShareEdge(node: row.int64(0), edge: row.string(6) ?? "")))
                }
                statement.reset()
                for entry in found { try adjacency.learn(entry.node) }
                // The snapshot's order: by the other end's id, then by edge.
                return found.filter { adjacency.passable[$0.node] == true }.sorted { a, b in
                    a.node == b.node ? a.eid < b.eid : (adjacency.ids[a.node] ?? "") < (adjacency.ids[b.node] ?? "")
                }.map(\.edge)
            }
            return try ExposureReport.compute(
                root: root, origin: origin, id: { adjacency.ids[$0] ?? "" }, maxDepth: maxDepth,
                claims: try ClaimContext(store: self, date: filter.asOf, include: filter.include),
                owns: { u, forward in try edges(forward ? holdings : owners, at: u, kind: "owns") },
                players: try edges(players, at: origin, kind: "market_share"))
        }
    }

    /// Every simple path from `start` to `end` of at most `maxDepth` edges, reading neighbours
    /// from the database as the search goes: the same paths, in the same order, as
    /// ``GraphQuery/simplePaths(from:to:direction:maxDepth:limit:)``. Each node's edges are read
    /// once, however many paths pass through it.
    public func simplePaths(
        from start: String, to end: String, direction: Direction = .downstream, maxDepth: Int, limit: Int = 1000,
        filter: QueryFilter = QueryFilter(), deadline: Deadline = .never
    ) throws -> (paths: [Path], truncated: Bool) {
        try connection.reading {
            let adjacency = try StoredAdjacency(store: self, filter: filter)
            guard let source = try adjacency.key(of: start) else { throw QueryError.unknownNode(start) }
            guard let target = try adjacency.key(of: end) else { throw QueryError.unknownNode(end) }
            var read: [Int64: [(node: Int64, edge: Int64)]] = [:]
            let search = SimplePathSearch<Int64, Int64>(
                forEachNeighbor: { u, body in
                    let neighbors = try read[u] ?? adjacency.orderedNeighbors(of: u, direction)
                    read[u] = neighbors
                    for (v, edge) in neighbors { try body(v, edge) }
                },
                passable: { adjacency.passable[$0] ?? false })
            let found = try search.run(from: source, to: target, maxDepth: maxDepth, limit: limit, deadline: deadline)
            let paths = try found.paths.map { path in
                Path(nodes: path.nodes.map { adjacency.ids[$0] ?? "" }, edges: try path.edges.map { try adjacency.edgeID(of: $0) },
                     cost: Double(path.edges.count))
            }
            return (paths, found.truncated)
        }
    }

    /// The ids of the edges that pass `filter` and join two of the nodes `ids` (in no order),
    /// reading each node's edges from the file.
    func edgeIDs(among ids: Set<String>, filter: QueryFilter) throws -> [String] {
        let adjacency = try StoredAdjacency(store: self, filter: filter)
        var keys = Set<Int64>()
        for id in ids { if let key = try adjacency.key(of: id) { keys.insert(key) } }
        var edges: [Int64] = []
        try adjacency.forEachEdge(of: Array(keys), .any) { _, other, edge, outward in
            if outward && keys.contains(other) { edges.append(edge) }
        }
        return try edges.map { try adjacency.edgeID(of: $0) }
    }
    /// ``BreadthFirstWalk`` over the file, the same walk ``GraphQuery/closure(of:direction:depth:)`` runs in memory.
    private func walk(
        from start: String, direction: Direction, depth: Int?, filter: QueryFilter, limit: Int? = nil, deadline: Deadline = .never
    ) throws -> Walk {
        let adjacency = try StoredAdjacency(store: self, filter: filter)
        guard let origin = try adjacency.key(of: start) else { throw QueryError.unknownNode(start) }
        let reached = try BreadthFirstWalk(graph: adjacency, marks: NodeMarks<Int64>(keyLimit: adjacency.keyLimit))
            .run(from: origin, direction, depth: depth, limit: limit, deadline: deadline)
        return Walk(adjacency: adjacency, reached: reached)
    }
}

/// What a file-backed walk reached, and the adjacency that knows the names of those nodes.
private struct Walk {
    let adjacency: StoredAdjacency
    let reached: BreadthFirstWalk<StoredAdjacency>.Reached

    var cut: WalkCut? { reached.cut }

    /// The nodes reached, by tier, then id, each with the edge that first reached it.
    func tiered() throws -> [TieredNode] {
        try reached.nodes.indices.map { i in
            let (edge, input) = try adjacency.edge(reached.vias[i])
            return TieredNode(id: adjacency.ids[reached.nodes[i]] ?? "", tier: Int(reached.tiers[i]), viaEdge: edge, input: input)
        }
    }
}
