/// One thing a node needs: an input with its alternative suppliers, or a gate with its grantor.
public struct Requirement: Equatable, Sendable {
    /// The input's name (the edges' `input`, else their kind).
    public var input: String
    /// Whether it is a gate (a permission) rather than goods.
    public var gate: Bool
    /// The suppliers (or the grantor), by id.
    public var suppliers: [String]
    /// The suppliers (or grantors) whose edges for it are all not in force (a licence pending
    /// or denied, an order declined), by id: kept in the graph, but meeting nothing.
    public var notInForce: [String] = []
}

extension GraphQuery {
    /// What `node` needs: its inputs, each with its alternative suppliers, and its gates
    /// (``SupplyNetwork`` states the rule), by input.
    public func requirements(of node: String) throws -> [Requirement] {
        try SnapshotAdjacency(self).requirements(of: node)
    }

    /// The single points of failure of `target`'s supply, closest first: the nodes whose loss
    /// leaves it unsupplied (``SupplyNetwork`` states the rule), each with the inputs of
    /// `target` it cuts; with `field`, also the groups of nodes sharing a value of it whose loss
    /// all at once does (`.country`: which countries are chokepoints). With `kind`, only
    /// chokepoints of that node kind are listed.
    public func chokepoints(of target: String, groupingBy field: NodeField? = nil, ofKind kind: String? = nil) throws -> ChokepointReport {
        try SnapshotAdjacency(self).chokepoints(of: target, store: snapshot.store, groupingBy: field, ofKind: kind)
    }

    /// What-if: removes `nodes` and `edges` (ids) and reports who loses all supply and who
    /// loses part of it (``SupplyNetwork/impact(reader:removing:removingEdges:ofKind:)``).
    public func impact(removingNodes nodes: [String], edges: [String] = [], ofKind kind: String? = nil) throws -> ImpactReport {
        try SnapshotAdjacency(self).impact(removingNodes: nodes, edges: edges, store: snapshot.store, ofKind: kind)
    }
}

extension GraphStore {
    /// ``GraphQuery/requirements(of:)`` read from the file.
    public func requirements(of node: String, filter: QueryFilter = QueryFilter()) throws -> [Requirement] {
        try connection.reading { try StoredAdjacency(store: self, filter: filter).requirements(of: node) }
    }

    /// ``GraphQuery/chokepoints(of:groupingBy:ofKind:)`` reading only `target`'s upstream from
    /// the file: the same answer without loading the graph.
    public func chokepoints(
        of target: String, groupingBy field: NodeField? = nil, ofKind kind: String? = nil, filter: QueryFilter = QueryFilter()
    ) throws -> ChokepointReport {
        try connection.reading {
            try StoredAdjacency(store: self, filter: filter).chokepoints(of: target, store: self, groupingBy: field, ofKind: kind)
        }
    }

    /// ``GraphQuery/impact(removingNodes:edges:ofKind:)`` reading only what lies downstream of
    /// the removal, and its upstream, from the file.
    public func impact(
        removingNodes nodes: [String], edges: [String] = [], ofKind kind: String? = nil, filter: QueryFilter = QueryFilter()
    ) throws -> ImpactReport {
        try connection.reading {
            try StoredAdjacency(store: self, filter: filter).impact(removingNodes: nodes, edges: edges, store: self, ofKind: kind)
        }
    }

    /// The ids of the nodes whose `field` has `value` (`country=TW`, `kind=foundry`, `tier=2`,
    /// `listed=true`: values compare as the text they are written as): for removing a group.
    /// - Throws: a ``QueryError`` listing the values there are when no node has this one.
    public func nodeIDs(where field: NodeField, is value: String) throws -> [String] {
        try validate(field)
        let wanted = field == .kind ? EdgeKind.normalize(value) : value
        let ids = try connection.query("SELECT id FROM nodes WHERE \(field.sql(2)) = ?1 ORDER BY id", [.text(wanted)] + field.arguments) {
            $0.string(0) ?? ""
        }
        guard ids.isEmpty else { return ids }
        let known = try connection.query(
            "SELECT DISTINCT \(field.sql(2)) FROM nodes WHERE \(field.sql(2)) IS NOT NULL ORDER BY 1 LIMIT 50",
            field.arguments.isEmpty ? [] : [.null] + field.arguments) {
            $0.string(0) ?? ""
        }
        throw QueryError.unknown("value of \(field)", value, known: known)
    }

