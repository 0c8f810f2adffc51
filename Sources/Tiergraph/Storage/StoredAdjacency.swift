import Foundation

/// Neighbours read from the `edges` table through its indexes, with a query's filters applied.
///
/// Without a date or source filter the query is answered from the covering indexes `edges_out`
/// and `edges_in` alone (no table rows are read); each node's id and kind are read once, the
/// first time the node is seen. Without any edge filter, walks that need nodes only (no edges)
/// in a supply direction read the ``SupplyIndex`` instead, when the file has one, for the
/// nodes whose rows it holds (the edge indexes for the others).
final class StoredAdjacency: GraphAdjacency {
    private let filter: QueryFilter
    private let statement: Statement
    /// The supply edges upstream and downstream of a frontier, with inputs and claims (``forEachSupplyEdge(of:_:_:)``).
    private let supplyStatements: [Direction: Statement]
    let store: GraphStore
    private let edgeIDs: Statement
    private let nodesByKey: Statement
    private let nodeByID: Statement
    /// One more than the largest node key: the size of a search's flat per-node arrays.
    let keyLimit: Int
    /// The defined edge kinds as UTF-8 bytes, with their flows and whether the filter takes them:
    /// each row's kind is matched by its bytes (a few comparisons) instead of made into a `String`.
    private var edgeKinds: [(name: [UInt8], flow: Flow, taken: Bool, text: String)] = []
    /// The keys of the nodes the filter avoids.
    private var avoided: Set<Int64> = []
    /// Edges read ahead by ``prefetch(_:_:edges:)``, by node, in `prefetchedDirection`.
    private var prefetched: [Int64: [(node: Int64, edge: Int64, outward: Bool)]] = [:]
    private var prefetchedDirection: Direction?
    /// The ids of the nodes seen so far, and whether each may be passed through.
    private(set) var ids: [Int64: String] = [:]
    private(set) var passable: [Int64: Bool] = [:]
    private(set) var kinds: [Int64: String] = [:]
    private(set) var names: [Int64: String] = [:]
    /// The supply index, when the file has one and the filter does not look at edges.
    private let supplyIndex: SupplyIndex.Reader?
    /// The baseline supply, when the file has a supply index and the query no filter at all.
    let baseline: SupplyBaseline.Reader?

    init(store: GraphStore, filter: QueryFilter) throws {
        try store.validate(filter)
        self.filter = filter
        let edgesFiltered = filter.edgeKinds != nil || filter.asOf != nil || filter.source != nil
        keyLimit = Int(try store.connection.scalar("SELECT max(nid) FROM nodes")?.int64 ?? 0) + 1
        supplyIndex = edgesFiltered ? nil : try SupplyIndex.Reader(connection: store.connection, keyLimit: keyLimit)
        let unfiltered = !edgesFiltered && filter.nodeKinds == nil && filter.avoid.isEmpty && filter.include == Modality.counted
        baseline = unfiltered && supplyIndex != nil ? SupplyBaseline.Reader(connection: store.connection) : nil
        edgeKinds = try store.edgeKinds().map { (Array($0.name.utf8), $0.flow, filter.edgeKinds?.contains($0.name) ?? true, $0.name) }
        // ?1 is a JSON array of node keys: one statement reads the edges of a whole frontier.
        // Each row: the node it belongs to, the other end, the edge, its kind, whether it leaves
        // the node, and (only when filtering by date) its period and as_of.
        let period = filter.asOf == nil ? "NULL, NULL, NULL" : "e.valid_from, e.valid_to, e.as_of"
        let cited = filter.source == nil ? "" : """
             AND EXISTS (SELECT 1 FROM edge_citations c JOIN sources s ON s.sid = c.source WHERE c.edge = e.eid AND s.id = ?2)
            """
        statement = try store.connection.prepare("""
            SELECT j.value, e.target, e.eid, e.kind, 1, \(period) FROM json_each(?1) j CROSS JOIN edges e ON e.source = j.value\(cited)
            UNION ALL
            SELECT j.value, e.source, e.eid, e.kind, 0, \(period) FROM json_each(?1) j CROSS JOIN edges e ON e.target = j.value\(cited)
            """)
        // For the supply analyses, with the inputs and claims, which the covering indexes hold:
        // at the end where goods flow with the edge, every edge (one range scan: most edges are
        // supply edges, and `forEachRow` drops the others); at the other end only the edges of
        // kinds whose goods flow against them, searched by node and kind, so that a node's many
        // edges the other way are not read.
        func supplyEdges(_ direction: Direction) throws -> Statement {
            func part(_ end: String, _ other: String, outward: Bool, against: Bool) -> String {
                """
                SELECT j.value, e.\(other), e.eid, e.kind, \(outward ? 1 : 0), \(period), e.input, e.status, e.as_of, e.modality
                FROM json_each(?1) j CROSS JOIN edges e ON e.\(end) = j.value
                \(against ? "WHERE e.kind IN (SELECT name FROM edge_kinds WHERE flow = 'against')" : "WHERE 1")\(cited)
                """
            }
            return try store.connection.prepare(direction == .upstream
                ? part("target", "source", outward: false, against: false) + " UNION ALL " + part("source", "target", outward: true, against: true)
                : part("source", "target", outward: true, against: false) + " UNION ALL " + part("target", "source", outward: false, against: true))
        }
        supplyStatements = [.upstream: try supplyEdges(.upstream), .downstream: try supplyEdges(.downstream)]
        self.store = store
        edgeIDs = try store.connection.prepare("SELECT id, input, kind FROM edges WHERE eid = ?")
        nodesByKey = try store.connection.prepare("SELECT nid, id, kind, name FROM nodes WHERE nid IN (SELECT value FROM json_each(?1))")
        nodeByID = try store.connection.prepare("SELECT nid, kind, name FROM nodes WHERE id = ?")
        for id in filter.avoid {
            if let key = try key(of: id) { avoided.insert(key) }
        }
    }

