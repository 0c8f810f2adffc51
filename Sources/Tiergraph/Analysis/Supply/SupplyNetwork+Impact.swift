/// What one input (or gate) of a node loses in a what-if.
public struct InputLoss: Equatable, Sendable {
    /// The input's name (the edges' `input`, else their kind).
    public var input: String
    /// Whether it is a gate (a permission) rather than goods.
    public var gate: Bool
    /// The suppliers of the input that are lost (removed, or cut off themselves), by id.
    public var lost: [String]
    /// How many suppliers the input had before.
    public var suppliers: Int
    /// The share of the input that the lost suppliers provided, when every one of them states a
    /// share on its edge (summed, capped at 100 %); nil when some share is unknown.
    public var shareLost: Share?
}

/// A node whose supply a what-if cuts, wholly or in part.
public struct SupplyLoss: Equatable, Sendable {
    public var id: String
    /// Its display name.
    public var name: String = ""
    /// The distance downstream from the nearest removed node (0) or removed edge (1).
    public var tier: Int
    /// For a node that loses all supply, the inputs left unmet; for one that loses part, the
    /// inputs that lost suppliers (but kept at least one).
    public var inputs: [InputLoss]
}

/// What removing some nodes or edges does to the supply of everything downstream.
public struct ImpactReport: Equatable, Sendable {
    /// The ids of what was removed (nodes and edges as given).
    public var removedNodes: [String]
    public var removedEdges: [String]
    /// Nodes that were supplied and no longer are, by distance from the removal, then id.
    public var losesAll: [SupplyLoss]
    /// Nodes that stay supplied but lose suppliers of some input, by distance, then id.
    public var losesSome: [SupplyLoss]
    /// The edges, by id, into the part the removal reaches (what is removed and everything
    /// downstream of it) whose claims disagree on whether they are in force and that the answer
    /// takes as in force (see ``ChokepointReport/disputed``): the losses rest on them.
    public var disputed: [String] = []
}

