/// Effective stakes along ownership chains, and market concentration, from resolved claims.
public struct ExposureReport: Equatable, Sendable {
    /// An effective stake: the product of shares along each ownership chain, summed over chains.
    public struct Stake: Equatable, Sendable {
        public var id: String
        /// The stake's midpoint (of ``low`` and ``high``).
        public var share: Double
        /// The products of the stakes' low ends and of their high ends, summed over chains (at most 1).
        public var low: Double
        public var high: Double
        /// How many distinct chains contribute.
        public var chains: Int
        /// Whether a stake along the way rests on conflicting claims.
        public var conflicting: Bool
    }
    /// A player's share of a market, resolved from the claims about it (never averaged).
    public struct MarketShare: Equatable, Sendable {
        public var id: String
        /// What the claims say the share is of (`nil`: not said, read as the market).
        public var shareOf: ShareBase?
        /// The share that holds at the date (``Resolution/value``).
        public var share: Share
        /// Whether the claims that hold disagree (then ``share`` spans them).
        public var conflicting: Bool
        /// The ids of the edges that hold at the date.
        public var edges: [String]
        /// Every claim about the player's share and its part in the resolution.
        public var claims: [ResolvedClaim]
    }

    public var root: String
    /// The date the claims were resolved at (`--as-of`), or `nil`: the latest claims.
    public var date: PartialDate?
    /// Who owns the root, directly or through others, largest stake first.
    public var owners: [Stake]
    /// What the root owns, directly or through others, largest stake first.
    public var holdings: [Stake]
    /// The root's players, if it is the target of `market_share` edges, largest first; a player
    /// no claim counts for at the date is left out (its claims are in ``uncounted``).
    public var marketShares: [MarketShare]
    /// The players whose claims all are later, excluded or otherwise not counted at the date.
    public var uncounted: [MarketShare]
    /// The Herfindahl–Hirschman index (0…10,000) from the shares' low ends and from their high
    /// ends: a range, since an open bound ("over 95%") gives no point; `nil` without shares.
    public var herfindahl: ClosedRange<Double>?
    /// The sum of the shares' low ends and of their high ends (need not reach 1: the graph may
    /// not know every player).
    public var marketTotal: ClosedRange<Double>?
    /// What a reader must know before using the numbers: totals above 100 %, conflicting
    /// claims, claims not counted.
    public var warnings: [String]
}

/// An edge that carries a share, seen from one of its ends: the other end and the edge's id.
struct ShareEdge<Node: Hashable> {
    let node: Node
    let edge: String
}

/// What a resolution needs beside the edges: the store to read claims from, the date and the
/// modalities counted.
struct ClaimContext {
    let store: GraphStore
    let date: PartialDate?
    let include: Set<Modality>
    let sourceDates: [String: PartialDate]

    init(store: GraphStore, date: PartialDate?, include: Set<Modality>) throws {
        self.store = store
        self.date = date
        self.include = include
        sourceDates = try store.sourceDates()
    }

    /// The resolution of the claims stated by `edges` (ids), one per `share_of` they give (a
    /// share of a market and a share of one product's sales are different quantities), in the
    /// order of ``ShareBase`` with the unsaid first.
    func resolve(_ edges: [String]) throws -> [(shareOf: ShareBase?, resolution: Resolution)] {
        let loaded = try store.edges(withIDs: edges)
        let byBase = Dictionary(grouping: edges.compactMap { loaded[$0] }, by: \.shareOf)
        let order = [nil] + ShareBase.allCases.map(Optional.some)
        return order.compactMap { base in
            byBase[base].map { (base, ClaimResolution.resolve($0, at: date, include: include, sourceDates: sourceDates)) }
        }
    }
}

