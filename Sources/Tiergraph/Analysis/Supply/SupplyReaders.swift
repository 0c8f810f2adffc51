/// The in-memory snapshot as a ``SupplyReader``: nodes and edges by dense index.
struct SnapshotSupplyReader: SupplyReader {
    let query: GraphQuery
    private var snapshot: GraphSnapshot { query.snapshot }

    init(_ query: GraphQuery) { self.query = query }

    func key(of id: String) -> Int32? { snapshot.nodeIndex(id) }
    func id(of key: Int32) -> String { snapshot.nodeIDs[Int(key)] }
    func edgeID(of edge: Int32) -> String { snapshot.edgeIDs[Int(edge)] }
    func kind(of key: Int32) -> String { snapshot.nodeKinds[Int(key)] }
    func passes(_ key: Int32) -> Bool { query.passable[Int(key)] }
    func identify(_ keys: [Int32]) {}

    func supplyEdge(withID id: String) throws -> (edge: Int32, supply: SupplyEdge<Int32, Int32>?)? {
        guard let edge = snapshot.edgeIDs.firstIndex(of: id).map(Int32.init) else {
            // In the file but not in the snapshot: outside the filters, like the file's reader says.
            return try snapshot.store.edge(id: id) == nil ? nil : (-1, nil)
        }
        var found: SupplyEdge<Int32, Int32>?
        try forEachSupplyEdge(of: [snapshot.edgeSources[Int(edge)], snapshot.edgeTargets[Int(edge)]], .upstream) {
            if $0.edge == edge { found = $0 }
        }
        return (edge, found)
    }

    func forEachSupplyEdge(of nodes: [Int32], _ direction: Direction, _ body: (SupplyEdge<Int32, Int32>) throws -> Void) throws {
        precondition(direction != .any, "supply edges lead upstream or downstream")
        for node in nodes {
            try snapshot.forEachNeighbor(of: node, direction) { other, edge in
                let (buyer, supplier) = direction == .upstream ? (node, other) : (other, node)
                try body(SupplyEdge(
                    buyer: buyer, supplier: supplier, edge: edge, input: snapshot.input(of: Int(edge)) ?? "",
                    gate: snapshot.edgeFlows[Int(edge)] == .gate, claim: snapshot.edgeClaims[edge]))
            }
        }
    }

    func shares(of edges: [Int32]) throws -> [Int32: Share] {
        let byKey = try snapshot.store.shares(ofEdgeKeys: edges.map { snapshot.edgeKeys[Int($0)] })
        var shares: [Int32: Share] = [:]
        for edge in edges { shares[edge] = byKey[snapshot.edgeKeys[Int(edge)]] }
        return shares
    }
}

/// The file's edge indexes as a ``SupplyReader``: nodes and edges by their integer keys.
extension StoredAdjacency: SupplyReader {
    func id(of key: Int64) throws -> String {
        try learn(key)
        return ids[key] ?? ""
    }

    func kind(of key: Int64) throws -> String {
        try learn(key)
        return kinds[key] ?? ""
    }

    func shares(of edges: [Int64]) throws -> [Int64: Share] { try store.shares(ofEdgeKeys: edges) }

    func supplyEdge(withID id: String) throws -> (edge: Int64, supply: SupplyEdge<Int64, Int64>?)? {
        let rows = try store.connection.query("SELECT eid, source, target FROM edges WHERE id = ?1", [.text(id)]) {
            ($0.int64(0), $0.int64(1), $0.int64(2))
        }
        guard let (edge, source, target) = rows.first else { return nil }
        var found: SupplyEdge<Int64, Int64>?
        try forEachSupplyEdge(of: [source, target], .upstream) { if $0.edge == edge { found = $0 } }
        return (edge, found)
    }
}

extension GraphStore {
    /// The shares stated on the edges with these keys, for those that have one.
    func shares(ofEdgeKeys keys: [Int64]) throws -> [Int64: Share] {
        guard !keys.isEmpty else { return [:] }
        var shares: [Int64: Share] = [:]
        let rows = try connection.query(
            "SELECT eid, share_low, share_high FROM edges WHERE eid IN (SELECT value FROM json_each(?1)) AND share_low IS NOT NULL",
            [.jsonArray(keys)]) { ($0.int64(0), $0.double(1), $0.optionalDouble(2)) }
        for (key, low, high) in rows { shares[key] = try Share(low: low, high: high ?? low) }
        return shares
    }
}
