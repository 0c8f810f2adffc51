/// The part of a graph that a supply question needs, numbered densely, with each node's
/// requirements: its inputs (each a group of alternative suppliers) and its gates.
///
/// The rule of supply, written once for every engine and question (README, "Supply semantics"):
/// - A supply edge into X serves one **input** of X: the edge's `input`, else its kind. X needs
///   every one of its inputs; the suppliers of one input are alternatives.
/// - A **gate** edge into X (flow `gate`: a licence, a review, an approval) is a requirement of
///   X of its own, met only by its grantor: permissions from different authorities add up.
/// - **Sources** are the nodes with no requirement, and the members of closed cycles (strongly
///   connected components that nothing outside feeds): they are supplied as they are.
/// - **Supplied** is the least fixed point from the sources: a node is supplied once each of its
///   requirements has a supplied supplier through an edge that is there. A cycle of required
///   inputs with a way in from outside never starts by itself, so it is supplied only through
///   suppliers outside it; the least fixed point is what makes "removing v cuts X" the same as
///   "every way of supplying X uses v" (and, where every node has one input, the same as v
///   dominating X from the sources).
///
/// Nodes the filter excludes (avoided, or not of the kinds asked for) stay in the network as
/// absent suppliers: a requirement that only they could meet is unmet. They are still expanded,
/// so the cycles, and which of them are closed, are those of the graph: avoiding a node is
/// removing it. Sources are decided on the graph as it is, before any removal, so a member of a
/// closed cycle stays a source when another member, or an edge between them, is lost (nothing
/// says how such a cycle was fed; the dominator rule, which this one extends, reads it so too).
/// Not thread-safe.
struct SupplyNetwork<Reader: SupplyReader> {
    let reader: Reader
    private(set) var keys: [Reader.Key] = []
    private(set) var number: [Reader.Key: Int32] = [:]
    /// Each node's breadth-first distance upstream from the roots the network was built from.
    private(set) var tiers: [Int32] = []
    /// Whether each node takes part (the filter lets it, or it is a root).
    private(set) var present: [Bool] = []

    /// Node `v`'s requirements are `requirementStart[v] ..< requirementStart[v + 1]`.
    private(set) var requirementStart: [Int32] = []
    /// Each requirement's node, label (the input's name) and whether it is a gate.
    private(set) var requirementNode: [Int32] = []
    private(set) var requirementInput: [String] = []
    private(set) var requirementGate: [Bool] = []
    /// Requirement `r`'s alternatives are `alternativeStart[r] ..< alternativeStart[r + 1]`.
    private(set) var alternativeStart: [Int32] = []
    private(set) var alternativeSupplier: [Int32] = []
    private(set) var alternativeEdge: [Reader.EdgeRef] = []
    private(set) var alternativeRequirement: [Int32] = []
    /// The edges whose claims, equally late, disagree on whether they are in force (one in force
    /// was taken as enough), with their buyers: the answers rest on them.
    private(set) var disputed: [(edge: Reader.EdgeRef, buyer: Int32)] = []
    /// The suppliers of each requirement whose edges are not in force (by requirement; sparse).
    private(set) var notInForce: [Int32: [Int32]] = [:]
    /// The alternatives each node is the supplier of (indices into the `alternative…` arrays).
    private(set) var supplied: Adjacency
    /// Whether each node is a source (see the type's documentation).
    private(set) var isSource: [Bool] = []
    /// The strongly connected components, suppliers' components before their buyers'.
    private(set) var components: [[Int32]] = []

    var count: Int { keys.count }

    /// The network of `roots` and everything upstream of them: every node whose supply the
    /// roots' supply depends on. The `exempt` roots (all of them unless given: a query's own
    /// nodes) take part whatever the filter says; the others as the filter says. With `depth`,
    /// only that many tiers are read (the nodes at the limit then seem to need nothing: such a
    /// network lists requirements, it does not answer supply questions). With `leaves`, a node
    /// for which it gives a value is not read further: it stands in the network as a source when
    /// the value is true (its supply is known to hold) and as absent when false.
    ///
    /// - Complexity: O(n + m log m) over the upstream reached (the log for grouping requirements).
    init(
        reader: Reader, roots: [Reader.Key], exempt: Set<Reader.Key>? = nil, depth: Int? = nil, leaves: [Reader.Key: Bool] = [:]
    ) throws {
        self.reader = reader
        supplied = Adjacency(nodeCount: 0, from: [], to: [])
        var frontier: [Reader.Key] = []
        for root in roots where number[root] == nil {
            add(root, tier: 0, present: try exempt.map { $0.contains(root) } ?? true || reader.passes(root))
            frontier.append(root)
        }
        // Inputs by code while grouping: integers sort and compare faster than text.
        var inputNames = TextCodes()
        var edges: [GroupedEdge] = []
        var level = 0
        while !frontier.isEmpty && depth.map({ level < $0 }) ?? true {
            level += 1
            var next: [Reader.Key] = []
            try reader.forEachSupplyEdge(of: frontier, .upstream) { edge in
                let buyer = number[edge.buyer]!
                let supplier: Int32
                if let known = number[edge.supplier] {
                    supplier = known
                } else if let leaf = leaves[edge.supplier] {
                    supplier = add(edge.supplier, tier: tiers[Int(buyer)] + 1, present: leaf)
                } else {
                    supplier = add(edge.supplier, tier: tiers[Int(buyer)] + 1, present: try reader.passes(edge.supplier))
                    next.append(edge.supplier)
                }
                edges.append(GroupedEdge(
                    buyer: buyer, supplier: supplier, edge: edge.edge, input: inputNames.code(of: edge.input), gate: edge.gate, claim: edge.claim))
            }
            frontier = next
        }
        try group(&edges, inputNames: inputNames.texts)
        (isSource, components) = closedOrEmpty()
    }

