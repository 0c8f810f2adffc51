/// Turns conditions (`FIELD OP VALUE`) into the clauses of one SQL `WHERE`, binding every value
/// as a parameter: the one place where `list --where` and `edges --where` become SQL.
struct ConditionSQL {
    private(set) var clauses: [String] = []
    private(set) var arguments: [SQLValue] = []

    /// Binds `value` and returns its parameter (`?3`).
    mutating func parameter(_ value: SQLValue) -> String {
        arguments.append(value)
        return "?\(arguments.count)"
    }

    /// Adds `clause` as it is (its parameters bound with ``parameter(_:)``).
    mutating func add(_ clause: String) { clauses.append(clause) }

    /// Adds the clause comparing the text expression `text` with `value`: `=` and `!=` exactly,
    /// (`!=` holds where the field is missing too), `~` contains (ASCII case-insensitive, `%` and `_` taken literally). Comparisons of
    /// numbers (`>=` …) take `number`, the expression of the field as a number; a field without
    /// one (`nil`) is text and refuses them with a message naming `field`.
    mutating func compare(text: String, number: String?, field: String, _ op: NodeCondition.Operator, _ value: String) throws(QueryError) {
        add(try clause(text: text, number: number, field: field, op, value))
    }

    /// The clause that ``compare(text:number:field:_:_:)`` adds, its value bound.
    mutating func clause(text: String, number: String?, field: String, _ op: NodeCondition.Operator, _ value: String) throws(QueryError) -> String {
        switch op {
        case .equal, .notEqual:
            return "\(text) \(op == .equal ? "=" : "IS NOT") " + parameter(.text(value))
        case .contains:
            return "\(text) LIKE \(parameter(.text(SearchKey.likePattern(value)))) ESCAPE '\\'"
        case .atLeast, .atMost, .above, .below:
            guard let number else { throw QueryError("\(field) is text: compare it with =, != or ~, not \(op.rawValue)") }
            return "typeof(\(number)) IN ('integer', 'real') AND \(number) \(op.rawValue) " + parameter(.real(Double(value) ?? 0))
        }
    }

    /// `WHERE a AND b …`, or nothing when there are no clauses.
    var whereClause: String { clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ") }
}
