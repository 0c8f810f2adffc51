/// An in-memory, read-only copy of the graph's adjacency, for the analysis queries.
///
/// Nodes get dense indices in id order and edges dense indices in id order, so every walk
/// visits neighbours in a fixed order and results are deterministic. Adjacency is kept as
/// compressed sparse rows (offset and edge arrays) for three views: stored direction out,
/// stored direction in, and supply direction (downstream) with its reverse (upstream).
///
/// Memory: about 40 bytes per edge and 40 per node plus the id strings. Loading reads every
/// edge that passes the filter once (O(n + m)).
public final class GraphSnapshot {
    /// Node ids by dense index (sorted).
    public let nodeIDs: [String]
    /// Node kinds by dense index.
    public let nodeKinds: [String]
    /// Edge ids by dense index.
    public let edgeIDs: [String]
    /// Edge endpoints (dense node indices) and kinds.
    public let edgeSources: [Int32]
    public let edgeTargets: [Int32]
    public let edgeKinds: [String]
    /// Edge shares (midpoint; NaN when the edge has none) and volumes (NaN when none).
    public let edgeShares: [Double]
    public let edgeVolumes: [Double]
    /// Edge properties as stored JSON (decoded only when a query weighs by one).
    let edgeProperties: [String?]
    /// Each edge's flow.
    public let edgeFlows: [Flow]

    let index: [String: Int32]
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
        let connection = store.connection
        var nodeIDs: [String] = []
        var nodeKinds: [String] = []
        var nidToIndex: [Int64: Int32] = [:]
        for (nid, id, kind) in try connection.query("SELECT nid, id, kind FROM nodes ORDER BY id", [], {
            ($0.int64(0), $0.string(1) ?? "", $0.string(2) ?? "")
        }) {
            nidToIndex[nid] = Int32(nodeIDs.count)
            nodeIDs.append(id)
            nodeKinds.append(kind)
        }
        var flows: [String: Flow] = [:]
        for kind in try store.edgeKinds() { flows[kind.name] = kind.flow }

        var sql = """
            SELECT e.id, e.source, e.target, e.kind, e.share_low, e.share_high, e.volume, e.valid_from, e.valid_to, e.properties
            FROM edges e
            """
        var arguments: [SQLValue] = []
        if let source = filter.source {
            sql += " WHERE EXISTS (SELECT 1 FROM edge_citations c JOIN sources s ON s.sid = c.source WHERE c.edge = e.eid AND s.id = ?)"
            arguments.append(.text(source))
        }
        sql += " ORDER BY e.id"
        var edgeIDs: [String] = [], sources: [Int32] = [], targets: [Int32] = [], kinds: [String] = []
        var shares: [Double] = [], volumes: [Double] = [], properties: [String?] = [], edgeFlows: [Flow] = []
        let statement = try connection.prepare(sql)
        try statement.bind(arguments)
        while let row = try statement.step() {
            let kind = row.string(3) ?? ""
            if let kinds = filter.edgeKinds, !kinds.contains(kind) { continue }
            if let date = filter.asOf, !row.isNull(7) || !row.isNull(8) {
                let period = try Period(
                    from: row.string(7).map { text throws(ValueError) in try PartialDate(parsing: text) },
                    to: row.string(8).map { text throws(ValueError) in try PartialDate(parsing: text) })
                if !period.contains(date) { continue }
            }
            guard let source = nidToIndex[row.int64(1)], let target = nidToIndex[row.int64(2)] else { continue }
            edgeIDs.append(row.string(0) ?? "")
            sources.append(source)
            targets.append(target)
            kinds.append(kind)
            shares.append(row.isNull(4) ? .nan : (row.double(4) + (row.optionalDouble(5) ?? row.double(4))) / 2)
            volumes.append(row.optionalDouble(6) ?? .nan)
            properties.append(row.string(9))
            edgeFlows.append(flows[kind] ?? .none)
        }
        self.nodeIDs = nodeIDs
        self.nodeKinds = nodeKinds
        self.edgeIDs = edgeIDs
        self.edgeSources = sources
        self.edgeTargets = targets
        self.edgeKinds = kinds
        self.edgeShares = shares
        self.edgeVolumes = volumes
        self.edgeProperties = properties
        self.edgeFlows = edgeFlows
        self.index = Dictionary(uniqueKeysWithValues: nodeIDs.enumerated().map { ($1, Int32($0)) })

        let n = nodeIDs.count
        let all = Array(0..<Int32(edgeIDs.count))
        out = Adjacency(nodeCount: n, edges: all, from: { sources[Int($0)] }, to: { targets[Int($0)] })
        into = Adjacency(nodeCount: n, edges: all, from: { targets[Int($0)] }, to: { sources[Int($0)] })
        let supply = all.filter { edgeFlows[Int($0)] != .none }
        let supplier: (Int32) -> Int32 = { edgeFlows[Int($0)] == .with ? sources[Int($0)] : targets[Int($0)] }
        let buyer: (Int32) -> Int32 = { edgeFlows[Int($0)] == .with ? targets[Int($0)] : sources[Int($0)] }
        down = Adjacency(nodeCount: n, edges: supply, from: supplier, to: buyer)
        up = Adjacency(nodeCount: n, edges: supply, from: buyer, to: supplier)
    }

    /// The dense index of the node with this id.
    public func nodeIndex(_ id: String) -> Int32? { index[id] }

    /// Calls `body(neighbour, edge)` for each edge leaving `node` in `direction`, in order of
    /// neighbour id, then edge id. With `.any`, edges out are visited before edges in.
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

    /// Builds the rows with a counting sort: O(n + m), then sorts each row (rows are short).
    init(nodeCount: Int, edges list: [Int32], from: (Int32) -> Int32, to: (Int32) -> Int32) {
        var offsets = [Int32](repeating: 0, count: nodeCount + 1)
        for edge in list { offsets[Int(from(edge)) + 1] += 1 }
        for v in 0..<nodeCount { offsets[v + 1] += offsets[v] }
        var next = offsets
        var neighbors = [Int32](repeating: 0, count: list.count)
        var edges = [Int32](repeating: 0, count: list.count)
        for edge in list {  // `list` is in edge order, so each row is filled in edge order
            let slot = Int(next[Int(from(edge))])
            next[Int(from(edge))] += 1
            neighbors[slot] = to(edge)
            edges[slot] = edge
        }
        for v in 0..<nodeCount where offsets[v + 1] - offsets[v] > 1 {
            let range = Int(offsets[v])..<Int(offsets[v + 1])
            let sorted = range.map { (neighbors[$0], edges[$0]) }.sorted { $0 < $1 }
            for (slot, pair) in zip(range, sorted) {
                neighbors[slot] = pair.0
                edges[slot] = pair.1
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
    func degree(_ node: Int32) -> Int { Int(offsets[Int(node) + 1] - offsets[Int(node)]) }
}
