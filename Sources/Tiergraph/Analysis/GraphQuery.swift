/// A path between two nodes: its nodes, the edges between them, and its cost.
public struct Path: Equatable, Sendable {
    /// Node ids from the start to the end.
    public var nodes: [String]
    /// Edge ids, one fewer than nodes.
    public var edges: [String]
    /// The sum of edge costs under the query's ``Weight`` (the number of edges for hops).
    public var cost: Double
}

/// A node reached by a walk: how far it is, and the edge that first reached it.
public struct TieredNode: Equatable, Sendable {
    public var id: String
    /// The number of edges from the walk's start (its supply tier for upstream and downstream).
    public var tier: Int
    /// The edge through which the walk first reached this node.
    public var viaEdge: String?
    /// The input that edge serves (its `input`, else its kind), when it is a supply or gate edge.
    public var input: String?

    public init(id: String, tier: Int, viaEdge: String?, input: String? = nil) {
        self.id = id
        self.tier = tier
        self.viaEdge = viaEdge
        self.input = input
    }
}

/// Queries over a ``GraphSnapshot`` under a ``QueryFilter``.
///
/// The node-kind and avoid filters apply to nodes on the way; a query's own start and end are
/// always allowed. All results are deterministic: walks visit neighbours in id order.
public struct GraphQuery {
    public let snapshot: GraphSnapshot
    public let filter: QueryFilter
    /// Whether each node (by dense index) may be passed through.
    let passable: [Bool]

    public init(snapshot: GraphSnapshot, filter: QueryFilter = QueryFilter()) {
        self.snapshot = snapshot
        self.filter = filter
        passable = snapshot.nodeIDs.indices.map { v in
            !filter.avoid.contains(snapshot.nodeIDs[v])
                && (filter.nodeKinds?.contains(snapshot.nodeKinds[v]) ?? true)
        }
    }

    /// Loads a snapshot of `store` under `filter` and queries it.
    public init(store: GraphStore, filter: QueryFilter = QueryFilter()) throws {
        self.init(snapshot: try GraphSnapshot(store: store, filter: filter), filter: filter)
    }

    /// The dense index of a node id, or a ``QueryError`` naming it.
    func node(_ id: String) throws -> Int32 {
        guard let index = snapshot.nodeIndex(id) else { throw QueryError.unknownNode(id) }
        return index
    }

    func path(_ nodes: [Int32], _ edges: [Int32], cost: Double) -> Path {
        Path(nodes: nodes.map { snapshot.nodeIDs[Int($0)] }, edges: edges.map { snapshot.edgeIDs[Int($0)] }, cost: cost)
    }

    // MARK: Closures

    /// Everything reachable from `start` in `direction` within `depth` edges (all, if `nil`),
    /// ordered by tier, then id. The start itself is not listed.
    ///
    /// `.upstream` gives what `start` depends on (its suppliers, their suppliers…), `.downstream`
    /// what depends on it, `.any` its neighbourhood. The walk is ``BreadthFirstWalk``, the same
    /// one the file-backed ``GraphStore/closure(of:direction:depth:filter:)`` runs.
    ///
    /// - Complexity: O(n + m) over what is reached; the ``TieredNode`` values are made as the
    ///   result is read.
    public func closure(of start: String, direction: Direction, depth: Int? = nil) throws -> Reach {
        let walked = try BreadthFirstWalk(graph: SnapshotAdjacency(self), marks: snapshot.marks)
            .run(from: try node(start), direction, depth: depth)
        return Reach(nodes: walked.nodes, tiers: walked.tiers, vias: walked.vias, snapshot: snapshot)
    }
}

/// The nodes a walk reached, ordered by tier, then id: a random-access collection of
/// ``TieredNode``, each made when it is read, so that counting or paging through a large
/// closure costs nothing per node it does not show.
public struct Reach: RandomAccessCollection, Sendable {
    let nodes: [Int32]
    let tiers: [Int32]
    let vias: [Int32]
    // Immutable after loading, and only read here.
    nonisolated(unsafe) let snapshot: GraphSnapshot

    public var startIndex: Int { 0 }
    public var endIndex: Int { nodes.count }

    public subscript(position: Int) -> TieredNode {
        let via = Int(vias[position])
        return TieredNode(
            id: snapshot.nodeIDs[Int(nodes[position])], tier: Int(tiers[position]), viaEdge: snapshot.edgeIDs[via],
            input: snapshot.input(of: via))
    }
}
