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
        func stakes(_ direction: Direction) -> [ExposureReport.Stake] {
            var total: [Int32: (Double, Int)] = [:]
            var onChain = [Bool](repeating: false, count: snapshot.nodeCount)
            onChain[Int(x)] = true
            func walk(_ u: Int32, _ product: Double, _ depth: Int) {
                guard depth < maxDepth else { return }
                snapshot.forEachNeighbor(of: u, .any) { v, edge in
                    guard snapshot.edgeKindCodes[Int(edge)] == owns, !snapshot.edgeShares[Int(edge)].isNaN, !onChain[Int(v)],
                        passable[Int(v)]
                    else { return }
                    // Owner → owned is the stored direction: follow it forwards for holdings, backwards for owners.
                    let forward = snapshot.edgeSources[Int(edge)] == u && snapshot.edgeTargets[Int(edge)] == v
                    guard forward == (direction == .downstream) else { return }
                    let share = product * snapshot.edgeShares[Int(edge)]
                    let (sum, chains) = total[v] ?? (0, 0)
                    total[v] = (sum + share, chains + 1)
                    onChain[Int(v)] = true
                    walk(v, share, depth + 1)
                    onChain[Int(v)] = false
                }
            }
            walk(x, 1, 0)
            return total.map { ExposureReport.Stake(id: snapshot.nodeIDs[Int($0.key)], share: $0.value.0, chains: $0.value.1) }
                .sorted { ($1.share, $0.id) < ($0.share, $1.id) }
        }
        var players: [Int32: [Int32]] = [:]
        snapshot.into.forEach(x) { v, edge in
            if snapshot.edgeKindCodes[Int(edge)] == marketShare, !snapshot.edgeShares[Int(edge)].isNaN, passable[Int(v)] {
                players[v, default: []].append(edge)
            }
        }
        let shares = players.map { player, edges in
            ExposureReport.MarketShare(
                id: snapshot.nodeIDs[Int(player)],
                share: edges.reduce(0) { $0 + snapshot.edgeShares[Int($1)] } / Double(edges.count),
                edges: edges.map { snapshot.edgeIDs[Int($0)] }.sorted())
        }.sorted { ($1.share, $0.id) < ($0.share, $1.id) }
        return ExposureReport(
            root: root, owners: stakes(.upstream), holdings: stakes(.downstream), marketShares: shares,
            herfindahl: shares.isEmpty ? nil : shares.reduce(0) { $0 + ($1.share * 100) * ($1.share * 100) },
            marketTotal: shares.isEmpty ? nil : shares.reduce(0) { $0 + $1.share })
    }
}