    /// Makes the nodes at a `depth`-limited network's edge what the `leaves` of a network built
    /// with them are: supplied as they are (sources) where the value is true, absent where false.
    /// The same network as building it again with `leaves`, without reading anything again.
    ///
    /// - Complexity: O(leaves): a node without requirements is a component of its own, closed,
    /// so it is a source exactly when it is present; nothing else changes.
    mutating func settle(_ leaves: [Reader.Key: Bool]) {
        for (key, supplied) in leaves {
            let v = Int(number[key]!)
            precondition(requirements(of: Int32(v)).isEmpty, "only a node at the depth limit is a leaf")
            present[v] = supplied
            isSource[v] = supplied
        }
    }

    @discardableResult
    private mutating func add(_ key: Reader.Key, tier: Int32, present: Bool) -> Int32 {
        let v = Int32(keys.count)
        number[key] = v
        keys.append(key)
        tiers.append(tier)
        self.present.append(present)
        return v
    }

    private struct GroupedEdge {
        var buyer: Int32, supplier: Int32, edge: Reader.EdgeRef, input: Int32, gate: Bool, claim: SupplyClaim?
    }

    /// Groups the edges into requirements: per buyer, supply edges by input, gates by input and
    /// grantor. An edge that is not in force (a pending licence, a declined order) still makes
    /// its requirement but is no alternative for it; where one supplier's edges for one input
    /// disagree, the latest claim (``ClaimResolution/time(of:sourceDates:)``: by `as_of`, else
    /// validity, else source date; undated ones are oldest) decides whether any of them is, and
    /// of claims equally late, one in force is enough.
    private mutating func group(_ sorted: inout [GroupedEdge], inputNames: [String]) throws {
        // Sorted in place: on a whole graph the edges are most of the memory.
        sorted.sort { a, b in
            if a.buyer != b.buyer { return a.buyer < b.buyer }
            if a.gate != b.gate { return !a.gate }
            if a.input != b.input { return a.input < b.input }
            if a.supplier != b.supplier { return a.supplier < b.supplier }
            return a.edge < b.edge
        }
        // Which edges are alternatives: per (buyer, gate, input, supplier) run, the latest claim decides.
        var runs: [Range<Int>] = []
        var runStart = 0
        while runStart < sorted.count {
            let first = sorted[runStart]
            var runEnd = runStart + 1
            while runEnd < sorted.count, (sorted[runEnd].buyer, sorted[runEnd].gate, sorted[runEnd].input, sorted[runEnd].supplier)
                == (first.buyer, first.gate, first.input, first.supplier) { runEnd += 1 }
            if sorted[runStart..<runEnd].contains(where: { $0.claim != nil }) { runs.append(runStart..<runEnd) }
            runStart = runEnd
        }
        var usable = [Bool](repeating: true, count: sorted.count)
        let times = try reader.claimTimes(of: runs.flatMap { $0.map { sorted[$0].edge } })
        for run in runs {
            let latest = run.map { times[sorted[$0].edge] ?? "" }.max()!
            let latestClaims = run.filter { (times[sorted[$0].edge] ?? "") == latest }
            let inForce = latestClaims.contains { sorted[$0].claim?.inForce ?? true }
            if inForce && latestClaims.contains(where: { !(sorted[$0].claim?.inForce ?? true) }) {
                disputed += latestClaims.map { (sorted[$0].edge, sorted[$0].buyer) }
            }
            for index in run { usable[index] = inForce && (sorted[index].claim?.inForce ?? true) }
        }
        requirementStart = [Int32](repeating: 0, count: count + 1)
        var previous: (buyer: Int32, input: Int32, gate: Bool, supplier: Int32)?
        for (index, edge) in sorted.enumerated() {
            let key = (edge.buyer, edge.input, edge.gate, edge.gate ? edge.supplier : -1)
            if previous.map({ $0 != key }) ?? true {
                requirementNode.append(edge.buyer)
                requirementInput.append(inputNames[Int(edge.input)])
                requirementGate.append(edge.gate)
                alternativeStart.append(Int32(alternativeSupplier.count))
                requirementStart[Int(edge.buyer) + 1] += 1
                previous = key
            }
            guard usable[index] else {
                notInForce[Int32(requirementNode.count - 1), default: []].append(edge.supplier)
                continue
            }
            alternativeSupplier.append(edge.supplier)
            alternativeEdge.append(edge.edge)
            alternativeRequirement.append(Int32(requirementNode.count - 1))
        }
        alternativeStart.append(Int32(alternativeSupplier.count))
        for v in 0..<count { requirementStart[v + 1] += requirementStart[v] }
        // Which alternatives each node supplies: "to" holds alternative indices.
        supplied = Adjacency(nodeCount: count, from: alternativeSupplier, to: alternativeSupplier.indices.map(Int32.init))
    }

