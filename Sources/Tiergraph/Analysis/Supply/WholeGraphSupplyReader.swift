/// Every supply and gate edge of a file in memory, grouped by buyer, unfiltered: the
/// ``SupplyReader`` that ``SupplyBaseline`` computes the supply of the whole graph over, reading
/// the edges table once instead of a statement per breadth-first level. Node keys are the
/// file's `nid`s, which the caller has checked lie in `0 ..< keyLimit`. Not thread-safe.
final class WholeGraphSupplyReader: SupplyReader {
    private let connection: Connection
    /// Buyer `b`'s edges are `order[start[b] ..< start[b + 1]]`, as indices into the arrays
    /// below (kept as read: a permutation costs less memory than sorted copies).
    private let start: [Int]
    private let order: [Int32]
    private let suppliers: [Int32]
    private let edges: [Int64]
    private let inputs: [Int32]
    private let gates: [Bool]
    /// The inputs' names by code (the edges' `input`, else their kind).
    private let inputNames: [String]
    /// The claims of the few edges with a status, an `as_of` or an uncounted modality.
    private let claims: [Int64: SupplyClaim]

    /// Reads every supply and gate edge whose ends are both in `0 ..< keyLimit`.
    ///
    /// - Complexity: O(nodes + edges) time (one pass, then a counting sort by buyer); about
    ///   25 bytes of memory per edge.
    init(connection: Connection, keyLimit: Int) throws {
        self.connection = connection
        var buyers: [Int32] = [], suppliers: [Int32] = [], edges: [Int64] = [], inputs: [Int32] = [], gates: [Bool] = []
        var names = TextCodes(), claims: [Int64: SupplyClaim] = [:]
        let rows = try connection.prepare("""
            SELECT e.source, e.target, e.eid, k.flow = 'against', k.flow = 'gate', coalesce(e.input, e.kind), e.status, e.as_of, e.modality
            FROM edges e JOIN edge_kinds k ON k.name = e.kind WHERE k.flow IN ('with', 'against', 'gate')
            """)
        while let row = try rows.step() {
            let (source, target) = (row.int64(0), row.int64(1))
            guard (0..<Int64(keyLimit)).contains(source), (0..<Int64(keyLimit)).contains(target) else { continue }
            let against = row.int64(3) == 1
            buyers.append(Int32(against ? source : target))
            suppliers.append(Int32(against ? target : source))
            edges.append(row.int64(2))
            gates.append(row.int64(4) == 1)
            inputs.append(names.code(of: row.string(5) ?? ""))
            if let claim = SupplyClaim(status: row.string(6), asOf: row.string(7), modality: row.string(8), include: Modality.counted) {
                claims[row.int64(2)] = claim
            }
        }
        var start = [Int](repeating: 0, count: keyLimit + 1)
        for buyer in buyers { start[Int(buyer) + 1] += 1 }
        for k in 0..<keyLimit { start[k + 1] += start[k] }
        var next = start
        var order = [Int32](repeating: 0, count: buyers.count)
        for (index, buyer) in buyers.enumerated() {
            order[next[Int(buyer)]] = Int32(index)
            next[Int(buyer)] += 1
        }
        self.start = start
        self.order = order
        self.suppliers = suppliers
        self.edges = edges
        self.inputs = inputs
        self.gates = gates
        inputNames = names.texts
        self.claims = claims
    }

    func key(of id: String) throws -> Int32? {
        try connection.scalar("SELECT nid FROM nodes WHERE id = ?1", [.text(id)])?.int64.map { Int32($0) }
    }

    func id(of key: Int32) throws -> String {
        try connection.scalar("SELECT id FROM nodes WHERE nid = ?1", [.integer(Int64(key))])?.string ?? ""
    }

    func edgeID(of edge: Int64) throws -> String {
        try connection.scalar("SELECT id FROM edges WHERE eid = ?1", [.integer(edge)])?.string ?? ""
    }

    func kind(of key: Int32) throws -> String {
        try connection.scalar("SELECT kind FROM nodes WHERE nid = ?1", [.integer(Int64(key))])?.string ?? ""
    }

    func passes(_ key: Int32) -> Bool { true }
    func identify(_ keys: [Int32]) {}
    func baselineSupply(of key: Int32) -> Bool? { nil }

    func forEachSupplyEdge(of nodes: [Int32], _ direction: Direction, _ body: (SupplyEdge<Int32, Int64>) throws -> Void) throws {
        switch direction {
        case .upstream:
            for node in nodes where (0..<start.count - 1).contains(Int(node)) {
                for i in order[start[Int(node)]..<start[Int(node) + 1]] { try body(edge(Int(i), buyer: node)) }
            }
        case .downstream:
            // Not what the baseline walks: a pass over every edge per call.
            let wanted = Set(nodes)
            for buyer in 0..<start.count - 1 {
                for i in order[start[buyer]..<start[buyer + 1]] where wanted.contains(suppliers[Int(i)]) {
                    try body(edge(Int(i), buyer: Int32(buyer)))
                }
            }
        case .any: preconditionFailure("supply edges lead upstream or downstream")
        }
    }

    func forEachSupplyNeighbor(of nodes: [Int32], _ direction: Direction, _ body: (Int32) throws -> Void) throws {
        try forEachSupplyEdge(of: nodes, direction) { try body(direction == .upstream ? $0.supplier : $0.buyer) }
    }

    private func edge(_ i: Int, buyer: Int32) -> SupplyEdge<Int32, Int64> {
        SupplyEdge(buyer: buyer, supplier: suppliers[i], edge: edges[i], input: inputNames[Int(inputs[i])], gate: gates[i], claim: claims[edges[i]])
    }

    func supplyEdge(withID id: String) throws -> (edge: Int64, supply: SupplyEdge<Int32, Int64>?)? {
        guard let row = try connection.query("SELECT eid, source, target FROM edges WHERE id = ?1", [.text(id)], {
            ($0.int64(0), $0.int64(1), $0.int64(2))
        }).first else { return nil }
        var found: SupplyEdge<Int32, Int64>?
        let ends = [row.1, row.2].filter { (0..<Int64(start.count - 1)).contains($0) }.map { Int32($0) }
        try forEachSupplyEdge(of: ends, .upstream) { if $0.edge == row.0 { found = $0 } }
        return (row.0, found)
    }

    func shares(of edges: [Int64]) throws -> [Int64: Share] { try connection.shares(ofEdgeKeys: edges) }
    func claimTimes(of edges: [Int64]) throws -> [Int64: String] { try connection.claimTimes(ofEdgeKeys: edges) }
}
