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
        case .property:
            return "(CASE json_type(properties, ?\(parameter)) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' "
                + "ELSE CAST(json_extract(properties, ?\(parameter)) AS TEXT) END)"
        }
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
