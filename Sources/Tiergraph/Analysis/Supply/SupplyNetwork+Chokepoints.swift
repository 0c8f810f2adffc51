/// A single point of failure of a node's supply.
public struct Chokepoint: Equatable, Sendable {
    /// The node whose loss leaves the target unsupplied.
    public var id: String
    /// Its display name.
    public var name: String = ""
    /// Its upstream distance from the target.
    public var tier: Int
    /// The edge by which the upstream walk first reaches it (from the closest buyer, first by id).
    public var viaEdge: String?
    /// The target's inputs that its loss leaves without supply (gates count as inputs), sorted.
    public var inputs: [String]
}

/// A group of nodes (all nodes with one value of a field) whose loss, all at once, leaves the
/// target unsupplied, where no single member's loss does necessarily.
public struct GroupChokepoint: Equatable, Sendable {
    /// The field's value shared by the group (`TW`, `foundry`).
    public var value: String
    /// The group's members upstream of the target, by id.
    public var members: [String]
    /// The upstream distance of the group's closest member.
    public var tier: Int
    /// The target's inputs left without supply.
    public var inputs: [String]
}

/// The answer to "what is `root`'s supply cut by".
public struct ChokepointReport: Equatable, Sendable {
    public var root: String
    /// Whether `root` is supplied at all under the query's filters. When it is not, there are no
    /// chokepoints, and ``unmetInputs`` says which of its inputs have no supplied supplier.
    public var supplied: Bool
    public var unmetInputs: [String]
    /// When `root` is not supplied: the suppliers and grantors, by id, of its unmet inputs whose
    /// edges are all not in force (a licence pending, an order declined): why those inputs fail.
    public var notInForce: [String] = []
    /// Single nodes, closest first (by tier, then id).
    public var chokepoints: [Chokepoint]
    /// With a grouping field: the groups whose loss cuts `root`, closest first (then by value).
    public var groups: [GroupChokepoint]?
    /// The edges, by id, whose claims (equally late) disagree on whether they are in force and
    /// that the answer takes as in force: it rests on them (`tiergraph check` lists the claims).
    public var disputed: [String] = []
}

extension SupplyNetwork {
    /// The chokepoints of root `0` (the network must be built from that one root).
    ///
    /// A node v is a chokepoint of X when removing v leaves X unsupplied, that is, when every
    /// way of supplying X uses v. Those sets satisfy C(v) = ∪ over v's requirements of the
    /// ∩ over their supplied alternatives s of ({s} ∪ C(s)), with C(source) = ∅; the greatest
    /// solution is computed component by component, suppliers' components first: a node on no
    /// cycle once (its suppliers are final; a loop to itself cannot be part of a way to supply
    /// it), the members of a cycle by iterating from "everything" until nothing changes. With
    /// one input per node this is the dominator set.
    ///
    /// - Complexity: O(Σ alternatives × set size) outside cycles, times the passes a cycle needs
    ///   inside them; the sets are the chokepoint chains, short in supply chains.
    func chokepoints(groupingBy groups: [(value: String, members: [Int32])]? = nil) throws -> ChokepointReport {
        let root = try reader.id(of: keys[0])
        let state = self.state()
        guard state.supplied[0] else {
            let unmet = requirements(of: 0).filter { !state.met[$0] }
            let suppliers = Set(unmet.flatMap { r in alternatives(of: r).map { alternativeSupplier[$0] } })
            let blocked = Set(unmet.flatMap { notInForce[Int32($0)] ?? [] }).subtracting(suppliers)
            return ChokepointReport(
                root: root, supplied: false, unmetInputs: self.unmet(0, in: state), notInForce: try blocked.map { try reader.id(of: keys[Int($0)]) }.sorted(),
                chokepoints: [], groups: groups.map { _ in [] })
        }
        var cuts = CutSets(count: count)
        for component in components {
            var members: [Int32] = []
            for v in component where state.supplied[Int(v)] {
                if isSource[Int(v)] { cuts.set(v, .empty) } else { members.append(v) }
            }
            // Outside cycles, once (suppliers are final, so C(v) may point at them); inside a
            // cycle, as sorted sets, from "everything" until nothing changes.
            let cyclic = members.count > 1
            var changed = !members.isEmpty
            while changed {
                changed = false
                for v in members {
                    var union: CutSets.Cut? = .empty
                    for r in requirements(of: v) {
                        // Unknown while no supplier of r is known yet (inside a cycle, at first).
                        guard let common = commonCut(r, cuts, state) else { union = nil; break }
                        union = requirements(of: v).count == 1 ? common : .set(merge(cuts.members(union!), cuts.members(common)))
                    }
                    guard var union else { continue }
                    if cyclic { union = .set(cuts.members(union)) }
                    if cuts[v] != union {
                        cuts.set(v, union)
                        changed = true
                    }
                }
                if !cyclic { break }
            }
        }
        var found: [Int32: Set<String>] = [:]
        // A source (a closed cycle's member included) is supplied whatever else is lost.
        for r in requirements(of: 0) where !isSource[0] {
            for v in commonCut(r, cuts, state).map(cuts.members) ?? [] where v != 0 { found[v, default: []].insert(requirementInput[r]) }
        }
        let single = found
        var chokepoints = try found.map { v, inputs in
            Chokepoint(id: try reader.id(of: keys[Int(v)]), name: "", tier: Int(tiers[Int(v)]), viaEdge: try viaEdge(of: v), inputs: inputs.sorted())
        }
        chokepoints.sort { ($0.tier, $0.id) < ($1.tier, $1.id) }
        return ChokepointReport(
            root: root, supplied: true, unmetInputs: [], chokepoints: chokepoints,
            groups: try groups.map { try groupChokepoints($0, single: single) })
    }

