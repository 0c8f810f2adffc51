extension CSVExporter {
    /// The files `neo4j-admin database import full` reads: `nodes.csv` (label `Node` plus the kind,
    /// capitalised) and `relationships.csv` (type: the kind, upper-cased), with typed headers.
    /// Each property is a column of its own, typed as ``PropertyType`` finds it (`hbm_gb:long`,
    /// `tags:string[]`; lists are `;`-separated, as `aliases` is); objects and properties of mixed
    /// types are JSON text, and so are citations and claims. A property named like one of the
    /// fixed columns is not exported (as in node-link JSON).
    ///
    ///     neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv neo4j
    public static func neo4jFiles(_ selection: GraphSelection) -> [(name: String, content: String)] {
        let nodeFixed = ["id:ID", "kind", "name", "aliases:string[]", "country", "citations", "claims", ":LABEL"]
        let nodeColumns = PropertyType.columns(selection.nodes.map(\.properties), reserved: Set(nodeFixed.map(fieldName)))
        var nodes = row(nodeFixed + nodeColumns.map(header))
        for node in selection.nodes {
            nodes += row([
                node.id, node.kind, node.name, node.aliases.joined(separator: ";"), node.country ?? "",
                node.citations.isEmpty ? "" : JSONValue.array(node.citations.map(\.json)).serialized(),
                node.claims.isEmpty ? "" : JSONValue.array(node.claims.map(\.json)).serialized(),
                "Node;" + node.kind.capitalized,
            ] + nodeColumns.map { cell(node.properties[$0.name], as: $0.type) })
        }
        let edgeFixed = [
            ":START_ID", ":END_ID", ":TYPE", "id", "kind", "input", "share:double", "share_low:double", "share_high:double",
            "share_text", "volume:double", "volume_low:double", "volume_high:double", "volume_text", "unit", "valid_from", "valid_to",
        ] + EdgeQualifierFields.names + ["citations"]
        let edgeColumns = PropertyType.columns(selection.edges.map(\.properties), reserved: Set(edgeFixed.map(fieldName)))
        var relationships = row(edgeFixed + edgeColumns.map(header))
        for edge in selection.edges {
            let number = { (value: Double?) in value.map(JSONValue.format) ?? "" }
            relationships += row([
                edge.source, edge.target, edge.kind.uppercased(), edge.effectiveID, edge.kind, edge.input ?? "", number(edge.share?.value),
                number(edge.share?.low), number(edge.share?.high), edge.share?.storedText ?? "", number(edge.volume?.amount),
                number(edge.volume?.bounds.low), number(edge.volume?.bounds.high), edge.volume?.storedText ?? "", edge.volume?.unit ?? "",
                edge.period.from?.description ?? "", edge.period.to?.description ?? "",
            ] + EdgeQualifierFields.values(of: edge).map { $0 ?? "" } + [
                edge.citations.isEmpty ? "" : JSONValue.array(edge.citations.map(\.json)).serialized(),
            ] + edgeColumns.map { cell(edge.properties[$0.name], as: $0.type) })
        }
        return [("nodes.csv", nodes), ("relationships.csv", relationships)]
    }

    /// The property a header names (`id:ID` → `id`).
    private static func fieldName(_ header: String) -> String {
        String(header.prefix { $0 != ":" })
    }

    /// A property's typed header: `hbm_gb:long`, `tags:string[]`, `note` (text).
    private static func header(_ column: (name: String, type: PropertyType)) -> String {
        func name(_ type: PropertyType) -> String? {
            switch type {
            case .integer: return "long"
            case .double: return "double"
            case .boolean: return "boolean"
            case .string, .json: return nil
            case .list(let element): return (name(element) ?? "string") + "[]"
            case .emptyList: return "string[]"
            }
        }
        return column.name + (name(column.type).map { ":" + $0 } ?? "")
    }

    /// A property value as its column holds it: lists `;`-separated, JSON text where the type says so.
    private static func cell(_ value: JSONValue?, as type: PropertyType) -> String {
        switch (type, value) {
        case (_, nil), (_, .null?): return ""
        case (.list, .array(let items)?): return items.map { cell($0, as: .string) }.joined(separator: ";")
        case (.emptyList, _): return ""
        case (.json, let value?): return value.serialized()
        case (_, .string(let text)?): return text
        case (_, .double(let number)?): return JSONValue.format(number)
        case (_, let value?): return value.serialized()
        }
    }
}
