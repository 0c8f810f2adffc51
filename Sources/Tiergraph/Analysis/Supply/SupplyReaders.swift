/// The in-memory snapshot as a ``SupplyReader``: nodes and edges by dense index.
extension SnapshotAdjacency: SupplyReader {
    func key(of id: String) -> Int32? { snapshot.nodeIndex(id) }
    func id(of key: Int32) -> String { snapshot.nodeIDs[Int(key)] }
    func edgeID(of edge: Int32) -> String { snapshot.edgeIDs[Int(edge)] }
    func kind(of key: Int32) -> String { snapshot.nodeKinds[Int(key)] }
    func baselineSupply(of key: Int32) -> Bool? { nil }

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

    func claimTimes(of edges: [Int32]) throws -> [Int32: String] {
        let byKey = try snapshot.store.connection.claimTimes(ofEdgeKeys: edges.map { snapshot.edgeKeys[Int($0)] })
        var times: [Int32: String] = [:]
        for edge in edges { times[edge] = byKey[snapshot.edgeKeys[Int(edge)]] ?? "" }
        return times
    }

    func shares(of edges: [Int32]) throws -> [Int32: Share] {
        let byKey = try snapshot.store.connection.shares(ofEdgeKeys: edges.map { snapshot.edgeKeys[Int($0)] })
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

    func baselineSupply(of key: Int64) throws -> Bool? { try baseline?.isSupplied(key) }

    func shares(of edges: [Int64]) throws -> [Int64: Share] { try store.connection.shares(ofEdgeKeys: edges) }

    func claimTimes(of edges: [Int64]) throws -> [Int64: String] { try store.connection.claimTimes(ofEdgeKeys: edges) }

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

extension Connection {
    /// The time the claim of each edge with these keys describes, as its first day ("" when unknown).
    func claimTimes(ofEdgeKeys keys: [Int64]) throws -> [Int64: String] {
        guard !keys.isEmpty else { return [:] }
        var times: [Int64: String] = [:]
        let rows = try query("""
            SELECT e.eid, e.as_of, e.valid_from, e.status,
                (SELECT max(s.date) FROM edge_citations c JOIN sources s ON s.sid = c.source WHERE c.edge = e.eid)
            FROM edges e WHERE e.eid IN (SELECT value FROM json_each(?1))
            """, [.jsonArray(keys)]) { ($0.int64(0), $0.string(1), $0.string(2), $0.string(3), $0.string(4)) }
        for (key, asOf, validFrom, status, sourceDate) in rows {
            let date = { (text: String?) in text.flatMap { try? PartialDate(parsing: $0) } }
            let time = ClaimResolution.time(asOf: date(asOf), validFrom: date(validFrom), status: status, sourceDates: [date(sourceDate)].compactMap { $0 })
            times[key] = time?.lowerBound ?? ""
        }
        return times
    }

    /// The shares stated on the edges with these keys, for those that have one.
    func shares(ofEdgeKeys keys: [Int64]) throws -> [Int64: Share] {
        guard !keys.isEmpty else { return [:] }
        var shares: [Int64: Share] = [:]
        let rows = try query(
            "SELECT eid, share_low, share_high FROM edges WHERE eid IN (SELECT value FROM json_each(?1)) AND share_low IS NOT NULL",
            [.jsonArray(keys)]) { ($0.int64(0), $0.double(1), $0.optionalDouble(2)) }
        for (key, low, high) in rows { shares[key] = try Share(low: low, high: high ?? low) }
        return shares
    }
}

extension SupplyReader where Self: GraphAdjacency {
    /// The supply neighbours as the walks see them: one read ahead, then each node's neighbours.
    func forEachSupplyNeighbor(of nodes: [Key], _ direction: Direction, _ body: (Key) throws -> Void) throws {
        precondition(direction != .any, "supply edges lead upstream or downstream")
        try prefetch(nodes, direction, edges: false)
        for node in nodes { try forEachNeighbor(of: node, direction, edges: false) { other, _ in try body(other) } }
    }
}
