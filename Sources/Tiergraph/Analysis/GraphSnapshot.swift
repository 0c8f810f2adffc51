/// An in-memory, read-only copy of the graph's adjacency, for the analysis queries.
///
/// Nodes get dense indices in id order; edges in the order the database stores them (their
/// integer key), so every walk visits neighbours in a fixed order — by neighbour id, then by
/// edge — and the same database always gives the same answers. Adjacency is kept as compressed
/// sparse rows (offset and edge arrays) for four views: stored direction out and in, and supply
/// direction (downstream) with its reverse (upstream).
///
/// Memory: about 60 bytes per edge and 40 per node plus the id strings. Loading reads every
/// edge that passes the filter once: O(n + m).
public final class GraphSnapshot {
    /// Node ids by dense index (sorted).
    let nodeIDs: [String]
    /// Node kinds by dense index.
    let nodeKinds: [String]
    /// Edge ids by dense index.
    let edgeIDs: [String]
    /// Edge endpoints (dense node indices).
    let edgeSources: [Int32]
    let edgeTargets: [Int32]
    /// Edge kinds, as indices into ``kindNames``.
    let edgeKindCodes: [UInt16]
    /// The kind names that ``edgeKindCodes`` index.
    let kindNames: [String]
    /// Edge shares (midpoint; NaN when the edge has none) and volumes (NaN when none).
    let edgeShares: [Double]
    let edgeVolumes: [Double]
    /// Each edge's flow.
    let edgeFlows: [Flow]
    /// Each edge's input, as an index into ``inputNames``; -1 when the edge gives none (its
    /// kind names the input).
    let edgeInputCodes: [Int32]
    /// The input names that ``edgeInputCodes`` index.
    let inputNames: [String]
    /// The status and `as_of` of the edges that have either (by edge index): sparse.
    let edgeClaims: [Int32: SupplyClaim]
    /// The database keys of the edges, to read further facts on demand.
    let edgeKeys: [Int64]
    let store: GraphStore

    let index: [String: Int32]
    /// Per-node scratch space reused by walks, so a query that touches little of a big graph
    /// does not clear arrays the size of the graph. One walk at a time per snapshot; a search
    /// from both ends uses `marks` forwards and `backMarks` backwards.
    let marks: NodeMarks<Int32>
    let backMarks: NodeMarks<Int32>
    let out: Adjacency
    let into: Adjacency
    let down: Adjacency
    let up: Adjacency

    /// The number of nodes and edges.
    public var nodeCount: Int { nodeIDs.count }
    public var edgeCount: Int { edgeIDs.count }

