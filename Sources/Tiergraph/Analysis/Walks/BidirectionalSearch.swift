import Foundation

/// Breadth-first search from both ends at once over any ``GraphAdjacency``: the shortest path
/// by hops, touching about the square root of what a one-sided search touches on graphs that
/// branch. The one algorithm behind `path` by hops, in memory (also for the spur searches of
/// the k shortest paths) and over the file.
///
/// Its answer is the one an ordered search gives: visit neighbours in id order (then edge
/// order), expand the side with the smaller frontier (forward on ties), record the first node
/// and edge each node is reached from, and where several nodes meet at the best length take the
/// one first in id order.
///
/// It gets there without ordering anything while it searches. Which nodes each level holds, and
/// so which side expands, where the sides meet and whether they meet at all, does not depend on
/// the order of visits; only the parents do. Visiting each level in order and keeping first
/// parents makes a level's order the lexicographic order of its nodes' parent chains (by id), so
/// a node's first parent is its predecessor one level up that comes first in that order. The
/// search therefore records every way into each node from the level above, and once the sides
/// meet it ranks the few nodes that lie on shortest paths to the meeting node, level by level.
/// (Where neighbours come in id order, ``GraphAdjacency/neighborsInIDOrder``, levels are visited
/// in that order already and the first way into a node is its first parent: the marks keep it,
/// and no list of ways is made.)
/// Only those nodes are ever compared, so a reader from disk looks up the ids of those alone
/// (``GraphAdjacency/identify(_:)``), and proving that there is no path looks up none. Edges
/// given as -1 (neighbours only, ``GraphAdjacency/forEachNeighbor(of:_:edges:_:)``) stay -1 in
/// the answer, for the caller to read.
///
/// - Complexity: O(nodes + edges reached) time; the two ``NodeMarks`` hold the levels.
struct BidirectionalSearch<Graph: GraphAdjacency> {
    typealias Node = Graph.Key
    typealias Edge = Graph.EdgeRef
    let graph: Graph
    /// The direction from the source to the target (the backward side walks it reversed).
    let direction: Direction
    /// Scratch space of the two sides, begun anew by ``run(from:to:)``.
    let forwardMarks: NodeMarks<Graph.EdgeRef>
    let backwardMarks: NodeMarks<Graph.EdgeRef>

    /// The nodes and edges of a shortest path, or nil if there is none.
    func run(from source: Node, to target: Node) throws -> (nodes: [Node], edges: [Edge])? {
        if source == target { return ([source], []) }
        var forward = Side(start: source, marks: forwardMarks), backward = Side(start: target, marks: backwardMarks)
        while !forward.frontier.isEmpty && !backward.frontier.isEmpty {
            let expandForward = forward.frontier.count <= backward.frontier.count
            let meetings = expandForward
                ? try expand(&forward, forward: true, other: backward)
                : try expand(&backward, forward: false, other: forward)
            guard !meetings.isEmpty else { continue }
            try graph.identify(meetings)
            let meeting = meetings.min(by: graph.precedes)!
            let head = try chain(to: meeting, on: forward)
            let tail = try chain(to: meeting, on: backward)
            return (head.nodes + tail.nodes.reversed().dropFirst(), head.edges + tail.edges.reversed())
        }
        return nil
    }

    /// One end's search: the level of every node it reached and, per level, every edge by which
    /// a node of that level was reached from the level above.
    private struct Side {
        let start: Node
        var frontier: [Node]
        let marks: NodeMarks<Edge>
        /// The levels expanded so far.
        var depth: Int32 = 0
        /// For a reader whose neighbours come unordered: every (node at level k, its predecessor
        /// at level k − 1, the edge between them), level after level in one array: level k's end
        /// at `levelEnds[k - 1]`. For an ordered reader, nothing: `marks` hold each node's first way (`from`, `via`).
        var ways: [(node: Node, from: Node, edge: Edge)] = []
        var levelEnds: [Int] = []
        init(start: Node, marks: NodeMarks<Edge>) {
            self.start = start
            frontier = [start]
            self.marks = marks
            marks.begin()
            marks.visit(Int(start), level: 0, via: -1)
        }
        @inline(__always) func level(_ node: Node) -> Int32? { marks.level(Int(node)) }
    }

