/// A condition on a node field or property, as people type it: `country=NL`, `kind!=fund`,
/// `hbm_gb>=100`, `name~semi` (contains, ASCII case-insensitive).
public struct NodeCondition: Equatable, Sendable {
    public enum Operator: String, CaseIterable, Sendable {
        case notEqual = "!=", atLeast = ">=", atMost = "<=", equal = "=", above = ">", below = "<", contains = "~"

        /// Whether it compares numbers.
        var isNumeric: Bool { [.atLeast, .atMost, .above, .below].contains(self) }
    }

    public var field: NodeField
    public var op: Operator
    public var value: String

    public init(field: NodeField, op: Operator, value: String) {
        self.field = field
        self.op = op
        self.value = value
    }

    /// Parses `FIELD OP VALUE`, the operator being the first one found (two-character ones win).
    public init(parsing text: String) throws(ValueError) {
        let (field, op, value) = try NodeCondition.split(text, examples: "country=NL, hbm_gb>=100, name~semi")
        self.field = NodeField(parsing: field)
        self.op = op
        self.value = value
        if op.isNumeric && Double(value) == nil {
            throw ValueError("'\(text)': \(op.rawValue) compares numbers, and '\(value)' is not one")
        }
    }

    /// `FIELD OP VALUE` split at its operator (the first one found; two-character ones win),
    /// field and value trimmed. `examples` shows the form in the error of a text that is no condition.
    static func split(_ text: String, examples: String) throws(ValueError) -> (field: String, op: Operator, value: String) {
        var best: (range: Range<String.Index>, op: Operator)?
        for op in Operator.allCases {
            guard let range = text.range(of: op.rawValue) else { continue }
            if best.map({ range.lowerBound < $0.range.lowerBound }) ?? true { best = (range, op) }
        }
        let operators = Operator.allCases.map { "FIELD\($0.rawValue)VALUE" }.joined(separator: ", ")
        guard let best, best.range.lowerBound != text.startIndex else {
            throw ValueError("'\(text)' is no condition: write one of \(operators) (\(examples))")
        }
        return (String(text[..<best.range.lowerBound]).trimmingWhitespace(), best.op, String(text[best.range.upperBound...]).trimmingWhitespace())
    }
}

extension GraphStore {
    /// Nodes ordered by id that meet every condition (and are of `kind`, if given), without
    /// citations. An unknown property is an error naming the ones there are; a numeric
    /// comparison only matches numeric values.
    public func nodes(kind: String? = nil, where conditions: [NodeCondition], limit: Int? = nil) throws -> [Node] {
        var sql = ConditionSQL()
        if let kind { sql.add("kind = " + sql.parameter(.text(EdgeKind.normalize(kind)))) }
        for condition in conditions {
            try validate(condition.field)
            // The field's own parameter (a property's path) comes first, then the value's.
            let path = condition.field.arguments.first.map { sql.parameter($0) }
            let value = condition.field == .kind ? EdgeKind.normalize(condition.value) : condition.value
            try sql.compare(
                text: path == nil ? condition.field.sql(0) : condition.field.sql(sql.arguments.count),
                number: path.map { "json_extract(properties, \($0))" }, field: condition.field.description, condition.op, value)
        }
        let ids = try connection.query(
            "SELECT id FROM nodes" + sql.whereClause + " ORDER BY id LIMIT " + sql.parameter(.integer(Int64(limit ?? -1))), sql.arguments
        ) { $0.string(0) ?? "" }
        var nodes: [Node] = []
        try forEachNode(ids: ids) { nodes.append($0) }
        return nodes.sorted { $0.id < $1.id }.map { node in
            var node = node
            node.citations = []
            return node
        }
    }
}
