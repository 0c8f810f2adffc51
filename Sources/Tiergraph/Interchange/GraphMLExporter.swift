/// Writes a selection as GraphML, readable by networkx (`read_graphml`), Gephi and yEd.
///
/// Graph data: `edge_kinds` and `sources` (JSON text, as in node-link JSON: see
/// ``ExportCatalogue``), which `tiergraph import` reads back;
/// node data: `label` (the name, which Gephi and yEd show), `kind`, `name`, `aliases` (joined
/// by `;`), `country`, `citations` and `claims` (JSON text);
/// edge data: `label` (the kind), `id`, `kind`, `input`, `share` (point value or midpoint), `share_low`, `share_high`,
/// `share_text` (the wording or the qualified bounds, which the importer reads back), `volume`
/// (the exact amount), `volume_low`, `volume_high`, `volume_text`, `unit`, `valid_from`,
/// `valid_to`, `as_of`, `status`, `modality`, `claimant`, `share_of`, `citations`. Properties become further typed
/// keys: `long`, `double`, `boolean` or `string` when every value has that type; lists,
/// objects and properties of mixed types are JSON text in a `string` key marked
/// `tiergraph:value="json"` (see ``jsonMarker``), which `tiergraph import` reads back as they were. Each edge element's `id` is the edge id, so multigraph readers
/// keep parallel edges apart.
public enum GraphMLExporter {
    private static let fixedEdgeKeys: [(String, String)] = [
        ("label", "string"), ("id", "string"), ("kind", "string"), ("input", "string"), ("share", "double"), ("share_low", "double"), ("share_high", "double"),
        ("share_text", "string"), ("volume", "double"), ("volume_low", "double"), ("volume_high", "double"), ("volume_text", "string"),
        ("unit", "string"), ("valid_from", "string"), ("valid_to", "string"),
    ] + EdgeQualifierFields.names.map { ($0, "string") } + [("citations", "string")]

    private static let fixedNodeKeys: [(String, String)] = [
        ("label", "string"), ("kind", "string"), ("name", "string"), ("aliases", "string"), ("country", "string"), ("citations", "string"),
        ("claims", "string"),
    ]

    /// The GraphML document for `selection`, carrying the kinds and sources of `catalogue`.
    public static func document(_ selection: GraphSelection, catalogue: ExportCatalogue) -> String {
        let nodeKeys = typedKeys(selection.nodes.map(\.properties), reserved: Set(fixedNodeKeys.map(\.0)))
        let edgeKeys = typedKeys(selection.edges.map(\.properties), reserved: Set(fixedEdgeKeys.map(\.0)))
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        out += "xmlns:tiergraph=\"\(jsonMarker.namespace)\" "
        out += "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
        for name in ["edge_kinds", "sources"] {
            out += "  <key id=\(attribute("g." + name)) for=\"graph\" attr.name=\(attribute(name)) attr.type=\"string\"/>\n"
        }
        for (name, type) in fixedNodeKeys { out += key("n.", "node", name, type, json: false) }
        for key in nodeKeys { out += self.key("n.", "node", key.name, key.type, json: key.json) }
        for (name, type) in fixedEdgeKeys { out += key("e.", "edge", name, type, json: false) }
        for key in edgeKeys { out += self.key("e.", "edge", key.name, key.type, json: key.json) }
        out += "  <graph id=\"tiergraph\" edgedefault=\"directed\">\n"
        out += data("g.edge_kinds", JSONValue.array(catalogue.kinds.map(\.json)).serialized())
        out += data("g.sources", JSONValue.array(catalogue.sources.map(\.json)).serialized())
        for node in selection.nodes {
            out += "    <node id=\(attribute(node.id))>\n"
            out += data("n.label", node.name) + data("n.kind", node.kind) + data("n.name", node.name)
            if !node.aliases.isEmpty { out += data("n.aliases", node.aliases.joined(separator: ";")) }
            if let country = node.country { out += data("n.country", country) }
            if !node.citations.isEmpty { out += data("n.citations", JSONValue.array(node.citations.map(\.json)).serialized()) }
            if !node.claims.isEmpty { out += data("n.claims", JSONValue.array(node.claims.map(\.json)).serialized()) }
            out += properties(node.properties, nodeKeys, prefix: "n.")
            out += "    </node>\n"
        }
        for edge in selection.edges {
            out += "    <edge id=\(attribute(edge.effectiveID)) source=\(attribute(edge.source)) target=\(attribute(edge.target))>\n"
            out += data("e.label", edge.kind) + data("e.id", edge.effectiveID) + data("e.kind", edge.kind)
            if let input = edge.input { out += data("e.input", input) }
            if let share = edge.share {
                out += data("e.share", JSONValue.format(share.value)) + data("e.share_low", JSONValue.format(share.low))
                    + data("e.share_high", JSONValue.format(share.high))
                if let text = share.storedText { out += data("e.share_text", text) }
            }
            if let volume = edge.volume {
                if let amount = volume.amount { out += data("e.volume", JSONValue.format(amount)) }
                if let low = volume.bounds.low { out += data("e.volume_low", JSONValue.format(low)) }
                if let high = volume.bounds.high { out += data("e.volume_high", JSONValue.format(high)) }
                if let text = volume.storedText { out += data("e.volume_text", text) }
                if let unit = volume.unit { out += data("e.unit", unit) }
            }
            if let from = edge.period.from { out += data("e.valid_from", from.description) }
            if let to = edge.period.to { out += data("e.valid_to", to.description) }
            for (name, value) in zip(EdgeQualifierFields.names, EdgeQualifierFields.values(of: edge)) {
                if let value { out += data("e." + name, value) }
            }
            if !edge.citations.isEmpty { out += data("e.citations", JSONValue.array(edge.citations.map(\.json)).serialized()) }
            out += properties(edge.properties, edgeKeys, prefix: "e.")
            out += "    </edge>\n"
        }
        return out + "  </graph>\n</graphml>\n"
    }