    /// ∩ over requirement `r`'s supplied alternatives s of ({s} ∪ C(s)); nil while none is known
    /// (an unknown C(s) is "everything": no constraint yet).
    private func commonCut(_ r: Int, _ cuts: CutSets, _ state: State) -> CutSets.Cut? {
        var common: CutSets.Cut?
        for a in alternatives(of: r) {
            let s = alternativeSupplier[a]
            guard state.supplied[Int(s)], cuts[s] != .unknown else { continue }
            common = common.map { cuts.intersect($0, .link(s)) } ?? .link(s)
        }
        return common
    }

    /// The inputs of `v` that `state` leaves unmet, sorted.
    func unmet(_ v: Int32, in state: State) -> [String] {
        Array(Set(requirements(of: v).filter { !state.met[$0] }.map { requirementInput[$0] })).sorted()
    }

    /// The groups whose removal (all members but the root) leaves the root unsupplied. A group
    /// of one is a chokepoint exactly when its member is (`single`: the chokepoints with the
    /// inputs they cut); the others take one fixed point each.
    private func groupChokepoints(
        _ groups: [(value: String, members: [Int32])], single: [Int32: Set<String>]
    ) throws -> [GroupChokepoint] {
        var found: [GroupChokepoint] = []
        for group in groups {
            let members = group.members.filter { $0 != 0 }
            guard !members.isEmpty else { continue }
            let inputs: [String]
            if members.count == 1 {
                guard let cut = single[members[0]] else { continue }
                inputs = cut.sorted()
            } else {
                var removed = [Bool](repeating: false, count: count)
                for v in members { removed[Int(v)] = true }
                let after = state(removing: removed)
                guard !after.supplied[0] else { continue }
                inputs = unmet(0, in: after)
            }
            found.append(GroupChokepoint(
                value: group.value, members: try members.map { try reader.id(of: keys[Int($0)]) }.sorted(),
                tier: Int(members.map { tiers[Int($0)] }.min() ?? 0), inputs: inputs))
        }
        return found.sorted { ($0.tier, $0.value) < ($1.tier, $1.value) }
    }

