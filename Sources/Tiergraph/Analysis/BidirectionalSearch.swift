import Foundation

/// Breadth-first search from both ends at once: the shortest path by hops, touching about the
/// square root of what a one-sided search touches on graphs that branch.
///
/// Generic over how nodes and edges are named; the SQLite adjacency runs it for a cold process on
/// a big file, and it gives the same answer as the snapshot's `fewestHops`: that search visits
/// neighbours in id order (then edge order), expands the side with the smaller frontier (forward
/// on ties), records the first node and edge each node is reached from, and where several nodes
/// meet at the best length takes the one first in id order.
///
/// It gets there without ordering anything while it searches. Which nodes each level holds, and
/// so which side expands, where the sides meet and whether they meet at all, does not depend on
/// the order of visits; only the parents do. Visiting each level in order and keeping first
/// parents makes a level's order the lexicographic order of its nodes' parent chains (by id), so
/// a node's first parent is its predecessor one level up that comes first in that order. The
/// search therefore records every way into each node from the level above, and once the sides
/// meet it ranks the few nodes that lie on shortest paths to the meeting node, level by level.
/// Only those nodes are ever compared, so a reader from disk looks up the ids of those alone
/// (``identify``), and proving that there is no path looks up none.
///
/// Nodes are integer keys (the file's `nid`s); each side keeps its levels in a ``NodeLevels``,
/// a flat array for keys below `keyLimit`, so a search that reaches 100,000 nodes hashes nothing
/// per edge. O(nodes + edges reached) time; O(`keyLimit`) memory per side.
struct BidirectionalSearch<Edge: Comparable> {
    typealias Node = Int
    /// One more than the largest key expected (keys at or beyond it still work, more slowly).
    let keyLimit: Int
    /// Calls `body` with each neighbour of a node and the edge to it, walking forwards (from
    /// the source) or backwards (from the target), in any order.
    let forEachNeighbor: (_ node: Node, _ forward: Bool, _ body: (_ node: Node, _ edge: Edge) throws -> Void) throws -> Void
    /// Whether a node may be passed through (the two ends always may).
    let passable: (Node) throws -> Bool
    /// The order in which to choose among nodes (by id); asked only about identified nodes.
    let precedes: (Node, Node) -> Bool
    /// Called with each level before its nodes' neighbours are asked for, so that a source that
    /// reads from disk can read them all at once.
    var prefetch: ((_ nodes: [Node], _ forward: Bool) throws -> Void)? = nil
    /// Called with the nodes `precedes` is about to compare (the meeting candidates, then the
    /// nodes on shortest paths to the meeting node), so that their ids can be read at once.
    var identify: ((_ nodes: [Node]) throws -> Void)? = nil

    /// The nodes and edges of a shortest path, or nil if there is none.
    func run(from source: Node, to target: Node) throws -> (nodes: [Node], edges: [Edge])? {
        if source == target { return ([source], []) }
        var forward = Side(start: source, keyLimit: keyLimit), backward = Side(start: target, keyLimit: keyLimit)
        while !forward.frontier.isEmpty && !backward.frontier.isEmpty {
            let expandForward = forward.frontier.count <= backward.frontier.count
            let meetings = expandForward
                ? try expand(&forward, forward: true, other: backward)
                : try expand(&backward, forward: false, other: forward)
            guard !meetings.isEmpty else { continue }
            try identify?(meetings)
            let meeting = meetings.min(by: precedes)!
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
        let level: NodeLevels
        /// `ways[k]`: (node at level k, its predecessor at level k − 1, the edge between them).
        var ways: [[(node: Node, from: Node, edge: Edge)]] = [[]]
        init(start: Node, keyLimit: Int) {
            self.start = start
            frontier = [start]
            level = NodeLevels(keyLimit: keyLimit)
            level[start] = 0
        }
    }

    /// Expands one whole level of `side`; returns the nodes it reached that `other` had reached.
    private func expand(_ side: inout Side, forward: Bool, other: Side) throws -> [Node] {
        let depth = side.ways.count
        var next: [Node] = [], meetings: [Node] = [], ways: [(node: Node, from: Node, edge: Edge)] = []
        try prefetch?(side.frontier, forward)
        for u in side.frontier {
            try forEachNeighbor(u, forward) { v, edge in
                if let seen = side.level[v] {
                    if seen == depth { ways.append((v, u, edge)) }
                    return
                }
                let met = other.level[v] != nil
                guard try met || passable(v) else { return }
                side.level[v] = depth
                ways.append((v, u, edge))
                if met { meetings.append(v) } else { next.append(v) }
            }
        }
        side.ways.append(ways)
        side.frontier = next
        return meetings
    }

    /// The path from `side`'s start to `end` that the ordered search would have recorded: each
    /// node's parent is its predecessor ranked first, ranks given level by level from the start.
    private func chain(to end: Node, on side: Side) throws -> (nodes: [Node], edges: [Edge]) {
        let depth = side.level[end]!
        // The nodes on shortest paths from the start to `end`, and the edges among them, by level.
        var members: [Set<Node>] = Array(repeating: [], count: depth + 1)
        var ways: [[(node: Node, from: Node, edge: Edge)]] = Array(repeating: [], count: depth + 1)
        members[depth] = [end]
        for k in stride(from: depth, to: 0, by: -1) {
            ways[k] = side.ways[k].filter { members[k].contains($0.node) }
            members[k - 1] = Set(ways[k].map(\.from))
        }
        try identify?(members.flatMap { $0 })
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
                return ra != rb ? ra < rb : precedes(a, b)
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

/// The level at which one side of a search reached each node, by integer key: a flat table for
/// keys in `0 ..< keyLimit` (O(1), no hashing; node keys are dense), a dictionary for any other
/// key (a file whose keys were set by hand). The table comes from `calloc`, whose zero pages
/// the system maps only when first written: a search that touches few nodes of a big file pays
/// for few pages, not for the whole table.
final class NodeLevels {
    /// Level + 1 per key; 0: not reached.
    private let flat: UnsafeMutablePointer<Int32>
    private let count: Int
    private var other: [Int: Int32] = [:]

    /// Empty. The table covers at most 2²⁶ keys (256 MiB of address space); keys beyond go to
    /// the dictionary.
    init(keyLimit: Int) {
        count = max(0, min(keyLimit, 1 << 26))
        flat = calloc(max(count, 1), MemoryLayout<Int32>.stride)!.assumingMemoryBound(to: Int32.self)
    }

    deinit { free(flat) }

    subscript(node: Int) -> Int? {
        get {
            let stored = node >= 0 && node < count ? flat[node] : other[node] ?? 0
            return stored == 0 ? nil : Int(stored) - 1
        }
        set {
            let stored = newValue.map { Int32($0 + 1) } ?? 0
            if node >= 0 && node < count { flat[node] = stored } else { other[node] = stored == 0 ? nil : stored }
        }
    }
}
