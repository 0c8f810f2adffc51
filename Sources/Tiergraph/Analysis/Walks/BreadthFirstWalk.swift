/// A breadth-first walk by tiers over any ``GraphAdjacency``: the one algorithm behind
/// closures, `upstream`, `downstream`, `neighbors` and the neighbourhoods of diagrams, in memory
/// and over the file.
///
/// Each tier is put in id order, and each node keeps the tier it was reached at and the edge
/// that first reached it: the first edge (in edge order; for `.any`, edges out first) from the
/// first node of the tier above, in id order, that has one to it. The answer therefore depends
/// on ids only, not on the order a representation stores its rows in. Nodes that do not pass
/// the filter are not reached.
///
/// - Complexity: O(nodes + edges reached), plus sorting each tier.
struct BreadthFirstWalk<Graph: GraphAdjacency> {
    let graph: Graph
    /// The walk's scratch space, begun anew by ``run(from:_:depth:limit:deadline:)``.
    let marks: NodeMarks<Graph.EdgeRef>

    /// What a walk reached, by tier, then id: each node with its tier and the edge that first
    /// reached it.
    struct Reached {
        var nodes: [Graph.Key] = []
        var tiers: [Int32] = []
        var vias: [Graph.EdgeRef] = []
        /// Why the walk stopped before it reached everything within its depth (nil: it did not).
        var cut: WalkCut?
    }

    /// Walks from `origin` in `direction` for at most `depth` tiers (all, if nil). Stops after
    /// `limit` nodes (whole tiers, the last one cut in id order) or once `deadline` has passed
    /// (the tier under way is dropped), and says which cut it.
    func run(
        from origin: Graph.Key, _ direction: Direction, depth: Int?, limit: Int? = nil, deadline: Deadline = .never
    ) throws -> Reached {
        marks.begin()
        marks.visit(Int(origin), level: 0, via: -1)
        var reached = Reached()
        var frontier = [origin]
        var level: Int32 = 0
        tiers: while !frontier.isEmpty, depth.map({ Int(level) < $0 }) ?? true {
            level += 1
            var next: [Graph.Key] = []
            try graph.prefetch(frontier, direction, edges: true)
            for u in frontier {
                if deadline.hasPassed {
                    reached.cut = .timeout
                    break tiers
                }
                try graph.forEachNeighbor(of: u, direction, edges: true) { v, edge in
                    guard !marks.isReached(Int(v)), try graph.passes(v) else { return }
                    marks.visit(Int(v), level: level, via: edge)
                    next.append(v)
                }
            }
            try graph.sortByID(&next)
            if let limit, reached.nodes.count + next.count > limit {
                next.removeLast(reached.nodes.count + next.count - limit)
                reached.cut = .limit
            }
            reached.nodes += next
            reached.tiers += repeatElement(level, count: next.count)
            if reached.cut != nil { break }
            frontier = next
        }
        reached.vias = reached.nodes.map { marks.via(Int($0)) }
        return reached
    }
}

/// Why a walk stopped before it reached everything it could.
public enum WalkCut: String, Sendable {
    /// It reached its limit of nodes.
    case limit
    /// Its time was up.
    case timeout
}