    /// The edge by which node `v` is first reached walking upstream: from its buyer one tier
    /// closer to the root that comes first by id, the lowest edge.
    private func viaEdge(of v: Int32) throws -> String? {
        var best: (id: String, edge: Reader.EdgeRef)?
        var alternatives: [Int] = []
        supplied.forEach(v) { _, alternative in alternatives.append(Int(alternative)) }
        for a in alternatives {
            let buyer = requirementNode[Int(alternativeRequirement[a])]
            guard tiers[Int(buyer)] == tiers[Int(v)] - 1 else { continue }
            let candidate = (id: try reader.id(of: keys[Int(buyer)]), edge: alternativeEdge[a])
            if best.map({ candidate.id < $0.id || (candidate.id == $0.id && candidate.edge < $0.edge) }) ?? true { best = candidate }
        }
        return try best.map { try reader.edgeID(of: $0.edge) }
    }
}

/// The union of two sorted arrays without repeats.
func merge(_ a: [Int32], _ b: [Int32]) -> [Int32] {
    var result: [Int32] = []
    result.reserveCapacity(a.count + b.count)
    var i = 0, j = 0
    while i < a.count || j < b.count {
        if j == b.count || (i < a.count && a[i] < b[j]) {
            result.append(a[i]); i += 1
        } else if i == a.count || b[j] < a[i] {
            result.append(b[j]); j += 1
        } else {
            result.append(a[i]); i += 1; j += 1
        }
    }
    return result
}

/// The intersection of two sorted arrays.
func intersect(_ a: [Int32], _ b: [Int32]) -> [Int32] {
    var result: [Int32] = []
    var i = 0, j = 0
    while i < a.count && j < b.count {
        if a[i] < b[j] { i += 1 } else if b[j] < a[i] { j += 1 } else { result.append(a[i]); i += 1; j += 1 }
    }
    return result
}

/// The chokepoint sets C(v) of a network, stored so that chains share their tails: C(v) is
/// unknown ("everything", before it is computed), empty, `{w} ∪ C(w)` (a link to w), or a sorted
/// set. A node with one input passes on the common part of its suppliers' chains, found by
/// walking up the longer one (as dominator trees are intersected), so a long chain costs O(n)
/// instead of O(n × length); where inputs join (a union), the sets are written out.
struct CutSets {
    enum Cut: Equatable {
        case unknown, empty
        /// `{node} ∪ C(node)`.
        case link(Int32)
        case set([Int32])
    }

    private var cuts: [Cut]
    /// |C(v)|, and whether C(v) is links all the way down to empty (then intersections walk).
    private var sizes: [Int32]
    private var chained: [Bool]

    init(count: Int) {
        cuts = Array(repeating: .unknown, count: count)
        sizes = Array(repeating: 0, count: count)
        chained = Array(repeating: false, count: count)
    }

    subscript(v: Int32) -> Cut { cuts[Int(v)] }

    mutating func set(_ v: Int32, _ cut: Cut) {
        cuts[Int(v)] = cut
        switch cut {
        case .unknown: sizes[Int(v)] = 0; chained[Int(v)] = false
        case .empty: sizes[Int(v)] = 0; chained[Int(v)] = true
        case .link(let w): sizes[Int(v)] = sizes[Int(w)] + 1; chained[Int(v)] = chained[Int(w)]
        case .set(let members): sizes[Int(v)] = Int32(members.count); chained[Int(v)] = members.isEmpty
        }
    }

    /// The members of a cut, sorted.
    func members(_ cut: Cut) -> [Int32] {
        var result: [Int32] = []
        var next = cut
        while true {
            switch next {
            case .unknown, .empty: return result.sorted()
            case .set(let members): return merge(result.sorted(), members)
            case .link(let w):
                result.append(w)
                next = cuts[Int(w)]
            }
        }
    }

    /// The intersection of two cuts (neither unknown).
    func intersect(_ a: Cut, _ b: Cut) -> Cut {
        if case .link(var x) = a, case .link(var y) = b, chained[Int(x)], chained[Int(y)] {
            // Both are paths up a forest: they meet where the paths join.
            while x != y {
                if sizes[Int(x)] >= sizes[Int(y)] {
                    guard case .link(let up) = cuts[Int(x)] else { return .empty }
                    x = up
                } else {
                    guard case .link(let up) = cuts[Int(y)] else { return .empty }
                    y = up
                }
            }
            return .link(x)
        }
        let common = Tiergraph.intersect(members(a), members(b))
        return common.isEmpty ? .empty : .set(common)
    }
}