    func requirements(of v: Int32) -> Range<Int> { Int(requirementStart[Int(v)])..<Int(requirementStart[Int(v) + 1]) }
    func alternatives(of r: Int) -> Range<Int> { Int(alternativeStart[r])..<Int(alternativeStart[r + 1]) }
    /// Every alternative of every requirement of node `v` (they lie side by side).
    func allAlternatives(of v: Int) -> Range<Int> {
        Int(alternativeStart[Int(requirementStart[v])])..<Int(alternativeStart[Int(requirementStart[v + 1])])
    }

    /// Which nodes are supplied, and which requirements met, once `removed` nodes and the
    /// alternatives through `removedEdges` are gone.
    struct State {
        var supplied: [Bool]
        var met: [Bool]
        /// The supplied nodes in the order the fixed point reached them: every node comes after
        /// at least one supplier of each of its requirements (sources first).
        var order: [Int32]
    }

    /// The least fixed point of supply (see the type's documentation).
    ///
    /// - Complexity: O(n + m).
    func state(removing removed: [Bool]? = nil, removingEdges removedEdges: Set<Reader.EdgeRef> = []) -> State {
        var state = State(supplied: [Bool](repeating: false, count: count), met: [Bool](repeating: false, count: requirementNode.count), order: [])
        var unmet = (0..<count).map { Int(requirementStart[$0 + 1] - requirementStart[$0]) }
        let gone = { (v: Int) in !present[v] || (removed?[v] ?? false) }
        for v in 0..<count where isSource[v] && !gone(v) {
            state.supplied[v] = true
            state.order.append(Int32(v))
        }
        var next = 0
        while next < state.order.count {
            let u = state.order[next]
            next += 1
            supplied.forEach(u) { _, alternative in
                let r = Int(alternativeRequirement[Int(alternative)])
                guard !state.met[r], removedEdges.isEmpty || !removedEdges.contains(alternativeEdge[Int(alternative)]) else { return }
                state.met[r] = true
                let v = Int(requirementNode[r])
                unmet[v] -= 1
                if unmet[v] == 0 && !state.supplied[v] && !gone(v) {
                    state.supplied[v] = true
                    state.order.append(Int32(v))
                }
            }
        }
        return state
    }

    /// Sources: present nodes with no requirement, and members of strongly connected components
    /// that no alternative from outside feeds (Tarjan's algorithm, iterative, walking from buyers
    /// to suppliers, so it emits a supplier's component before its buyers'); and the components
    /// in that order.
    private func closedOrEmpty() -> (sources: [Bool], components: [[Int32]]) {
        var components: [[Int32]] = []
        var index = [Int](repeating: -1, count: count), low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count), stack: [Int] = [], counter = 0
        var source = [Bool](repeating: false, count: count)
        for start in 0..<count where index[start] < 0 {
            var work: [(node: Int, next: Int)] = [(start, 0)]
            index[start] = counter; low[start] = counter; counter += 1
            stack.append(start); onStack[start] = true
            while let (v, next) = work.last {
                let edges = allAlternatives(of: v)
                if next < edges.count {
                    work[work.count - 1].next += 1
                    let w = Int(alternativeSupplier[edges.lowerBound + next])
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.node] = min(low[parent.node], low[v]) }
                guard low[v] == index[v] else { continue }
                var members: [Int] = []
                while let w = stack.popLast() {
                    onStack[w] = false
                    members.append(w)
                    if w == v { break }
                }
                // Closed: fed by nothing outside, and no requirement of a member left with no
                // alternative at all. Most components are single nodes: no set for those.
                let inside: (Int) -> Bool
                if members.count == 1 {
                    inside = { $0 == v }
                } else {
                    let set = Set(members)
                    inside = { set.contains($0) }
                }
                let closed = members.allSatisfy { m in
                    allAlternatives(of: m).allSatisfy { inside(Int(alternativeSupplier[$0])) }
                        && requirements(of: Int32(m)).allSatisfy { !alternatives(of: $0).isEmpty }
                }
                for m in members where present[m] && closed { source[m] = true }
                components.append(members.map(Int32.init))
            }
        }
        return (source, components)
    }
}
