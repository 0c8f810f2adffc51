/// Every simple path from one node to another of at most `maxDepth` edges, depth first, up to a
/// limit: the search behind ``GraphQuery/simplePaths(from:to:direction:maxDepth:limit:)`` and
/// its file-backed twin, generic over how nodes and edges are named.
///
/// Paths come out in the order `forEachNeighbor` hands over each node's edges; parallel edges
/// give separate paths. Nodes that are not `passable` end no path early but are never passed
/// through (the target is always allowed). Complexity: O(b^d) for branching b and depth d — the
/// limit and the deadline are what keep it finite on dense graphs (the deadline is looked at
/// every 1,024 steps). A path's nodes are checked for repeats by a
/// linear scan: paths are short, and that beats hashing at these lengths.
struct SimplePathSearch<Node: Equatable, EdgeKey> {
    /// Calls its body with each (neighbour, edge) of a node, in the order paths are to come out.
    let forEachNeighbor: (Node, (Node, EdgeKey) throws -> Void) throws -> Void
    let passable: (Node) -> Bool

    func run(from source: Node, to target: Node, maxDepth: Int, limit: Int, deadline: Deadline = .never) throws
        -> (paths: [(nodes: [Node], edges: [EdgeKey])], truncated: Bool)
    {
        if source == target { return ([([source], [])], false) }
        var paths: [(nodes: [Node], edges: [EdgeKey])] = []
        var nodes = [source], edges: [EdgeKey] = []
        var truncated = false
        var steps = 0
        func extend(_ u: Node) throws {
            guard !truncated, edges.count < maxDepth else { return }
            steps += 1
            if steps & 1023 == 0 && deadline.hasPassed {
                truncated = true
                return
            }
            try forEachNeighbor(u) { v, edge in
                guard !truncated, !nodes.contains(v) else { return }
                if v == target {
                    if paths.count == limit { truncated = true; return }
                    paths.append((nodes + [v], edges + [edge]))
                    return
                }
                guard passable(v) else { return }
                nodes.append(v)
                edges.append(edge)
                try extend(v)
                nodes.removeLast()
                edges.removeLast()
            }
        }
        try extend(source)
        return (paths, truncated)
    }
}