    /// Expands one whole level of `side`; returns the nodes it reached that `other` had reached.
    private func expand(_ side: inout Side, forward: Bool, other: Side) throws -> [Node] {
        let depth = side.depth + 1
        let way = forward ? direction : direction.reversed
        let ordered = graph.neighborsInIDOrder
        var next: [Node] = [], meetings: [Node] = []
        try graph.prefetch(side.frontier, way, edges: false)
        for u in side.frontier {
            try graph.forEachNeighbor(of: u, way, edges: false) { v, edge in
                if side.marks.isReached(Int(v)) {
                    if !ordered && side.level(v) == depth { side.ways.append((v, u, edge)) }
                    return
                }
                let met = other.marks.isReached(Int(v))
                guard try met || graph.passes(v) else { return }
                if ordered {
                    side.marks.visit(Int(v), level: depth, via: edge, from: Edge(truncatingIfNeeded: u))
                } else {
                    side.marks.visit(Int(v), level: depth, via: -1)
                    side.ways.append((v, u, edge))
                }
                if met { meetings.append(v) } else { next.append(v) }
            }
        }
        side.depth = depth
        if !ordered { side.levelEnds.append(side.ways.count) }
        side.frontier = next
        return meetings
    }

    /// The path from `side`'s start to `end` that the ordered search would have recorded: each
    /// node's parent is its predecessor ranked first, ranks given level by level from the start.
    private func chain(to end: Node, on side: Side) throws -> (nodes: [Node], edges: [Edge]) {
        let depth = Int(side.level(end)!)
        if graph.neighborsInIDOrder {  // each node's first way is its first parent: follow them
            var nodes = [end], edges: [Edge] = []
            var v = end
            for _ in 0..<depth {
                edges.append(side.marks.via(Int(v)))
                v = Node(truncatingIfNeeded: side.marks.from(Int(v)))
                nodes.append(v)
            }
            return (nodes.reversed(), edges.reversed())
        }
        // The nodes on shortest paths from the start to `end`, and the edges among them, by level.
        var members: [Set<Node>] = Array(repeating: [], count: depth + 1)
        var ways: [[(node: Node, from: Node, edge: Edge)]] = Array(repeating: [], count: depth + 1)
        members[depth] = [end]
        for k in stride(from: depth, to: 0, by: -1) {
            ways[k] = side.ways[(k == 1 ? 0 : side.levelEnds[k - 2])..<side.levelEnds[k - 1]].filter { members[k].contains($0.node) }
            members[k - 1] = Set(ways[k].map(\.from))
        }
        try graph.identify(members.flatMap { $0 })
        var rank: [Node: Int] = [side.start: 0]
        var parent: [Node: (from: Node, edge: Edge)] = [:]
        for k in stride(from: 1, through: depth, by: 1) {
            for way in ways[k] {
                if let best = parent[way.node] {
                    let (r, s) = (rank[way.from]!, rank[best.from]!)
                    guard r < s || (r == s && way.edge < best.edge) else { continue }
                }
                parent[way.node] = (way.from, way.edge)
            }
            let ordered = members[k].sorted { a, b in
                let (ra, rb) = (rank[parent[a]!.from]!, rank[parent[b]!.from]!)
                return ra != rb ? ra < rb : graph.precedes(a, b)
            }
            for (r, node) in ordered.enumerated() { rank[node] = r }
        }
        var nodes = [end], edges: [Edge] = []
        var v = end
        while let (from, edge) = parent[v] {
            nodes.append(from)
            edges.append(edge)
            v = from
        }
        return (nodes.reversed(), edges.reversed())
    }
}
