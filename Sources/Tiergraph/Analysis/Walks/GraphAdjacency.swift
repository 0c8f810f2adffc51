/// The one view of a graph that the walks and searches read (``BreadthFirstWalk``,
/// ``BidirectionalSearch``), so that each is written once: the in-memory rows of a
/// ``GraphSnapshot`` (``SnapshotAdjacency``) and the file's indexes and supply index
/// (``StoredAdjacency``) both provide it, each with a query's ``QueryFilter`` applied: edge
/// rules (kinds, date, source) by the neighbours it gives, node rules by ``passes(_:)``.
///
/// Nodes and edges are integer keys: dense indices in memory, `nid`s and `eid`s in the file.
/// Answers depend on ids only, never on the keys or on the order rows are stored in.
protocol GraphAdjacency {
    associatedtype Key: FixedWidthInteger
    associatedtype EdgeRef: FixedWidthInteger

    /// One more than the largest node key: the size of a walk's flat per-node tables
    /// (``NodeMarks``). Keys at or beyond it still work, more slowly.
    var keyLimit: Int { get }

    /// Calls `body` with each edge leaving `node` in `direction` that passes the filter: the
    /// other end and the edge. Neighbours come in any order, but one neighbour's edges in edge
    /// order, and for `.any` the edges out of `node` before the edges into it. With `edges`
    /// false the caller needs the neighbours only: a reader may then give each once, with
    /// edge -1 (the file's supply index does).
    func forEachNeighbor(of node: Key, _ direction: Direction, edges: Bool, _ body: (_ other: Key, _ edge: EdgeRef) throws -> Void) throws

    /// Whether ``forEachNeighbor(of:_:edges:_:)`` without `edges` gives each node's neighbours
    /// in id order (then edge order), and keys compare as ids do: then the first way a search
    /// finds into a node is the one an ordered search keeps, and ``BidirectionalSearch`` keeps
    /// no other.
    var neighborsInIDOrder: Bool { get }

    /// Called with each breadth-first level before its nodes' neighbours are asked for, so
    /// that a reader from disk reads them in one go.
    func prefetch(_ nodes: [Key], _ direction: Direction, edges: Bool) throws

    /// Whether a walk may pass through node `key` (not avoided, of a kind the filter takes).
    /// A query's own ends are always allowed; the walks see to that.
    func passes(_ key: Key) throws -> Bool

    /// Reads the ids of `keys` ahead, for the ``precedes(_:_:)`` calls that follow.
    func identify(_ keys: [Key]) throws

    /// Whether node `a` comes before node `b` in id order (both given to ``identify(_:)``).
    func precedes(_ a: Key, _ b: Key) -> Bool

    /// Puts `keys` in id order.
    func sortByID(_ keys: inout [Key]) throws
}
