/// Writes a selection as the CSV files `tiergraph import` reads back to the same graph:
/// `nodes.csv`, `edges.csv`, `sources.csv` and `citations.csv` (one citation per row, so that
/// every quote is kept). Properties become extra columns (the union of the keys, sorted);
/// text, numbers and booleans round-trip, arrays and objects are written as JSON text.
public enum CSVExporter {
    /// The files' names and contents.
    public static func files(_ selection: GraphSelection, sources: [Source]) -> [(name: String, content: String)] {
        let nodeProperties = Set(selection.nodes.flatMap(\.properties.keys)).subtracting(nodeColumns).sorted()
        var nodes = row(nodeColumns + nodeProperties)
        for node in selection.nodes {
            nodes += row([node.id, node.kind, node.name, node.aliases.joined(separator: ";"), node.country ?? ""]
                + nodeProperties.map { cell(node.properties[$0]) })
        }
        let edgeProperties = Set(selection.edges.flatMap(\.properties.keys)).subtracting(edgeColumns).sorted()
        var edges = row(edgeColumns + edgeProperties)
        for edge in selection.edges {
            let share = edge.share.map { $0.isRange ? JSONValue.format($0.low) + "-" + JSONValue.format($0.high) : JSONValue.format($0.low) }
            edges += row([
                edge.effectiveID, edge.source, edge.target, edge.kind, share ?? "",
                edge.volume.map { JSONValue.format($0.amount) } ?? "", edge.volume?.unit ?? "",
                edge.period.from?.description ?? "", edge.period.to?.description ?? "",
            ] + edgeProperties.map { cell(edge.properties[$0]) })
        }
        var sourceRows = row(["id", "title", "publisher", "date", "url"])
        for source in sources {
            sourceRows += row([source.id, source.title ?? "", source.publisher ?? "", source.date?.description ?? "", source.url ?? ""])
        }
        var citations = row(["node", "edge", "source_ref", "quote"])
        for node in selection.nodes {
            for citation in node.citations { citations += row([node.id, "", citation.source, citation.quote ?? ""]) }
        }
        for edge in selection.edges {
            for citation in edge.citations { citations += row(["", edge.effectiveID, citation.source, citation.quote ?? ""]) }
        }
        return [("nodes.csv", nodes), ("edges.csv", edges), ("sources.csv", sourceRows), ("citations.csv", citations)]
    }

    /// The files `neo4j-admin database import full` reads: `nodes.csv` (label `Node` plus the kind,
    /// capitalised) and `relationships.csv` (type: the kind, upper-cased), with typed headers.
    /// Properties and citations travel as JSON text; `aliases` is a `;`-separated array.
    ///
    ///     neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv
    public static func neo4jFiles(_ selection: GraphSelection) -> [(name: String, content: String)] {
        var nodes = row(["id:ID", "kind", "name", "aliases:string[]", "country", "properties", "citations", ":LABEL"])
        for node in selection.nodes {
            nodes += row([
                node.id, node.kind, node.name, node.aliases.joined(separator: ";"), node.country ?? "",
                node.properties.isEmpty ? "" : JSONValue.object(node.properties).serialized(),
                node.citations.isEmpty ? "" : JSONValue.array(node.citations.map(\.json)).serialized(),
                "Node;" + node.kind.capitalized,
            ])
        }
        var relationships = row([
            ":START_ID", ":END_ID", ":TYPE", "id", "kind", "share:double", "share_low:double", "share_high:double",
            "volume:double", "unit", "valid_from", "valid_to", "properties", "citations",
        ])
        for edge in selection.edges {
            let number = { (value: Double?) in value.map(JSONValue.format) ?? "" }
            relationships += row([
                edge.source, edge.target, edge.kind.uppercased(), edge.effectiveID, edge.kind, number(edge.share?.value),
                number(edge.share?.low), number(edge.share?.high), number(edge.volume?.amount), edge.volume?.unit ?? "",
                edge.period.from?.description ?? "", edge.period.to?.description ?? "",
                edge.properties.isEmpty ? "" : JSONValue.object(edge.properties).serialized(),
                edge.citations.isEmpty ? "" : JSONValue.array(edge.citations.map(\.json)).serialized(),
            ])
        }
        return [("nodes.csv", nodes), ("relationships.csv", relationships)]
    }

    static let nodeColumns = ["id", "kind", "name", "aliases", "country"]
    static let edgeColumns = ["id", "source", "target", "kind", "share", "volume", "unit", "valid_from", "valid_to"]

    private static func cell(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case let value?: return value.serialized()
        }
    }

    /// One CSV record (RFC 4180): fields with a comma, quote, line break or edge space are quoted.
    static func row(_ fields: [String]) -> String {
        fields.map { field in
            let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
                || field.first?.isWhitespace == true || field.last?.isWhitespace == true
            return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\n"
    }
}