    /// The display names of the nodes `ids`, read in one statement.
    public func names(ofNodes ids: [String]) throws -> [String: String] {
        var names: [String: String] = [:]
        for (id, name) in try connection.query(
            "SELECT id, name FROM nodes WHERE id IN (SELECT value FROM json_each(?1))",
            [.text(JSONValue.array(ids.map(JSONValue.string)).serialized())], { ($0.string(0) ?? "", $0.string(1) ?? "") }) {
            names[id] = name
        }
        return names
    }

    /// Throws a ``QueryError`` listing the kinds the database has when `kind` is no node's kind.
    public func validateNodeKind(_ kind: String) throws {
        let known = try nodeKinds()
        guard !known.contains(EdgeKind.normalize(kind)) else { return }
        throw QueryError.unknown("node kind", kind, known: known)
    }

    /// Throws a ``QueryError`` when the filter names an edge or node kind the database does not
    /// have (a typo would otherwise give an empty answer).
    func validate(_ filter: QueryFilter) throws {
        for kind in (filter.nodeKinds ?? []).sorted() { try validateNodeKind(kind) }
        guard let edgeKinds = filter.edgeKinds else { return }
        let known = try self.edgeKinds().map(\.name)
        for kind in edgeKinds.sorted() where !known.contains(kind) { throw QueryError.unknown("edge kind", kind, known: known) }
    }

    /// The value of `field` of each node of `ids` that has one.
    func values(of field: NodeField, forNodes ids: [String]) throws -> [String: String] {
        try validate(field)
        var values: [String: String] = [:]
        let rows = try connection.query(
            "SELECT id, \(field.sql(2)) FROM nodes WHERE id IN (SELECT value FROM json_each(?1))",
            [.text(JSONValue.array(ids.map(JSONValue.string)).serialized())] + field.arguments) { ($0.string(0) ?? "", $0.string(1)) }
        for (id, value) in rows { values[id] = value }
        return values
    }

    /// Checks that some node has `field` (the columns always exist; a property must be set on
    /// at least one node), so that a typo is an error, not an empty answer.
    /// - Throws: ``QueryError`` listing the fields there are.
    public func validate(_ field: NodeField) throws {
        guard case .property(let name) = field else { return }
        let found = try connection.scalar(
            "SELECT EXISTS (SELECT 1 FROM nodes WHERE json_extract(properties, ?1) IS NOT NULL)", [.text(NodeField.path(name))])
        guard found?.int64 != 1 else { return }
        let known = try connection.query(
            "SELECT DISTINCT j.key FROM nodes, json_each(nodes.properties) j ORDER BY 1") { $0.string(0) ?? "" }
        throw QueryError.unknown("node field", name, known: ["id", "name", "kind", "country"] + known)
    }
}

extension SupplyReader {
    /// The one implementation behind both engines' `requirements`.
    func requirements(of node: String) throws -> [Requirement] {
        guard let root = try key(of: node) else { throw QueryError.unknownNode(node) }
        let network = try SupplyNetwork(reader: self, roots: [root], depth: 1)
        return try network.requirements(of: 0).map { r in
            let suppliers = Set(try network.alternatives(of: r).map { try id(of: network.keys[Int(network.alternativeSupplier[$0])]) })
            let blocked = Set(try (network.notInForce[Int32(r)] ?? []).map { try id(of: network.keys[Int($0)]) })
            return Requirement(
                input: network.requirementInput[r], gate: network.requirementGate[r], suppliers: suppliers.sorted(),
                notInForce: blocked.subtracting(suppliers).sorted())
        }.sorted { a, b in
            (a.gate ? 1 : 0, a.input, a.suppliers.first ?? a.notInForce.first ?? "") < (b.gate ? 1 : 0, b.input, b.suppliers.first ?? b.notInForce.first ?? "")
        }
    }

