/// Writes a selection as the CSV files `tiergraph import` reads back to the same graph:
/// `kinds.csv` (every edge kind with its flow and description, and whether it is built in),
/// `sources.csv`, `nodes.csv`, `edges.csv`, `citations.csv` (one citation per row, so that
/// every quote is kept) and `claims.csv` (one claim about a node per row). Which kinds and
/// sources: see ``ExportCatalogue`` (all of them for the whole graph). Properties become extra
/// columns (the union of the keys, sorted); text, numbers and booleans round-trip, arrays and
/// objects are written as JSON text.
public enum CSVExporter {
    /// The files' names and contents.
    public static func files(_ selection: GraphSelection, catalogue: ExportCatalogue) -> [(name: String, content: String)] {
        let nodeKeys = Set(selection.nodes.flatMap(\.properties.keys)).subtracting(nodeColumns).sorted()
        let edgeKeys = Set(selection.edges.flatMap(\.properties.keys)).subtracting(edgeColumns).sorted()
        var nodes = row(nodeColumns + nodeKeys), edges = row(edgeColumns + edgeKeys)
        var citations = row(citationColumns), sourceRows = row(sourceColumns), claims = row(claimColumns)
        for node in selection.nodes {
            nodes += row(node, keys: nodeKeys)
            citations += citationRows(node: node)
            claims += claimRows(node: node)
        }
        for edge in selection.edges {
            edges += row(edge, keys: edgeKeys)
            citations += citationRows(edge: edge)
        }
        for source in catalogue.sources { sourceRows += row(source) }
        return [("kinds.csv", kindRows(catalogue.kinds)), ("nodes.csv", nodes), ("edges.csv", edges), ("sources.csv", sourceRows),
                ("citations.csv", citations), ("claims.csv", claims)]
    }

    /// Streams the graph (under `filter`) from `store` into the six files in `directory`,
    /// one row at a time: memory does not grow with the graph (only with its kinds and sources).
    /// - Returns: how many nodes and edges were written.
    public static func stream(_ store: GraphStore, filter: QueryFilter, to directory: String) throws -> (nodes: Int, edges: Int) {
        let nodeKeys = try propertyKeys(store, table: "nodes").subtracting(nodeColumns).sorted()
        let edgeKeys = try propertyKeys(store, table: "edges").subtracting(edgeColumns).sorted()
        var counts = (nodes: 0, edges: 0)
        var cited = Set<String>(), kinds = Set<String>()
        try BufferedFile.write(path: directory + "/citations.csv") { citations in
            try citations.append(row(citationColumns))
            try BufferedFile.write(path: directory + "/claims.csv") { claims in
                try claims.append(row(claimColumns))
                try BufferedFile.write(path: directory + "/nodes.csv") { out in
                    try out.append(row(nodeColumns + nodeKeys))
                    try store.forEachNode(filter: filter) { node in
                        try out.append(row(node, keys: nodeKeys))
                        try citations.append(citationRows(node: node))
                        try claims.append(claimRows(node: node))
                        cited.formUnion(node.citations.map(\.source) + node.claims.compactMap(\.citation?.source))
                        counts.nodes += 1
                    }
                }
            }
            try BufferedFile.write(path: directory + "/edges.csv") { out in
                try out.append(row(edgeColumns + edgeKeys))
                try store.forEachEdge(filter: filter, storedOrder: true) { edge in
                    try out.append(row(edge, keys: edgeKeys))
                    try citations.append(citationRows(edge: edge))
                    cited.formUnion(edge.citations.map(\.source))
                    kinds.insert(edge.kind)
                    counts.edges += 1
                }
            }
        }
        let catalogue = try store.catalogue(whole: GraphSelection.describe(filter).isEmpty, kindsUsed: kinds, sourcesCited: cited)
        try BufferedFile.write(path: directory + "/sources.csv") { out in
            try out.append(row(sourceColumns))
            for source in catalogue.sources { try out.append(row(source)) }
        }
        try BufferedFile.write(path: directory + "/kinds.csv") { out in try out.append(kindRows(catalogue.kinds)) }
        return counts
    }

    /// Every property name used in `table` (read by SQLite from the JSON, not loaded).
    private static func propertyKeys(_ store: GraphStore, table: String) throws -> Set<String> {
        // `table` is one of two constants from this file, never user input.
        Set(try store.connection.query(
            "SELECT DISTINCT j.key FROM \(table) t, json_each(t.properties) j WHERE t.properties IS NOT NULL") { $0.string(0) ?? "" })
    }

    static let citationColumns = ["node", "edge", "source_ref", "quote"]
    static let kindColumns = ["kind", "flow", "description", "builtin"]
    static let sourceColumns = ["id", "title", "publisher", "date", "url"]

    private static func row(_ node: Node, keys: [String]) -> String {
        row([node.id, node.kind, node.name, node.aliases.joined(separator: ";"), node.country ?? ""] + keys.map { cell(node.properties[$0]) })
    }

    private static func row(_ edge: Edge, keys: [String]) -> String {
        row([
            edge.effectiveID, edge.source, edge.target, edge.kind, edge.input ?? "", edge.share?.exactText ?? "",
            edge.volume?.exactText ?? "", edge.volume?.unit ?? "",
            edge.period.from?.description ?? "", edge.period.to?.description ?? "",
        ] + EdgeQualifierFields.values(of: edge).map { $0 ?? "" } + keys.map { cell(edge.properties[$0]) })
    }

    private static func row(_ source: Source) -> String {
        row([source.id, source.title ?? "", source.publisher ?? "", source.date?.description ?? "", source.url ?? ""])
    }

    /// The kinds file: a header and one row per kind.
    private static func kindRows(_ kinds: [EdgeKind]) -> String {
        row(kindColumns) + kinds.map { row([$0.name, $0.flow.rawValue, $0.description, $0.builtIn ? "true" : "false"]) }.joined()
    }

    private static func citationRows(node: Node) -> String {
        node.citations.map { row([node.id, "", $0.source, $0.quote ?? ""]) }.joined()
    }

    static let claimColumns = ["node", "key", "value", "unit", "as_of", "claimant", "modality", "source_ref", "quote"]

    private static func claimRows(node: Node) -> String {
        node.claims.map {
            row([node.id, $0.key, $0.value, $0.unit ?? "", $0.asOf?.description ?? "", $0.claimant ?? "", $0.modality?.rawValue ?? "",
                 $0.citation?.source ?? "", $0.citation?.quote ?? ""])
        }.joined()
    }

    private static func citationRows(edge: Edge) -> String {
        edge.citations.map { row(["", edge.effectiveID, $0.source, $0.quote ?? ""]) }.joined()
    }

    static let nodeColumns = ["id", "kind", "name", "aliases", "country"]
    static let edgeColumns = ["id", "source", "target", "kind", "input", "share", "volume", "unit", "valid_from", "valid_to"]
        + EdgeQualifierFields.names

    private static func cell(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case let value?: return value.serialized()
        }
    }

    /// One CSV record (RFC 4180): fields with a comma, quote, line break or edge space are quoted.
    /// Looked at scalar by scalar: a quote or comma followed by a combining mark is one Character.
    static func row(_ fields: [String]) -> String {
        fields.map { field in
            let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
                || field.first?.isWhitespace == true || field.last?.isWhitespace == true
            return needsQuotes ? "\"" + field.escapingScalars { $0 == "\"" ? "\"\"" : nil } + "\"" : field
        }.joined(separator: ",") + "\n"
    }
}
