/// Effective stakes along ownership chains, and market concentration.
public struct ExposureReport: Equatable, Sendable {
    /// An effective stake: the product of shares along each ownership chain, summed over chains.
    public struct Stake: Equatable, Sendable {
        public var id: String
        public var share: Double
        /// How many distinct chains contribute.
        public var chains: Int
    }
    /// A player's share of a market.
    public struct MarketShare: Equatable, Sendable {
        public var id: String
        /// The share (the mean when several claims remain after the filters).
        public var share: Double
        /// The ids of the edges that state it; more than one means conflicting claims.
        public var edges: [String]
    }

    public var root: String
    /// Who owns the root, directly or through others, largest stake first.
    public var owners: [Stake]
    /// What the root owns, directly or through others, largest stake first.
    public var holdings: [Stake]
    /// The root's players, if it is the target of `market_share` edges, largest first.
    public var marketShares: [MarketShare]
    /// The Herfindahl–Hirschman index of those shares (0…10,000), or `nil` without any.
    public var herfindahl: Double?
    /// The sum of those shares (need not be 1: the graph may not know every player).
    public var marketTotal: Double?
}

/// An edge that carries a share, seen from one of its ends: the other end, the share, the edge's id.
struct ShareEdge<Node: Hashable> {
    let node: Node
    let share: Double
    let edge: String
}

extension ExposureReport {
    /// The report from two views of the graph, whichever engine provides them: `owns(u, forward)`
    /// lists the `owns` edges with a share at `u` (forward: what `u` owns; backward: who owns `u`),
    /// in neighbour-id order; `players` lists the market-share edges into the root.
    static func compute<Node: Hashable>(
        root: String, origin: Node, id: (Node) -> String, maxDepth: Int,
        owns: (Node, Bool) throws -> [ShareEdge<Node>], players: [ShareEdge<Node>]
    ) rethrows -> ExposureReport {
        func stakes(forward: Bool) throws -> [Stake] {
            var total: [Node: (Double, Int)] = [:]
            var onChain: Set<Node> = [origin]
            func walk(_ u: Node, _ product: Double, _ depth: Int) throws {
                guard depth < maxDepth else { return }
                for step in try owns(u, forward) where !onChain.contains(step.node) {
                    let share = product * step.share
                    let (sum, chains) = total[step.node] ?? (0, 0)
                    total[step.node] = (sum + share, chains + 1)
                    onChain.insert(step.node)
                    try walk(step.node, share, depth + 1)
                    onChain.remove(step.node)
                }
            }
            try walk(origin, 1, 0)
            return total.map { Stake(id: id($0.key), share: $0.value.0, chains: $0.value.1) }
                .sorted { ($1.share, $0.id) < ($0.share, $1.id) }
        }
        let shares = Dictionary(grouping: players, by: \.node).map { player, edges in
            MarketShare(id: id(player), share: edges.reduce(0) { $0 + $1.share } / Double(edges.count), edges: edges.map(\.edge).sorted())
        }.sorted { ($1.share, $0.id) < ($0.share, $1.id) }
        return ExposureReport(
            root: root, owners: try stakes(forward: false), holdings: try stakes(forward: true), marketShares: shares,
            herfindahl: shares.isEmpty ? nil : shares.reduce(0) { $0 + ($1.share * 100) * ($1.share * 100) },
            marketTotal: shares.isEmpty ? nil : shares.reduce(0) { $0 + $1.share })
    }
}

extension GraphQuery {
    /// Effective ownership along `owns` chains (shares multiply along a chain and add across
    /// parallel chains; a chain never visits a node twice, so ownership cycles terminate), and,
    /// for a market, the concentration of its `market_share` edges.
    ///
    /// `owns` edges without a share are skipped (a stake of unknown size cannot be multiplied).
    /// Chains are followed up to `maxDepth` edges. Complexity: the number of simple chains,
    /// bounded by `maxDepth`.
    public func exposure(of root: String, maxDepth: Int = 12) throws -> ExposureReport {
        let x = try node(root)
        let owns = snapshot.kindCode("owns"), marketShare = snapshot.kindCode("market_share")
        func edges(_ adjacency: Adjacency, at u: Int32, kind: UInt16?) -> [ShareEdge<Int32>] {
            var result: [ShareEdge<Int32>] = []
            adjacency.forEach(u) { v, edge in
                guard snapshot.edgeKindCodes[Int(edge)] == kind, !snapshot.edgeShares[Int(edge)].isNaN, passable[Int(v)] else { return }
                result.append(ShareEdge(node: v, share: snapshot.edgeShares[Int(edge)], edge: snapshot.edgeIDs[Int(edge)]))
            }
            return result
        }
        // Owner → owned is the stored direction: forwards for holdings, backwards for owners.
        return ExposureReport.compute(
            root: root, origin: x, id: { snapshot.nodeIDs[Int($0)] }, maxDepth: maxDepth,
            owns: { u, forward in edges(forward ? snapshot.out : snapshot.into, at: u, kind: owns) },
            players: edges(snapshot.into, at: x, kind: marketShare))
    }
}