    /// The key of the node with this id (and records its id).
    func key(of id: String) throws -> Int64? {
        try nodeByID.bind([.text(id)])
        defer { nodeByID.reset() }
        guard let row = try nodeByID.step() else { return nil }
        let key = row.int64(0)
        ids[key] = id
        kinds[key] = row.string(1) ?? ""
        names[key] = row.string(2) ?? ""
        passable[key] = isPassable(id: id, kind: row.string(1) ?? "")
        return key
    }

    /// The text id of edge `key`.
    func edgeID(of key: Int64) throws -> String { try edge(key).id }

    /// The text id of edge `key` and the input it serves (nil if it is not a supply edge).
    func edge(_ key: Int64) throws -> (id: String, input: String?) {
        try edgeIDs.bind([.integer(key)])
        defer { edgeIDs.reset() }
        guard let row = try edgeIDs.step() else { return ("", nil) }
        let kind = row.string(2) ?? ""
        let supply = edgeKinds.contains { $0.text == kind && $0.flow != .none }
        return (row.string(0) ?? "", supply ? row.string(1) ?? kind : nil)
    }

    /// ``GraphAdjacency/forEachNeighbor(of:_:edges:_:)``: the other end (whose id is not read)
    /// and the edge. With `edges` false, from the supply index when it is used and knows the
    /// node: each neighbour once, with edge -1 (``firstEdge(from:to:_:)`` reads it when needed).
    /// With `edges`, one neighbour's edges are put in edge order (the index holds them by kind).
    func forEachNeighbor(of node: Int64, _ direction: Direction, edges: Bool, _ body: (_ other: Int64, _ edge: Int64) throws -> Void) throws {
        if !edges, direction != .any, let supplyIndex, try supplyIndex.forEachNeighbor(of: node, direction, { try body($0, -1) }) { return }
        var found = try unlearnedEdges(of: node, direction)
        if edges {
            found.sort { a, b in
                let (aLater, bLater) = (direction == .any && !a.outward, direction == .any && !b.outward)
                return aLater == bLater ? a.edge < b.edge : bLater
            }
        }
        for entry in found { try body(entry.node, entry.edge) }
    }

    /// Neighbours come in the order of the index (by kind) or of the supply index (by key).
    var neighborsInIDOrder: Bool { false }