extension ExposureReport {
    /// The report from two views of the graph, whichever engine provides them: `owns(u, forward)`
    /// lists the `owns` edges with a share at `u` (forward: what `u` owns; backward: who owns `u`),
    /// in neighbour-id order; `players` lists the market-share edges into the root. The claims
    /// between each pair are resolved (``ClaimResolution``) before they multiply or add up.
    static func compute<Node: Hashable>(
        root: String, origin: Node, id: (Node) -> String, maxDepth: Int, claims: ClaimContext,
        owns: (Node, Bool) throws -> [ShareEdge<Node>], players: [ShareEdge<Node>]
    ) throws -> ExposureReport {
        /// The claims about each neighbour, per `share_of`, in the order the neighbours first appear.
        func grouped(_ edges: [ShareEdge<Node>]) throws -> [(node: Node, shareOf: ShareBase?, resolution: Resolution)] {
            var order: [Node] = [], byNode: [Node: [String]] = [:]
            for edge in edges {
                if byNode[edge.node] == nil { order.append(edge.node) }
                byNode[edge.node, default: []].append(edge.edge)
            }
            return try order.flatMap { node in try claims.resolve(byNode[node]!).map { (node, $0.shareOf, $0.resolution) } }
        }
        func stakes(forward: Bool) throws -> [Stake] {
            var total: [Node: Stake] = [:]
            var onChain: Set<Node> = [origin]
            var stakesOf: [Node: [(node: Node, shareOf: ShareBase?, resolution: Resolution)]] = [:]
            func walk(_ u: Node, _ low: Double, _ high: Double, _ conflicting: Bool, _ depth: Int) throws {
                guard depth < maxDepth else { return }
                // A stake is a share of equity whatever else it says: one resolution per owned node.
                // A node on several chains is read and resolved once.
                let resolved = try stakesOf[u] ?? grouped(try owns(u, forward))
                stakesOf[u] = resolved
                for (v, _, resolution) in resolved where !onChain.contains(v) {
                    guard let share = resolution.value else { continue }
                    let (l, h, c) = (low * share.low, high * share.high, conflicting || resolution.conflicting)
                    var stake = total[v] ?? Stake(id: id(v), share: 0, low: 0, high: 0, chains: 0, conflicting: false)
                    stake.low = min(1, stake.low + l)
                    stake.high = min(1, stake.high + h)
                    stake.share = (stake.low + stake.high) / 2
                    stake.chains += 1
                    stake.conflicting = stake.conflicting || c
                    total[v] = stake
                    onChain.insert(v)
                    try walk(v, l, h, c, depth + 1)
                    onChain.remove(v)
                }
            }
            try walk(origin, 1, 1, false, 0)
            return total.values.sorted { ($1.share, $0.id) < ($0.share, $1.id) }
        }
        var counted: [MarketShare] = [], uncounted: [MarketShare] = [], otherBases = Set<String>()
        for (player, shareOf, resolution) in try grouped(players) {
            let entry = MarketShare(
                id: id(player), shareOf: shareOf, share: try resolution.value ?? Share(0), conflicting: resolution.conflicting,
                edges: resolution.currentEdges, claims: resolution.claims)
            // A share of something else than the market (a product's sales, a seller's orders) is not a market share.
            if let shareOf, shareOf != .market {
                otherBases.insert(shareOf.rawValue)
                uncounted.append(entry)
            } else if resolution.value == nil {
                uncounted.append(entry)
            } else {
                counted.append(entry)
            }
        }
        counted.sort { ($1.share.value, $0.id) < ($0.share.value, $1.id) }
        uncounted.sort { $0.id < $1.id }
        var warnings: [String] = []
        var herfindahl: ClosedRange<Double>?, total: ClosedRange<Double>?
        if !counted.isEmpty {
            let low = counted.reduce(0) { $0 + $1.share.low }, high = counted.reduce(0) { $0 + $1.share.high }
            total = low...high
            herfindahl = counted.reduce(0) { $0 + ($1.share.low * 100) * ($1.share.low * 100) }
                ... counted.reduce(0) { $0 + ($1.share.high * 100) * ($1.share.high * 100) }
            if low > 1 + 1e-9 {
                warnings.append("the shares add up to at least \(Share.percent(low)), more than 100%: claims about different times "
                    + "or markets are mixed, or a player is counted twice; read the claims (--claims all) before using the HHI")
            }
        }
        for player in counted where player.conflicting {
            let edges = player.edges.joined(separator: ", ")
            warnings.append("\(player.id): the claims that hold disagree (\(edges)); its share spans them: \(player.share.canonical)")
        }
        if !otherBases.isEmpty {
            warnings.append("shares of \(otherBases.sorted().joined(separator: ", ")), not of the market, are listed but not counted")
        }
        let excluded = (counted + uncounted).flatMap(\.claims).filter { $0.role == .excluded }
        if !excluded.isEmpty {
            let kinds = Set(excluded.map { ($0.modality ?? .reported).rawValue }).sorted().joined(separator: ", ")
            warnings.append("\(excluded.count) claim(s) not counted (\(kinds)): --include \(kinds) counts them")
        }
        return ExposureReport(
            root: root, date: claims.date, owners: try stakes(forward: false), holdings: try stakes(forward: true),
            marketShares: counted, uncounted: uncounted, herfindahl: herfindahl, marketTotal: total, warnings: warnings)
    }
}

extension GraphQuery {
    /// Effective ownership along `owns` chains (shares multiply along a chain and add across
    /// parallel chains; a chain never visits a node twice, so ownership cycles terminate), and,
    /// for a market, the concentration of its `market_share` edges.
    ///
    /// `owns` edges without a share are skipped (a stake of unknown size cannot be multiplied).
    /// Chains are followed up to `maxDepth` edges. The claims between two nodes are resolved at
    /// the filter's date (``ClaimResolution``), counting the filter's modalities.
    ///
    /// - Complexity: the number of simple chains, bounded by `maxDepth`.
    public func exposure(of root: String, maxDepth: Int = 12) throws -> ExposureReport {
        let x = try node(root)
        let owns = snapshot.kindCode("owns"), marketShare = snapshot.kindCode("market_share")
        func edges(_ adjacency: Adjacency, at u: Int32, kind: UInt16?) -> [ShareEdge<Int32>] {
            var result: [ShareEdge<Int32>] = []
            adjacency.forEach(u) { v, edge in
                guard snapshot.edgeKindCodes[Int(edge)] == kind, !snapshot.edgeShares[Int(edge)].isNaN, passable[Int(v)] else { return }
                result.append(ShareEdge(node: v, edge: snapshot.edgeIDs[Int(edge)]))
            }
            return result
        }
        // Owner → owned is the stored direction: forwards for holdings, backwards for owners.
        return try ExposureReport.compute(
            root: root, origin: x, id: { snapshot.nodeIDs[Int($0)] }, maxDepth: maxDepth,
            claims: try ClaimContext(store: snapshot.store, date: filter.asOf, include: filter.include),
            owns: { u, forward in edges(forward ? snapshot.out : snapshot.into, at: u, kind: owns) },
            players: edges(snapshot.into, at: x, kind: marketShare))
    }
}
