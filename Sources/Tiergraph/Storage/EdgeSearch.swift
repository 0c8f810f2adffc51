/// What `tiergraph edges` asks: edges of some kinds, between given nodes, meeting conditions.
public struct EdgeQuery: Sendable, Equatable {
    /// Edge kinds (any of them); empty: every kind.
    public var kinds: [String]
    /// Conditions that must all hold.
    public var conditions: [EdgeCondition]
    /// The source node (id, name or alias), if given.
    public var from: String?
    /// The target node (id, name or alias), if given.
    public var to: String?
    /// At most this many edges.
    public var limit: Int?

    public init(kinds: [String] = [], conditions: [EdgeCondition] = [], from: String? = nil, to: String? = nil, limit: Int? = nil) {
        self.kinds = kinds
        self.conditions = conditions
        self.from = from
        self.to = to
        self.limit = limit
    }
}

/// An edge with the names of its ends, as edge listings show it.
public struct NamedEdge: Sendable, Equatable {
    public var edge: Edge
    public var sourceName: String
    public var targetName: String

    /// The edge's JSON (see ``Edge/json``) with `"source_name"` and `"target_name"`.
    public var json: JSONValue {
        guard case .object(var object) = edge.json else { return edge.json }
        object["source_name"] = .string(sourceName)
        object["target_name"] = .string(targetName)
        return .object(object)
    }
}

extension GraphStore {
    /// The edges that `query` selects, by kind, source id, target id and edge id, with their
    /// citations and the names of their ends.
    /// - Throws: ``QueryError`` for a kind, field or property that no edge has (naming the
    ///   closest ones), ``GraphStoreError/nodeNotFound(reference:suggestions:)`` for an unknown end.
    public func edges(matching query: EdgeQuery) throws -> [NamedEdge] {
        try connection.reading {
            var sql = ConditionSQL()
            let known = try edgeKinds().map(\.name)
            let kinds = query.kinds.flatMap { $0.split(separator: ",") }.map { EdgeKind.normalize(String($0)) }.filter { !$0.isEmpty }
            for kind in kinds where !known.contains(kind) { throw QueryError.unknown("edge kind", kind, known: known) }
            if !kinds.isEmpty { sql.add("(" + kinds.map { "e.kind = " + sql.parameter(.text($0)) }.joined(separator: " OR ") + ")") }
            if let from = query.from { sql.add("s.id = " + sql.parameter(.text(try resolveNode(from).id))) }
            if let to = query.to { sql.add("t.id = " + sql.parameter(.text(try resolveNode(to).id))) }
            for condition in query.conditions {
                try validate(condition, kinds: known)
                try sql.compare(condition)
            }
            let clause = sql.clauses.isEmpty ? "1" : sql.clauses.joined(separator: " AND ")
            let edges = try self.edges(where: clause, sql.arguments, orderBy: "e.kind, s.id, t.id, e.id", limit: query.limit)
            let names = try names(ofNodes: Array(Set(edges.flatMap { [$0.source, $0.target] })))
            return edges.map { NamedEdge(edge: $0, sourceName: names[$0.source] ?? $0.source, targetName: names[$0.target] ?? $0.target) }
        }
    }

    /// Checks that an edge property is set on some edge, and that `kind=K` names a kind there is.
    private func validate(_ condition: EdgeCondition, kinds: [String]) throws {
        switch condition.field {
        case .column(.kind) where condition.op == .equal || condition.op == .notEqual:
            let kind = EdgeKind.normalize(condition.value)
            if !kinds.contains(kind) { throw QueryError.unknown("edge kind", kind, known: kinds) }
        case .property(let name):
            let found = try connection.scalar(
                "SELECT EXISTS (SELECT 1 FROM edges WHERE json_extract(properties, ?1) IS NOT NULL)", [.text(NodeField.path(name))])
            guard found?.int64 != 1 else { return }
            let properties = try connection.query("SELECT DISTINCT j.key FROM edges, json_each(edges.properties) j ORDER BY 1") { $0.string(0) ?? "" }
            throw QueryError.unknown("edge field", name, known: EdgeField.Column.allCases.map(\.rawValue) + properties)
        default: return
        }
    }
}

extension ConditionSQL {
    /// Adds the clause of an edge condition, for a query whose edges are `e`, sources `s` and targets `t`.
    mutating func compare(_ condition: EdgeCondition) throws(QueryError) {
        let (op, value, field) = (condition.op, condition.value, condition.field.description)
        let column: EdgeField.Column
        switch condition.field {
        case .property(let name):
            let path = parameter(.text(NodeField.path(name)))
            return try compare(text: NodeField.propertyText("e.properties", arguments.count), number: "json_extract(e.properties, \(path))", field: field, op, value)
        case .column(let named): column = named
        }
        switch column {
        case .share, .volume:
            guard op != .contains else { throw QueryError("\(field) is a number: compare it with =, !=, >=, <=, > or <, not ~") }
            let (low, high) = column == .share ? ("e.share_low", "e.share_high") : ("coalesce(e.volume, e.volume_high)", "coalesce(e.volume_high, e.volume)")
            let number = parameter(.real(condition.number ?? 0))
            switch op {
            case .equal: add("\(low) <= \(number) AND \(number) <= \(high)")
            case .notEqual: add("NOT (\(low) <= \(number) AND \(number) <= \(high))")
            case .atLeast, .above: add("\(low) \(op.rawValue) \(number)")
            default: add("\(high) \(op.rawValue) \(number)")
            }
        case .validFrom, .validTo, .asOf:
            let expression = "e." + column.rawValue
            if op.isNumeric { add("\(expression) \(op.rawValue) " + parameter(.text(value))) } else { try compare(text: expression, number: nil, field: field, op, value) }
        case .sourceRef, .quote:
            let expression = column == .quote ? "c.quote" : "(SELECT id FROM sources WHERE sid = c.source)"
            // Some citation meets it; `!=`: none has the value.
            let inner = try clause(text: expression, number: nil, field: field, op == .notEqual ? .equal : op, value)
            add((op == .notEqual ? "NOT " : "") + "EXISTS (SELECT 1 FROM edge_citations c WHERE c.edge = e.eid AND \(inner))")
        case .kind:
            try compare(text: "e.kind", number: nil, field: field, op, EdgeKind.normalize(value))
        case .source, .target:
            try compare(text: (column == .source ? "s" : "t") + ".id", number: nil, field: field, op, value)
        case .sourceName: try compare(text: "s.name", number: nil, field: field, op, value)
        case .sourceKind: try compare(text: "s.kind", number: nil, field: field, op, EdgeKind.normalize(value))
        case .targetName: try compare(text: "t.name", number: nil, field: field, op, value)
        case .targetKind: try compare(text: "t.kind", number: nil, field: field, op, EdgeKind.normalize(value))
        case .id, .input, .unit, .status, .modality, .claimant, .shareOf:
            try compare(text: "e." + column.rawValue, number: nil, field: field, op, value)
        }
    }
}
