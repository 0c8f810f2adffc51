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
    /// Gives the same path as ``GraphQuery/shortestPaths(from:to:direction:weight:k:)`` with
    /// hops and `k` 1, under the same filters (``BidirectionalSearch`` explains how). In supply
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
            let search = BidirectionalSearch<Int64>(
                keyLimit: adjacency.keyLimit,
                forEachNeighbor: { node, forward, body in
                    try adjacency.forEachNeighbor(of: Int64(node), forward ? direction : direction.reversed) { try body(Int($0), $1) }
                },
                passable: { try adjacency.passes(Int64($0)) },
                precedes: { adjacency.precedes(Int64($0), Int64($1)) },
                prefetch: { nodes, forward in
                    try adjacency.prefetchNeighbors(nodes.map(Int64.init), forward ? direction : direction.reversed)
                },
                identify: { try adjacency.identify($0.map(Int64.init)) })
            guard let found = try search.run(from: Int(source), to: Int(target)) else { return nil }
            let nodes = found.nodes.map(Int64.init)
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
        return (try walked.order.map { try walked.tiered($0) }, walked.adjacency, walked.cut)
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

    /// A breadth-first walk in the snapshot's order (neighbours by id, then edge; for `.any`,
    /// edges out first; each tier sorted by id).
    private func walk(
        from start: String, direction: Direction, depth: Int?, filter: QueryFilter, limit: Int? = nil, deadline: Deadline = .never
    ) throws -> Walk {
        let adjacency = try StoredAdjacency(store: self, filter: filter)
        guard let origin = try adjacency.key(of: start) else { throw QueryError.unknownNode(start) }
        var walked = Walk(adjacency: adjacency, origin: origin, reached: [origin: (0, -1)])
        var frontier = [origin]
        var level = 0
        tiers: while !frontier.isEmpty, depth.map({ level < $0 }) ?? true {
            level += 1
            var next: [Int64] = []
            try adjacency.prefetch(frontier, direction)
            for u in frontier {
                if deadline.hasPassed {
                    walked.cut = .timeout
                    break tiers
                }
                for (v, key) in try adjacency.orderedNeighbors(of: u, direction) where adjacency.passable[v] == true {
                    guard walked.reached[v] == nil else { continue }
                    walked.reached[v] = (level, key)
                    next.append(v)
                }
            }
            next = adjacency.sortedByID(next)
            // A tier is kept whole or cut at the limit in id order: the same answer every time.
            if let limit, walked.order.count + next.count > limit {
                walked.order += next.prefix(limit - walked.order.count)
                walked.cut = .limit
                break
            }
            walked.order += next
            frontier = next
        }
        return walked
    }
}

/// Why a walk stopped before it reached everything it could.
public enum WalkCut: String, Sendable {
    /// It reached its limit of nodes.
    case limit
    /// Its time was up.
    case timeout
}

/// What a file-backed walk reached: in order, with each node's tier and the edge that reached it.
private struct Walk {
    let adjacency: StoredAdjacency
    let origin: Int64
    var reached: [Int64: (tier: Int, via: Int64)]
    var order: [Int64] = []
    var cut: WalkCut?

    init(adjacency: StoredAdjacency, origin: Int64, reached: [Int64: (tier: Int, via: Int64)]) {
        self.adjacency = adjacency
        self.origin = origin
        self.reached = reached
    }

    func tiered(_ node: Int64) throws -> TieredNode {
        let (tier, via) = reached[node]!
        let (edge, input) = try adjacency.edge(via)
        return TieredNode(id: adjacency.ids[node] ?? "", tier: tier, viaEdge: edge, input: input)
    }
}
