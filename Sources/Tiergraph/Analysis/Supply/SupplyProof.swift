/// Whether single nodes are supplied, proven on demand from their upstream: a node is supplied
/// once each of its requirements has one supplier proven supplied (depth first, the first that
/// works), so a proof reads a thin slice of the upstream where ``SupplyNetwork`` reads all of it.
/// A node whose supply the reader knows already (``SupplyReader/baselineSupply(of:)``) is
/// decided without reading anything.
///
/// The answers are those of the least fixed point (``SupplyNetwork/state(removing:removingEdges:)``)
/// whenever they are given: a proof never rests on a node still being proven, and a refusal
/// only on suppliers refused for good. Where the search runs into a cycle, or deeper than
/// ``depthLimit``, or reaches a node the filter excludes, it answers `nil`: undecided (closed cycles are sources, which only the whole network can tell),
/// and the caller reads the whole upstream instead. Not thread-safe.
struct SupplyProof<Reader: SupplyReader> {
    let reader: Reader
    /// Decided nodes: supplied or not.
    private var decided: [Reader.Key: Bool] = [:]
    /// The nodes being proven (the search's stack).
    private var open: Set<Reader.Key> = []
    /// Deeper searches give up (a chain of a hundred thousand single suppliers would overflow the stack).
    static var depthLimit: Int { 2_000 }
    init(reader: Reader) { self.reader = reader }

    /// Whether `key` is supplied under the reader's filter, or nil when the search cannot tell.
    ///
    /// - Complexity: O(d · r) reads of a node's supply edges, for the d nodes of the proof and
    ///   the r suppliers tried; each node is decided once.
    mutating func isSupplied(_ key: Reader.Key) throws -> Bool? {
        try prove(key, depth: 0)
    }

    private mutating func prove(_ key: Reader.Key, depth: Int) throws -> Bool? {
        if let known = decided[key] { return known }
        // A node the filter excludes supplies nothing, but it may close a cycle that makes the
        // others sources (avoiding a node is removing it, not cutting the cycle open): undecided.
        guard try reader.passes(key) else { return nil }
        if let known = try reader.baselineSupply(of: key) {
            decided[key] = known
            return known
        }
        guard depth < SupplyProof.depthLimit, !open.contains(key) else { return nil }
        open.insert(key)
        defer { open.remove(key) }
        var undecided = false
        for alternatives in try requirements(of: key) {
            var met = false, unsure = false
            for supplier in alternatives {
                switch try prove(supplier, depth: depth + 1) {
                case true?: met = true
                case nil: unsure = true
                case false?: break
                }
                if met { break }
            }
            if met { continue }
            if !unsure {
                decided[key] = false  // this requirement is unmet for good
                return false
            }
            undecided = true
        }
        if undecided { return nil }
        decided[key] = true
        return true
    }

    /// The alternative suppliers of each requirement of `key`, grouped as ``SupplyNetwork``
    /// groups them: goods by input, gates by input and grantor. Edges with a status or an
    /// `as_of` are rare and their rules many (the latest claim decides), so a node with any
    /// goes through a one-level ``SupplyNetwork``, which holds those rules.
    private func requirements(of key: Reader.Key) throws -> [[Reader.Key]] {
        var edges: [SupplyEdge<Reader.Key, Reader.EdgeRef>] = []
        try reader.forEachSupplyEdge(of: [key], .upstream) { edges.append($0) }
        if edges.contains(where: { $0.claim != nil }) {
            let one = try SupplyNetwork(reader: reader, roots: [key], exempt: [key], depth: 1)
            return one.requirements(of: 0).map { r in one.alternatives(of: r).map { one.keys[Int(one.alternativeSupplier[$0])] } }
        }
        var order: [String] = [], suppliers: [String: [Reader.Key]] = [:]
        for edge in edges {
            let requirement = edge.gate ? "gate\u{1f}\(edge.input)\u{1f}\(try reader.id(of: edge.supplier))" : "goods\u{1f}" + edge.input
            if suppliers[requirement] == nil { order.append(requirement) }
            suppliers[requirement, default: []].append(edge.supplier)
        }
        return order.map { suppliers[$0]! }
    }
}