    /// The attribute on a `<key>` that marks its values as JSON text: lists, objects, and
    /// properties whose values differ in type (a number here, a text there). GraphML has no type
    /// for them; `tiergraph import` reads such values back as they were, other readers see text.
    static let jsonMarker = (namespace: "urn:tiergraph:graphml", attribute: "tiergraph:value", value: "json")

    /// A property's key: its name, its GraphML type, and whether its values are JSON text.
    private struct PropertyKey {
        let name: String
        let type: String
        let json: Bool
    }

    /// Property names with the GraphML type that holds all their values, sorted by name.
    private static func typedKeys(_ properties: [[String: JSONValue]], reserved: Set<String>) -> [PropertyKey] {
        PropertyType.columns(properties, reserved: reserved).map { column in
            switch column.type {
            case .integer: return PropertyKey(name: column.name, type: "long", json: false)
            case .double: return PropertyKey(name: column.name, type: "double", json: false)
            case .boolean: return PropertyKey(name: column.name, type: "boolean", json: false)
            case .string: return PropertyKey(name: column.name, type: "string", json: false)
            case .list, .emptyList, .json: return PropertyKey(name: column.name, type: "string", json: true)
            }
        }
    }

    private static func key(_ prefix: String, _ element: String, _ name: String, _ type: String, json: Bool) -> String {
        let marker = json ? " \(jsonMarker.attribute)=\"\(jsonMarker.value)\"" : ""
        return "  <key id=\(attribute(prefix + name)) for=\"\(element)\" attr.name=\(attribute(name)) attr.type=\"\(type)\"\(marker)/>\n"
    }

    /// The data elements of an element's properties (nulls are left out).
    private static func properties(_ values: [String: JSONValue], _ keys: [PropertyKey], prefix: String) -> String {
        keys.compactMap { key in
            guard let value = values[key.name], value != .null else { return nil }
            let text: String
            switch value {
            case _ where key.json: text = value.serialized()
            case .string(let string): text = string
            case .double(let number): text = JSONValue.format(number)
            default: text = value.serialized()
            }
            return data(prefix + key.name, text)
        }.joined()
    }

    private static func data(_ key: String, _ value: String) -> String {
        "      <data key=\(attribute(key))>\(escape(value))</data>\n"
    }

    private static func attribute(_ value: String) -> String { "\"" + escape(value) + "\"" }

    /// XML text: markup characters as entities; characters XML 1.0 cannot hold are dropped.
    static func escape(_ text: String) -> String { text.xmlEscaped }
}
