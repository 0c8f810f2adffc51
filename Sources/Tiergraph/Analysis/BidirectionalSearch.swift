/// Breadth-first search from both ends at once: the shortest path by hops, touching about the
/// square root of what a one-sided search touches on graphs that branch.
///
/// Generic over how nodes and edges are named, so that the in-memory snapshot and the SQLite
/// adjacency (for a cold process on a big file) run the same algorithm and give the same answer.
/// Deterministic: neighbours are visited in `precedes` order (then edge order), the side with the
/// smaller frontier expands first (forward on ties), and where several nodes meet at the best
/// length the one first in `precedes` order is taken.
struct BidirectionalSearch<Node: Hashable, Edge: Comparable> {
    /// The neighbours of a node, walking forwards (from the source) or backwards (from the target).
    let neighbors: (_ node: Node, _ forward: Bool) throws -> [(node: Node, edge: Edge)]
    /// Whether a node may be passed through (the two ends always may).
    let passable: (Node) -> Bool
    /// The order in which to visit and choose nodes (by id).
    let precedes: (Node, Node) -> Bool
    /// Called with each level before its nodes' neighbours are asked for, so that a source that
    /// reads from disk can read them all at once.
    var prefetch: ((_ nodes: [Node], _ forward: Bool) throws -> Void)? = nil

    /// The nodes and edges of a shortest path, or nil if there is none.
    func run(from source: Node, to target: Node) throws -> (nodes: [Node], edges: [Edge])? {
        if source == target { return ([source], []) }
        var forward = Side(start: source), backward = Side(start: target)
        while !forward.frontier.isEmpty && !backward.frontier.isEmpty {
            let expandForward = forward.frontier.count <= backward.frontier.count
            var meetings: [Node] = []
            if expandForward {
                try expand(&forward, forward: true, other: backward, target: target, meetings: &meetings)
            } else {
                try expand(&backward, forward: false, other: forward, target: source, meetings: &meetings)
            }
            if let meeting = meetings.min(by: precedes) {
                var nodes = [meeting], edges: [Edge] = []
                var v = meeting
                while let (parent, edge) = forward.parent[v] ?? nil {
                    nodes.insert(parent, at: 0)
                    edges.insert(edge, at: 0)
                    v = parent
                }
                v = meeting
                while let (parent, edge) = backward.parent[v] ?? nil {
                    nodes.append(parent)
                    edges.append(edge)
                    v = parent
                }
                return (nodes, edges)
            }
        }
        return nil
    }

    private struct Side {
        var frontier: [Node]
        /// The node and edge each visited node was first reached from; nil for the start.
        var parent: [Node: (Node, Edge)?]
        init(start: Node) {
            frontier = [start]
            parent = [start: nil]
        }
    }

    /// Expands one whole level of `side`, recording nodes the other side has already visited.
    private func expand(_ side: inout Side, forward: Bool, other: Side, target: Node, meetings: inout [Node]) throws {
        var next: [Node] = []
        try prefetch?(side.frontier, forward)
        for u in side.frontier {
            let sorted = try neighbors(u, forward).sorted { a, b in
                precedes(a.node, b.node) || (a.node == b.node && a.edge < b.edge)
            }
            for (v, edge) in sorted where side.parent[v] == nil {
                guard v == target || passable(v) || other.parent[v] != nil else { continue }
                side.parent[v] = .some((u, edge))
                if other.parent[v] != nil { meetings.append(v) } else { next.append(v) }
            }
        }
        side.frontier = next
    }
}
