/// A ``GraphQuery``'s snapshot under its filter, as the walks and searches (``GraphAdjacency``)
/// and the supply analyses (``SupplyReader``) read it: nodes and edges by dense index, whose
/// order is id order for nodes, so nothing needs reading ahead or looking up.
struct SnapshotAdjacency: GraphAdjacency {
    let query: GraphQuery
    /// Nodes and edges left out of the neighbours given (the spur searches of the k shortest
    /// paths), or nil.
    var banned: GraphQuery.Banned?

    var snapshot: GraphSnapshot { query.snapshot }

    init(_ query: GraphQuery, banning banned: GraphQuery.Banned? = nil) {
        self.query = query
        self.banned = banned
    }

    var keyLimit: Int { snapshot.nodeCount }

    /// The rows are sorted by (neighbour, edge), so each neighbour's edges come in edge order;
    /// without `edges`, `.any` merges the rows out and in, so that every direction gives its
    /// neighbours in id order (``neighborsInIDOrder``).
    @inline(__always)
    func forEachNeighbor(of node: Int32, _ direction: Direction, edges: Bool, _ body: (Int32, Int32) throws -> Void) throws {
        switch direction {
        case .downstream: try forEach(in: snapshot.down, of: node, body)
        case .upstream: try forEach(in: snapshot.up, of: node, body)
        case .any where edges:
            try forEach(in: snapshot.out, of: node, body)
            try forEach(in: snapshot.into, of: node, body)
        case .any:
            let (out, into) = (snapshot.out, snapshot.into)
            var i = Int(out.offsets[Int(node)]), j = Int(into.offsets[Int(node)])
            let iEnd = Int(out.offsets[Int(node) + 1]), jEnd = Int(into.offsets[Int(node) + 1])
            while i < iEnd || j < jEnd {
                let takeOut = j == jEnd || (i < iEnd && (out.neighbors[i], out.edges[i]) < (into.neighbors[j], into.edges[j]))
                let (other, edge) = takeOut ? (out.neighbors[i], out.edges[i]) : (into.neighbors[j], into.edges[j])
                if takeOut { i += 1 } else { j += 1 }
                if let banned, banned.nodes.contains(other) || banned.edges.contains(edge) { continue }
                try body(other, edge)
            }
        }
    }

    /// Dense indices are in id order, and so are the rows.
    var neighborsInIDOrder: Bool { true }

    @inline(__always)
    private func forEach(in rows: Adjacency, of node: Int32, _ body: (Int32, Int32) throws -> Void) throws {
        var slot = Int(rows.offsets[Int(node)])
        let end = Int(rows.offsets[Int(node) + 1])
        while slot < end {
            let (other, edge) = (rows.neighbors[slot], rows.edges[slot])
            slot += 1
            if let banned, banned.nodes.contains(other) || banned.edges.contains(edge) { continue }
            try body(other, edge)
        }
    }

    func prefetch(_ nodes: [Int32], _ direction: Direction, edges: Bool) {}
    func passes(_ key: Int32) -> Bool { query.passable[Int(key)] }
    func identify(_ keys: [Int32]) {}
    func precedes(_ a: Int32, _ b: Int32) -> Bool { a < b }
    func sortByID(_ keys: inout [Int32]) { sortIndices(&keys, bound: snapshot.nodeCount) }
}