    /// Loads the nodes and the edges that pass `filter` (edge kinds, as-of date, source).
    /// Node-kind and avoid filters are applied by the walks, since endpoints are exempt.
    public init(store: GraphStore, filter: QueryFilter = QueryFilter()) throws {
        try store.validate(filter)
        self.store = store
        let connection = store.connection
        var nodeIDs: [String] = []
        var nodeKinds: [String] = []
        // Node keys are small positive integers: an array maps them faster than a dictionary.
        let maxKey = Int(try connection.scalar("SELECT coalesce(max(nid), 0) FROM nodes")?.int64 ?? 0)
        var nidToIndex = [Int32](repeating: -1, count: maxKey + 1)
        let nodeRows = try connection.prepare("SELECT nid, id, kind FROM nodes ORDER BY id")
        while let row = try nodeRows.step() {
            nidToIndex[Int(row.int64(0))] = Int32(nodeIDs.count)
            nodeIDs.append(row.string(1) ?? "")
            nodeKinds.append(row.string(2) ?? "")
        }
        var flowOfKind: [String: Flow] = [:]
        for kind in try store.edgeKinds() { flowOfKind[kind.name] = kind.flow }
        var kindNames: [String] = []
        var kindCodes: [String: UInt16] = [:]

        var sql = """
            SELECT e.eid, e.id, e.source, e.target, e.kind, e.share_low, e.share_high, (coalesce(e.volume, e.volume_high) + coalesce(e.volume_high, e.volume)) / 2, e.valid_from, e.valid_to, e.input,
                e.status, e.as_of, e.modality
            FROM edges e
            """
        var arguments: [SQLValue] = []
        if let source = filter.source {
            sql += " WHERE EXISTS (SELECT 1 FROM edge_citations c JOIN sources s ON s.sid = c.source WHERE c.edge = e.eid AND s.id = ?)"
            arguments.append(.text(source))
        }
        sql += " ORDER BY e.eid"
        var edgeIDs: [String] = [], keys: [Int64] = [], sources: [Int32] = [], targets: [Int32] = []
        var codes: [UInt16] = [], shares: [Double] = [], volumes: [Double] = [], flows: [Flow] = []
        var inputCodes: [Int32] = [], inputNames = TextCodes()
        var claims: [Int32: SupplyClaim] = [:]
        let statement = try connection.prepare(sql)
        try statement.bind(arguments)
        while let row = try statement.step() {
            let kind = row.string(4) ?? ""
            if let kinds = filter.edgeKinds, !kinds.contains(kind) { continue }
            if filter.asOf != nil, try !filter.admits(validFrom: row.string(8), validTo: row.string(9), asOf: row.string(12)) { continue }
            let sourceKey = Int(row.int64(2)), targetKey = Int(row.int64(3))
            guard (0...maxKey).contains(sourceKey), (0...maxKey).contains(targetKey) else { continue }
            let source = nidToIndex[sourceKey], target = nidToIndex[targetKey]
            guard source >= 0, target >= 0 else { continue }
            let code: UInt16
            if let known = kindCodes[kind] {
                code = known
            } else {
                code = UInt16(kindNames.count)
                kindCodes[kind] = code
                kindNames.append(kind)
            }
            keys.append(row.int64(0))
            edgeIDs.append(row.string(1) ?? "")
            sources.append(source)
            targets.append(target)
            codes.append(code)
            shares.append(row.isNull(5) ? .nan : (row.double(5) + (row.optionalDouble(6) ?? row.double(5))) / 2)
            volumes.append(row.optionalDouble(7) ?? .nan)
            flows.append(flowOfKind[kind] ?? .none)
            if let input = row.string(10) {
                inputCodes.append(inputNames.code(of: input))
            } else {
                inputCodes.append(-1)
            }
            if let claim = SupplyClaim(status: row.string(11), asOf: row.string(12), modality: row.string(13), include: filter.include) {
                claims[Int32(keys.count - 1)] = claim
            }
        }
        self.nodeIDs = nodeIDs
        self.nodeKinds = nodeKinds
        self.edgeIDs = edgeIDs
        self.edgeKeys = keys
        self.edgeSources = sources
        self.edgeTargets = targets
        self.edgeKindCodes = codes
        self.kindNames = kindNames
        self.edgeShares = shares
        self.edgeVolumes = volumes
        self.edgeFlows = flows
        self.edgeInputCodes = inputCodes
        self.edgeClaims = claims
        self.inputNames = inputNames.texts
        var index: [String: Int32] = [:]
        index.reserveCapacity(nodeIDs.count)
        for (offset, id) in nodeIDs.enumerated() { index[id] = Int32(offset) }
        self.index = index

        let n = nodeIDs.count
        marks = NodeMarks(keyLimit: n)
        backMarks = NodeMarks(keyLimit: n)
        var suppliers = [Int32](repeating: -1, count: sources.count), buyers = suppliers
        for edge in sources.indices {
            switch flows[edge].supplierIsSource {
            case true?: (suppliers[edge], buyers[edge]) = (sources[edge], targets[edge])
            case false?: (suppliers[edge], buyers[edge]) = (targets[edge], sources[edge])
            case nil: break
            }
        }
        out = Adjacency(nodeCount: n, from: sources, to: targets)
        into = Adjacency(nodeCount: n, from: targets, to: sources)
        down = Adjacency(nodeCount: n, from: suppliers, to: buyers)
        up = Adjacency(nodeCount: n, from: buyers, to: suppliers)
    }

    /// The input that edge `edge` serves (its `input`, else its kind); nil for an edge that is not supply.
    func input(of edge: Int) -> String? {
        guard edgeFlows[edge] != .none else { return nil }
        let code = edgeInputCodes[edge]
        return code >= 0 ? inputNames[Int(code)] : kindNames[Int(edgeKindCodes[edge])]
    }

    /// The code of edge kind `name` in this snapshot, if any edge has it.
    func kindCode(_ name: String) -> UInt16? {
        kindNames.firstIndex(of: name).map(UInt16.init)
    }

    /// A numeric property of every edge (NaN where missing), read from the database on demand.
    /// - Throws: a ``QueryError`` listing the weights there are when no edge has the property.
    func edgeProperty(_ name: String) throws -> [Double] {
        var values: [Int64: SQLValue] = [:]
        let statement = try store.connection.prepare(
            "SELECT eid, json_extract(properties, ?) FROM edges WHERE json_extract(properties, ?1) IS NOT NULL")
        try statement.bind([.text(NodeField.path(name))])
        while let row = try statement.step() { values[row.int64(0)] = row.value(1) }
        if values.isEmpty {
            let known = try store.connection.query(
                "SELECT DISTINCT j.key FROM edges, json_each(edges.properties) j WHERE j.type IN ('integer', 'real') ORDER BY 1") {
                $0.string(0) ?? ""
            }
            throw QueryError.unknown("weight", name, known: ["hops", "share", "volume"] + known)
        }
        return try edgeKeys.enumerated().map { edge, key in
            switch values[key] {
            case nil, .null?: return .nan
            case .integer(let int)?: return Double(int)
            case .real(let double)?: return double
            default: throw QueryError("property '\(name)' of edge \(edgeIDs[edge]) is not a number")
            }
        }
    }