    /// ``GraphAdjacency/prefetch(_:_:edges:)``: a breadth-first level's rows of the supply index
    /// (neighbours only, where it is used) or edges, with the ids and kinds of the neighbours
    /// when the filter names node kinds (which ``passes(_:)`` then needs).
    func prefetch(_ nodes: [Int64], _ direction: Direction, edges: Bool) throws {
        guard !edges, direction != .any, let supplyIndex else { return try readAhead(nodes, direction) }
        let unknown = try supplyIndex.load(nodes, direction)
        if !unknown.isEmpty { try readAhead(unknown, direction) }
        guard filter.nodeKinds != nil else { return }
        var unseen: [Int64] = []
        for node in nodes {
            try forEachNeighbor(of: node, direction, edges: false) { other, _ in if ids[other] == nil { unseen.append(other) } }
        }
        try identify(unseen)
    }

    /// The lowest-keyed edge that leads from `node` to `other` in `direction` and passes the
    /// filter: the one the ordered searches take among parallel edges.
    func firstEdge(from node: Int64, to other: Int64, _ direction: Direction) throws -> Int64 {
        try unlearnedEdges(of: node, direction).filter { $0.node == other }.map(\.edge).min() ?? -1
    }

    /// The neighbours of `node` in the snapshot's order: by id, then edge; for `.any`, edges out
    /// before edges in.
    func orderedNeighbors(of node: Int64, _ direction: Direction) throws -> [(node: Int64, edge: Int64)] {
        // Each id is looked up once, not at every comparison.
        try edges(of: node, direction).map { (id: ids[$0.node] ?? "", entry: $0) }.sorted { a, b in
            if direction == .any && a.entry.outward != b.entry.outward { return a.entry.outward }
            return a.id == b.id ? a.entry.edge < b.entry.edge : a.id < b.id
        }.map { ($0.entry.node, $0.entry.edge) }
    }

    /// Whether node `a` comes before node `b` in id order (both seen already).
    func precedes(_ a: Int64, _ b: Int64) -> Bool { (ids[a] ?? "") < (ids[b] ?? "") }

    /// Puts `keys` in id order, reading the ids not seen yet in one statement.
    func sortByID(_ keys: inout [Int64]) throws {
        try identify(keys)
        keys = keys.map { (id: ids[$0] ?? "", node: $0) }.sorted { $0.id < $1.id }.map(\.node)
    }

    /// Like ``neighbors(of:_:)``, with whether each edge leaves `node` (`outward`) or enters it;
    /// the other ends' ids and kinds are read (``learn(_:)``) for the walks that order and filter by them.
    func edges(of node: Int64, _ direction: Direction) throws -> [(node: Int64, edge: Int64, outward: Bool)] {
        let result = try unlearnedEdges(of: node, direction)
        for entry in result { try learn(entry.node) }
        return result
    }

    /// ``edges(of:_:)`` without reading the other ends' ids: for callers that only compare keys.
    func unlearnedEdges(of node: Int64, _ direction: Direction) throws -> [(node: Int64, edge: Int64, outward: Bool)] {
        if direction == prefetchedDirection, let edges = prefetched[node] { return edges }
        var result: [(node: Int64, edge: Int64, outward: Bool)] = []
        try forEachEdge(of: [node], direction) { _, other, edge, outward in result.append((other, edge, outward)) }
        return result
    }

    /// Reads the edges of all `nodes` in `direction` (and, if the filter names node kinds, which
    /// ``passes(_:)`` then needs, the ids and kinds of their other ends not seen yet), for the
    /// ``edges(of:_:)`` calls that follow: one or two statements for a breadth-first level
    /// instead of one or two per node. Replaces what was read ahead before.
    private func readAhead(_ nodes: [Int64], _ direction: Direction) throws {
        var edges: [Int64: [(node: Int64, edge: Int64, outward: Bool)]] = [:]
        for node in nodes { edges[node] = [] }
        var unseen = Set<Int64>()
        try forEachEdge(of: nodes, direction) { node, other, edge, outward in
            edges[node]!.append((other, edge, outward))
            if filter.nodeKinds != nil && ids[other] == nil { unseen.insert(other) }
        }
        try identify(Array(unseen))
        prefetched = edges
        prefetchedDirection = direction
    }

