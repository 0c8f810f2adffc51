/// One supply or gate edge as the supply analyses see it: who needs what from whom.
struct SupplyEdge<Key: Hashable, EdgeRef: Hashable & Comparable> {
    /// The node that needs the input.
    var buyer: Key
    /// The node that provides it (or, for a gate, grants the permission).
    var supplier: Key
    var edge: EdgeRef
    /// The input of `buyer` this edge serves: the edge's `input`, else its kind.
    var input: String
    /// Whether the edge is a gate (a permission its buyer needs) rather than goods.
    var gate: Bool
    /// Where the edge stands, when it has a status or an `as_of` (most edges have neither: in force).
    var claim: SupplyClaim? = nil
}

/// Where a supply or gate edge with a status, an `as_of` or an uncounted modality (a forecast,
/// a rumour) stands.
struct SupplyClaim {
    /// Whether its status is one of ``ClaimStatus/inForce`` (or it has none).
    var inForce: Bool

    /// Nil for an edge with none of status, `as_of` and an uncounted modality (in force, undated).
    init?(status: String?, asOf: String?, modality: String?, include: Set<Modality>) {
        let counted = modality.flatMap(Modality.init(rawValue:)).map(include.contains) ?? true
        guard status != nil || asOf != nil || !counted else { return nil }
        inForce = ClaimStatus.isInForce(status) && counted
    }
}

/// The one adjacency abstraction the supply analyses (``SupplyNetwork``) run over. Both
/// representations provide it: the in-memory ``GraphSnapshot`` and the file's edge indexes
/// (``StoredAdjacency``), each with a query's ``QueryFilter`` applied. Not thread-safe.
protocol SupplyReader {
    associatedtype Key: Hashable
    associatedtype EdgeRef: Hashable & Comparable

    /// The key of the node with this id, if there is one.
    func key(of id: String) throws -> Key?
    /// The id of node `key`.
    func id(of key: Key) throws -> String
    /// The id of edge `edge`.
    func edgeID(of edge: EdgeRef) throws -> String
    /// The kind of node `key`.
    func kind(of key: Key) throws -> String
    /// Whether the filter lets node `key` take part (not avoided, of a kind asked for).
    func passes(_ key: Key) throws -> Bool
    /// Calls `body` with every supply and gate edge that passes the filter and leads into one of
    /// `nodes` (`.upstream`: the edges they need) or out of one (`.downstream`: the edges that
    /// need them). One call per breadth-first level, so a file-backed reader reads a level at once.
    func forEachSupplyEdge(of nodes: [Key], _ direction: Direction, _ body: (SupplyEdge<Key, EdgeRef>) throws -> Void) throws
    /// Calls `body` with the other end of every supply and gate edge that passes the filter and
    /// leads into one of `nodes` (`.upstream`) or out of one (`.downstream`), repeats possible:
    /// for walks that need the nodes only, which a file-backed reader serves from its supply index.
    func forEachSupplyNeighbor(of nodes: [Key], _ direction: Direction, _ body: (Key) throws -> Void) throws
    /// Whether node `key` is supplied in the whole graph under the filter, when that is known
    /// without reading its upstream (a file's ``SupplyBaseline``, for the unfiltered graph);
    /// nil when it is not.
    func baselineSupply(of key: Key) throws -> Bool?
    /// Reads the ids of `keys` ahead, in one go where that is cheaper, for the `id(of:)` calls
    /// that follow.
    func identify(_ keys: [Key]) throws
    /// The edge with this id, and what it is to the supply analyses (nil: not a supply or
    /// gate edge under the filter); nil if there is no such edge.
    func supplyEdge(withID id: String) throws -> (edge: EdgeRef, supply: SupplyEdge<Key, EdgeRef>?)?
    /// The shares stated on `edges`, for those that have one.
    func shares(of edges: [EdgeRef]) throws -> [EdgeRef: Share]
    /// The time each edge's claim describes (``ClaimResolution/time(of:sourceDates:)``), as its
    /// first day, or "" when none is known: for the rare edges whose claims must be ordered.
    func claimTimes(of edges: [EdgeRef]) throws -> [EdgeRef: String]
}