extension SupplyNetwork {
    /// What-if: removes the nodes `removed` and the supply edges `removedEdges` (each with its
    /// buyer) and reports who loses all supply and who loses part of it.
    ///
    /// Only what lies downstream of the removal can change, so the network is that part and
    /// everything upstream of it. A node *loses all* when it was supplied and is not after the
    /// removal (with the inputs left unmet); it *loses part* when it stays supplied but some
    /// input lost suppliers. With `kind`, only nodes of that kind are reported.
    ///
    /// - Complexity: two walks and two fixed points over the downstream part and its direct
    /// suppliers, plus a proof per supplier from outside (``SupplyProof``); O(n + m) over the
    /// whole upstream when a proof cannot tell.
    static func impact(
        reader: Reader, removing removed: [Reader.Key], removingEdges removedEdges: [(edge: Reader.EdgeRef, buyer: Reader.Key)],
        ofKind kind: String?
    ) throws -> (losesAll: [SupplyLoss], losesSome: [SupplyLoss], disputed: [Reader.EdgeRef]) {
        // Distances downstream: removed nodes at 0, the buyers of removed edges at 1.
        var distance: [Reader.Key: Int] = [:]
        var reached: [Reader.Key] = []  // in the order reached: the network is numbered the same way every time
        var frontier: [Reader.Key] = []
        for key in removed where distance[key] == nil {
            distance[key] = 0
            frontier.append(key)
        }
        var pending = removedEdges.map(\.buyer)
        var level = 0
        while !frontier.isEmpty || !pending.isEmpty {
            level += 1
            var next: [Reader.Key] = []
            for key in pending where distance[key] == nil {
                distance[key] = level
                next.append(key)
            }
            reached += frontier
            pending = []
            try reader.forEachSupplyNeighbor(of: frontier, .downstream) { buyer in
                guard distance[buyer] == nil else { return }
                distance[buyer] = level
                next.append(buyer)
            }
            frontier = next
        }
        // The filter applies downstream too: only the removed nodes are exempt. Nothing outside
        // the downstream part can change, so its suppliers from outside keep the supply they
        // have: read off the supply baseline where the file has one for this filter, else proven
        // one by one (a thin slice of their upstream), they stand in the network as leaves.
        // Where a proof cannot tell (a cycle), the network reads the whole upstream.
        let exempt = Set(removed)
        var network = try SupplyNetwork(reader: reader, roots: reached, exempt: exempt, depth: 1)
        var proof = SupplyProof(reader: reader), leaves: [Reader.Key: Bool]? = [:]
        for key in network.keys where distance[key] == nil {
            guard let supplied = try proof.isSupplied(key) else { leaves = nil; break }
            leaves?[key] = supplied
        }
        if let leaves {
            network.settle(leaves)
        } else {
            network = try SupplyNetwork(reader: reader, roots: reached, exempt: exempt)
        }
        var gone = [Bool](repeating: false, count: network.count)
        for key in removed { gone[Int(network.number[key]!)] = true }
        let cutEdges = Set(removedEdges.map(\.edge))
        let before = network.state()
        let after = network.state(removing: gone, removingEdges: cutEdges)

        var all: [SupplyLoss] = [], some: [SupplyLoss] = []
        for v in 0..<network.count {
            guard let tier = distance[network.keys[v]], !gone[v], before.supplied[v] else { continue }
            if let kind, try reader.kind(of: network.keys[v]) != kind { continue }
            let keeps = after.supplied[v]
            var inputs: [InputLoss] = []
            // Kept supply: every input that lost suppliers (a source keeps supply even with an
            // input gone); lost it: the inputs left unmet.
            for r in network.requirements(of: Int32(v)) where keeps || !after.met[r] {
                if let loss = try network.loss(r, before: before, after: after, gone: gone, cutEdges: cutEdges) { inputs.append(loss) }
            }
            guard !keeps || !inputs.isEmpty else { continue }
            // By input, goods before gates, then by what was lost: the same in every engine.
            inputs.sort { a, b in
                if a.input != b.input { return a.input < b.input }
                if a.gate != b.gate { return !a.gate }
                return a.lost.lexicographicallyPrecedes(b.lost)
            }
            let loss = SupplyLoss(id: try reader.id(of: network.keys[v]), name: "", tier: tier, inputs: inputs)
            if keeps { some.append(loss) } else { all.append(loss) }
        }
        let order: (SupplyLoss, SupplyLoss) -> Bool = { ($0.tier, $0.id) < ($1.tier, $1.id) }
        let disputed = network.disputed.filter { distance[network.keys[Int($0.buyer)]] != nil }.map(\.edge)
        return (all.sorted(by: order), some.sorted(by: order), disputed)
    }

    /// What requirement `r` lost: its suppliers that were supplied before and are removed, cut
    /// off, or reached only through removed edges; nil if it lost none.
    private func loss(_ r: Int, before: State, after: State, gone: [Bool], cutEdges: Set<Reader.EdgeRef>) throws -> InputLoss? {
        var edgesBySupplier: [Int32: [Reader.EdgeRef]] = [:], lostEdges: [Int32: [Reader.EdgeRef]] = [:]
        for a in alternatives(of: r) where before.supplied[Int(alternativeSupplier[a])] {
            edgesBySupplier[alternativeSupplier[a], default: []].append(alternativeEdge[a])
        }
        for (s, edges) in edgesBySupplier {
            let cut = gone[Int(s)] || !after.supplied[Int(s)]
            let remaining = cut ? [] : edges.filter { !cutEdges.contains($0) }
            if remaining.isEmpty { lostEdges[s] = edges }
        }
        guard !lostEdges.isEmpty else { return nil }
        let shares = try reader.shares(of: lostEdges.values.flatMap { $0 })
        var low = 0.0, high = 0.0, known = true
        for edges in lostEdges.values {
            let stated = edges.compactMap { shares[$0] }
            guard stated.count == edges.count, let first = stated.first else { known = false; break }
            low += stated.map(\.low).min() ?? first.low
            high += stated.map(\.high).max() ?? first.high
        }
        return InputLoss(
            input: requirementInput[r], gate: requirementGate[r],
            lost: try lostEdges.keys.map { try reader.id(of: keys[Int($0)]) }.sorted(), suppliers: edgesBySupplier.count,
            shareLost: known ? try Share(low: min(low, 1), high: min(high, 1)) : nil)
    }
}
