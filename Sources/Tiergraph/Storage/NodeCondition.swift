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
        var best: (range: Range<String.Index>, op: Operator)?
        for op in Operator.allCases {
            guard let range = text.range(of: op.rawValue) else { continue }
            if best.map({ range.lowerBound < $0.range.lowerBound }) ?? true { best = (range, op) }
        }
        let operators = Operator.allCases.map { "FIELD\($0.rawValue)VALUE" }.joined(separator: ", ")
        guard let best, best.range.lowerBound != text.startIndex else {
            throw ValueError("'\(text)' is no condition: write one of \(operators) (country=NL, hbm_gb>=100, name~semi)")
        }
        field = NodeField(parsing: String(text[..<best.range.lowerBound]))
        op = best.op
        value = String(text[best.range.upperBound...]).trimmingWhitespace()
        if op.isNumeric && Double(value) == nil {
            throw ValueError("'\(text)': \(op.rawValue) compares numbers, and '\(value)' is not one")
        }
    }
}

extension GraphStore {
    /// Nodes ordered by id that meet every condition (and are of `kind`, if given), without
    /// citations. An unknown property is an error naming the ones there are; a numeric
    /// comparison only matches numeric values.
    public func nodes(kind: String? = nil, where conditions: [NodeCondition], limit: Int? = nil) throws -> [Node] {
        var clauses: [String] = [], arguments: [SQLValue] = []
        func parameter(_ value: SQLValue) -> String {
            arguments.append(value)
            return "?\(arguments.count)"
        }
        if let kind { clauses.append("kind = " + parameter(.text(EdgeKind.normalize(kind)))) }
        for condition in conditions {
            try validate(condition.field)
            // The field's own parameter (a property's path) comes first, then the value's.
            let path = condition.field.arguments.first.map(parameter) ?? ""
            let field = path.isEmpty ? condition.field.sql(0) : condition.field.sql(arguments.count)
            switch condition.op {
            case .equal, .notEqual:
                let value = condition.field == .kind ? EdgeKind.normalize(condition.value) : condition.value
                clauses.append("\(field) \(condition.op == .equal ? "=" : "<>") " + parameter(.text(value)))
            case .contains:
                clauses.append("\(field) LIKE \(parameter(.text(SearchKey.likePattern(condition.value)))) ESCAPE '\\'")
            case .atLeast, .atMost, .above, .below:
                guard !path.isEmpty else {
                    throw QueryError("\(condition.field) is text: compare it with =, != or ~, not \(condition.op.rawValue)")
                }
                let number = "json_extract(properties, \(path))"
                clauses.append("typeof(\(number)) IN ('integer', 'real') AND \(number) \(condition.op.rawValue) "
                    + parameter(.real(Double(condition.value) ?? 0)))
            }
        }
        let ids = try connection.query(
            "SELECT id FROM nodes" + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")) + " ORDER BY id LIMIT "
                + parameter(.integer(Int64(limit ?? -1))), arguments) { $0.string(0) ?? "" }
        var nodes: [Node] = []
        try forEachNode(ids: ids) { nodes.append($0) }
        return nodes.sorted { $0.id < $1.id }.map { node in
            var node = node
            node.citations = []
            return node
        }
    }
}