    /// The dense index of the node with this id.
    public func nodeIndex(_ id: String) -> Int32? { index[id] }

    /// Calls `body(neighbour, edge)` for each edge leaving `node` in `direction`, in order of
    /// neighbour id, then edge order. With `.any`, edges out are visited before edges in.
    @inline(__always)
    func forEachNeighbor(of node: Int32, _ direction: Direction, _ body: (Int32, Int32) throws -> Void) rethrows {
        switch direction {
        case .downstream: try down.forEach(node, body)
        case .upstream: try up.forEach(node, body)
        case .any:
            try out.forEach(node, body)
            try into.forEach(node, body)
        }
    }

    /// The other end of `edge` seen from `node`.
    func otherEnd(of edge: Int32, from node: Int32) -> Int32 {
        edgeSources[Int(edge)] == node ? edgeTargets[Int(edge)] : edgeSources[Int(edge)]
    }
}

/// Compressed sparse rows: the edges leaving each node, sorted by (neighbour, edge).
struct Adjacency {
    /// `offsets[v]..<offsets[v + 1]` indexes `neighbors` and `edges` for node `v`.
    let offsets: [Int32]
    let neighbors: [Int32]
    let edges: [Int32]

    /// Builds the rows of edges `e` with `from[e] >= 0` (a counting sort, O(n + m)), then puts
    /// each row in neighbour order, equal neighbours in edge order: an insertion sort for short
    /// rows (most are), the standard library's sort for long ones (O(d log d) for a hub of degree d).
    init(nodeCount: Int, from: [Int32], to: [Int32]) {
        var offsets = [Int32](repeating: 0, count: nodeCount + 1)
        for u in from where u >= 0 { offsets[Int(u) + 1] += 1 }
        for v in 0..<nodeCount { offsets[v + 1] += offsets[v] }
        var next = offsets
        let count = Int(offsets[nodeCount])
        var neighbors = [Int32](repeating: 0, count: count)
        var edges = [Int32](repeating: 0, count: count)
        for edge in from.indices where from[edge] >= 0 {  // in edge order: each row starts in edge order
            let u = Int(from[edge])
            let slot = Int(next[u])
            next[u] += 1
            neighbors[slot] = to[edge]
            edges[slot] = Int32(edge)
        }
        for v in 0..<nodeCount {
            let start = Int(offsets[v]), end = Int(offsets[v + 1])
            guard end - start > 1 else { continue }
            if end - start > 32 {
                let row = zip(neighbors[start..<end], edges[start..<end]).sorted { $0 < $1 }
                for (offset, (neighbor, edge)) in row.enumerated() {
                    neighbors[start + offset] = neighbor
                    edges[start + offset] = edge
                }
                continue
            }
            for i in (start + 1)..<end {  // stable: equal neighbours keep edge order
                let (neighbor, edge) = (neighbors[i], edges[i])
                var j = i
                while j > start && neighbors[j - 1] > neighbor {
                    neighbors[j] = neighbors[j - 1]
                    edges[j] = edges[j - 1]
                    j -= 1
                }
                neighbors[j] = neighbor
                edges[j] = edge
            }
        }
        self.offsets = offsets
        self.neighbors = neighbors
        self.edges = edges
    }

    @inline(__always)
    func forEach(_ node: Int32, _ body: (Int32, Int32) throws -> Void) rethrows {
        var slot = Int(offsets[Int(node)])
        let end = Int(offsets[Int(node) + 1])
        while slot < end {
            try body(neighbors[slot], edges[slot])
            slot += 1
        }
    }

    /// The number of edges leaving `node`.
    func degree(_ node: Int32) -> Int { degree(Int(node)) }
    func degree(_ node: Int) -> Int { Int(offsets[node + 1] - offsets[node]) }

    /// The `i`th neighbour of `node`, for `i < degree(node)`.
    @inline(__always) func neighbor(_ node: Int, _ i: Int) -> Int { Int(neighbors[Int(offsets[node]) + i]) }

    /// The neighbours of `node`, in order.
    func neighbors(of node: Int) -> ArraySlice<Int32> { neighbors[Int(offsets[node])..<Int(offsets[node + 1])] }
}