    /// The one implementation behind both engines' `chokepoints`.
    func chokepoints(of target: String, store: GraphStore, groupingBy field: NodeField?, ofKind kind: String?) throws -> ChokepointReport {
        guard let root = try key(of: target) else { throw QueryError.unknownNode(target) }
        let network = try SupplyNetwork(reader: self, roots: [root])
        var groups: [(value: String, members: [Int32])]?
        if let field {
            try identify(network.keys)
            let ids = try network.keys.map { try id(of: $0) }
            let values = try store.values(of: field, forNodes: ids)
            var members: [String: [Int32]] = [:]
            for (v, id) in ids.enumerated() where network.present[v] {
                if let value = values[id] { members[value, default: []].append(Int32(v)) }
            }
            groups = members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        var report = try network.chokepoints(groupingBy: groups)
        report.disputed = Array(Set(try network.disputed.map { try edgeID(of: $0.edge) })).sorted()
        if let kind {
            let wanted = EdgeKind.normalize(kind)
            report.chokepoints = try report.chokepoints.filter { try self.kind(of: try key(of: $0.id)!) == wanted }
        }
        let names = try store.names(ofNodes: report.chokepoints.map(\.id))
        for i in report.chokepoints.indices { report.chokepoints[i].name = names[report.chokepoints[i].id] ?? "" }
        return report
    }

    /// The one implementation behind both engines' `impact`.
    func impact(removingNodes nodeIDs: [String], edges edgeIDs: [String], store: GraphStore, ofKind kind: String?) throws -> ImpactReport {
        let nodes = try nodeIDs.map { id in
            guard let key = try key(of: id) else { throw QueryError.unknownNode(id) }
            return key
        }
        var edges: [(edge: EdgeRef, buyer: Key)] = []
        for id in edgeIDs {
            guard let found = try supplyEdge(withID: id) else { throw QueryError.unknownEdge(id) }
            // Removing an edge that supplies nothing (ownership, a share, one outside the filters) would change nothing.
            guard let supply = found.supply else {
                throw QueryError("edge '\(id)' is not a supply or gate edge under these filters: removing it changes no one's supply")
            }
            edges.append((supply.edge, supply.buyer))
        }
        let (all, some, disputed) = try SupplyNetwork<Self>.impact(
            reader: self, removing: nodes, removingEdges: edges, ofKind: kind.map(EdgeKind.normalize))
        let names = try store.names(ofNodes: (all + some).map(\.id))
        let named = { (losses: [SupplyLoss]) in losses.map { loss in var loss = loss; loss.name = names[loss.id] ?? ""; return loss } }
        return ImpactReport(
            removedNodes: nodeIDs.sorted(), removedEdges: edgeIDs.sorted(), losesAll: named(all), losesSome: named(some),
            disputed: Array(Set(try disputed.map(edgeID(of:)))).sorted())
    }
}

/// A walk's answer for people and programs: the tiers with names, and for an upstream walk
/// what the root needs.
public struct Tiers: Sendable {
    public var root: String
    /// For `upstream`: the root's inputs and gates with their suppliers; nil otherwise.
    public var needs: [Requirement]?
    /// By tier, then id.
    public var nodes: [TieredNode]
    /// Display names of the root and the nodes.
    public var names: [String: String]
    /// Why the walk stopped early (nil: it reached everything within its depth).
    public var cut: WalkCut?
}

extension GraphStore {
    /// ``closure(of:direction:depth:filter:)`` with names, and for `.upstream` the root's
    /// ``requirements(of:filter:)``: what `upstream`, `downstream` and `neighbors` print.
    /// At most `limit` nodes (whole tiers in order, the last cut in id order) and until
    /// `deadline`; ``Tiers/cut`` says if either stopped the walk.
    public func tiers(
        of root: String, direction: Direction, depth: Int? = nil, filter: QueryFilter = QueryFilter(),
        limit: Int? = nil, deadline: Deadline = .never
    ) throws -> Tiers {
        try connection.reading {
            // One walk: it has read the names of what it reached, and serves the root's needs too.
            let (nodes, adjacency, cut) = try walkedClosure(
                of: root, direction: direction, depth: depth, filter: filter, limit: limit, deadline: deadline)
            var names: [String: String] = [:]
            for (key, id) in adjacency.ids { names[id] = adjacency.names[key] }
            return Tiers(
                root: root, needs: direction == .upstream ? try adjacency.requirements(of: root) : nil, nodes: nodes, names: names,
                cut: cut)
        }
    }
}
