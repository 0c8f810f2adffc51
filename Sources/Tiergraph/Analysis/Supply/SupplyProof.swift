/// Whether single nodes are supplied, proven on demand from their upstream: a node is supplied
/// once each of its requirements has one supplier proven supplied (depth first, the first that
/// works), so a proof reads a thin slice of the upstream where ``SupplyNetwork`` reads all of it.
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
    /// Nodes the caller will ask about (``expect(_:)``), in order, and how far they have been read.
    private var expected: [Reader.Key] = []
    private var nextExpected = 0
    /// The first supplier of each requirement read so far, the latest last: what a proof will
    /// most likely read next.
    private var likely: [Reader.Key] = []
    /// Requirements read ahead with another node's, by node: taken out when used.
    private var readAhead: [Reader.Key: [[Reader.Key]]] = [:]
    /// How many nodes' edges one statement reads: enough that a statement's own cost is small
    /// beside its rows', few enough that what is read ahead stays small.
    static var batchSize: Int { 512 }
    init(reader: Reader) { self.reader = reader }

    /// Says that ``isSupplied(_:)`` will be asked about `keys`, so that whenever a proof must
    /// read a node's supply edges it reads theirs with it, a batch per statement, instead of one
    /// statement per node.
    mutating func expect(_ keys: [Reader.Key]) throws {
        for key in keys {
            if let known = try reader.baselineSupply(of: key) { decided[key] = known } else { expected.append(key) }
        }
    }

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
    private mutating func requirements(of key: Reader.Key) throws -> [[Reader.Key]] {
        if let known = readAhead.removeValue(forKey: key) { return known }
        // With it: the first suppliers of what was read last (a proof tries them next), then
        // the nodes the caller expects.
        var batch = [key], inBatch: Set = [key]
        while batch.count < SupplyProof.batchSize, let other = likely.popLast() ?? nextExpectedKey() {
            if decided[other] == nil && readAhead[other] == nil && inBatch.insert(other).inserted { batch.append(other) }
        }
        var edges: [Reader.Key: [SupplyEdge<Reader.Key, Reader.EdgeRef>]] = [:]
        try reader.forEachSupplyEdge(of: batch, .upstream) { edges[$0.buyer, default: []].append($0) }
        var own: [[Reader.Key]] = []
        for node in batch.reversed() {
            let requirements = try requirements(of: node, from: edges[node] ?? [])
            likely += requirements.reversed().compactMap(\.first)
            if node == key { own = requirements } else { readAhead[node] = requirements }
        }
        return own
    }

    private mutating func nextExpectedKey() -> Reader.Key? {
        guard nextExpected < expected.count else { return nil }
        nextExpected += 1
        return expected[nextExpected - 1]
    }

    /// ``requirements(of:)`` from the node's supply edges, as read.
    private func requirements(of key: Reader.Key, from edges: [SupplyEdge<Reader.Key, Reader.EdgeRef>]) throws -> [[Reader.Key]] {
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