    /// Calls `body` with every edge of each of `nodes` that leads in `direction` and passes the
    /// filter: the node it belongs to, the other end, the edge, and whether it leaves the node.
    /// One statement for all the nodes (a walk's whole frontier): edges out of every node first,
    /// then edges into them; within each, in index order.
    func forEachEdge(
        of nodes: [Int64], _ direction: Direction,
        _ body: (_ node: Int64, _ other: Int64, _ edge: Int64, _ outward: Bool) throws -> Void
    ) throws {
        try forEachRow(of: nodes, direction, statement) { row, outward, _ in try body(row.int64(0), row.int64(1), row.int64(2), outward) }
    }

    /// ``forEachEdge(of:_:_:)`` for the supply analyses: each supply or gate edge as a
    /// ``SupplyEdge`` (with its input, status and `as_of`, read from the table row).
    func forEachSupplyEdge(of nodes: [Int64], _ direction: Direction, _ body: (SupplyEdge<Int64, Int64>) throws -> Void) throws {
        precondition(direction != .any, "supply edges lead upstream or downstream")
        try forEachRow(of: nodes, direction, supplyStatements[direction]!) { row, _, kind in
            let (node, other) = (row.int64(0), row.int64(1))
            let (buyer, supplier) = direction == .upstream ? (node, other) : (other, node)
            try body(SupplyEdge(
                buyer: buyer, supplier: supplier, edge: row.int64(2), input: row.string(8) ?? kind.text, gate: kind.flow == .gate,
                claim: SupplyClaim(status: row.string(9), asOf: row.string(10), modality: row.string(11), include: filter.include)))
        }
    }

    private func forEachRow(
        of nodes: [Int64], _ direction: Direction, _ statement: Statement,
        _ body: (_ row: Row, _ outward: Bool, _ kind: (flow: Flow, text: String)) throws -> Void
    ) throws {
        guard !nodes.isEmpty else { return }
        try statement.bind(.jsonArray(nodes.sorted()), at: 1)
        if let source = filter.source { try statement.bind(.text(source), at: 2) }
        defer { statement.reset() }
        while let row = try statement.step() {
            let (flow, taken, name) = row.withUTF8(3, kind(named:))
            guard taken else { continue }
            let outward = row.int64(4) == 1
            let follows: Bool
            switch (direction, flow) {
            case (.any, _): follows = true
            case (_, _): follows = flow.supplierIsSource.map { $0 == (direction == .downstream) ? outward : !outward } ?? false
            }
            guard follows else { continue }
            if filter.asOf != nil, try !filter.admits(validFrom: row.string(5), validTo: row.string(6), asOf: row.string(7)) { continue }
            try body(row, outward, (flow, name))
        }
    }

    /// The flow of the kind with this name, and whether the filter takes it. An undefined kind
    /// (which `check` reports) has no flow.
    private func kind(named name: UnsafeBufferPointer<UInt8>) -> (flow: Flow, taken: Bool, text: String) {
        for kind in edgeKinds where kind.name.count == name.count {
            if name.isEmpty || kind.name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }) {
                return (kind.flow, kind.taken, kind.text)
            }
        }
        let text = String(decoding: name, as: UTF8.self)
        return (.none, filter.edgeKinds?.contains(text) ?? true, text)
    }

    /// Whether a walk may pass node `key`, reading the node only when the filter names node kinds.
    func passes(_ key: Int64) throws -> Bool {
        guard filter.nodeKinds != nil else { return avoided.isEmpty || !avoided.contains(key) }
        try learn(key)
        return passable[key] == true
    }

    /// Reads the id and kind of a node the first time it is seen.
    func learn(_ key: Int64) throws {
        if ids[key] == nil { try identify([key]) }
    }

    /// Reads the ids and kinds of those of `keys` not seen yet, in one statement.
    func identify(_ keys: [Int64]) throws {
        let keys = keys.filter { ids[$0] == nil }
        guard !keys.isEmpty else { return }
        try nodesByKey.bind([.jsonArray(keys)])
        defer { nodesByKey.reset() }
        while let row = try nodesByKey.step() {
            let id = row.string(1) ?? ""
            ids[row.int64(0)] = id
            kinds[row.int64(0)] = row.string(2) ?? ""
            names[row.int64(0)] = row.string(3) ?? ""
            passable[row.int64(0)] = isPassable(id: id, kind: row.string(2) ?? "")
        }
    }

    private func isPassable(id: String, kind: String) -> Bool {
        !filter.avoid.contains(id) && (filter.nodeKinds?.contains(kind) ?? true)
    }
}
