extension NodeField {
    /// The SQL expression of the field on a `nodes` row, as text (`true`/`false` for booleans,
    /// numbers as SQLite writes them): a property's JSON path is parameter `?parameter`
    /// (``arguments``), so no user text is spliced into SQL.
    func sql(_ parameter: Int) -> String {
        switch self {
        case .id: return "id"
        case .name: return "name"
        case .kind: return "kind"
        case .country: return "country"
        case .property: return NodeField.propertyText("properties", parameter)
        }
    }

    /// A property of the JSON object in `column`, as text (`true`/`false` for booleans), its
    /// path bound at `?parameter`.
    static func propertyText(_ column: String, _ parameter: Int) -> String {
        "(CASE json_type(\(column), ?\(parameter)) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' "
            + "ELSE CAST(json_extract(\(column), ?\(parameter)) AS TEXT) END)"
    }

    /// What ``sql(_:)`` binds at its parameter: a property's JSON path; nothing for a column.
    var arguments: [SQLValue] {
        guard case .property(let name) = self else { return [] }
        return [.text(NodeField.path(name))]
    }

    /// The JSON path of a property: `$."name"`, with quotes and backslashes escaped.
    static func path(_ name: String) -> String {
        "$.\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
