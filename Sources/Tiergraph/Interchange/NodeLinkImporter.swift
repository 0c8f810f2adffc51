import Foundation

/// Imports the node-link JSON that networkx writes (`networkx.node_link_data`) and Tiergraph exports:
/// `{"directed": true, "nodes": [{"id": …}, …], "links": [{"source": …, "target": …}, …]}`
/// (`"edges"` is accepted for `"links"`; a file with both, as Tiergraph writes, must hold the
/// same edges under each). The graph's attributes `graph.edge_kinds` and `graph.sources`, if
/// present, are read first: the kinds with their flows and descriptions, the sources whole.
///
/// Node keys `id`, `kind`, `name` (or `label`), `aliases`, `country`; edge keys `id`, `key`
/// (networkx multigraphs), `source`, `target`, `kind`, `share`, `volume`, `unit`, `valid_from`,
/// `valid_to`, `flow`; on both, `citations` (`[{"source": …, "quote": …}]`) or `source_ref` and
/// `quote`. Every other key becomes a property, keeping its JSON type. Ids may be strings or numbers.
/// The file is read whole (use CSV for millions of rows).
struct NodeLinkImporter {
    let path: String
    let options: ImportOptions
    let writer: GraphWriter

    func run(report: inout ImportReport) throws {
        let data = try InputFile.readWhole(path)
        let (document, origins) = try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws -> (JSONValue, (nodes: [Origin], links: [Origin])) in
            do {
                let (value, offsets) = try JSONReader.parse(bytes)
                func origins(_ key: String) -> [Origin] {
                    (offsets[key] ?? []).map { offset in
                        let position = InputFile.position(of: offset, in: bytes)
                        return Origin(line: position.line, column: position.column)
                    }
                }
                let links = offsets["links"] != nil ? "links" : "edges"
                return (value, (nodes: origins("nodes"), links: origins(links)))
            } catch let error as JSONSyntaxError {
                let position = InputFile.position(of: error.offset, in: bytes)
                throw ImportError(file: path, line: position.line, column: position.column, message: "not valid JSON: \(error.message)")
            }
        }
        try importDocument(document, nodeOrigins: origins.nodes, linkOrigins: origins.links, report: &report)
    }

    /// Where an element of a document begins in its file, and how to name it in a message.
    struct Origin {
        var line: Int?
        var column: Int?
        /// Names the element where its line is not known (`node 'a'`); `nil` for `nodes[3]`.
        var label: String?
    }

    /// Imports a parsed node-link document (also used for GraphML and DOT, translated to this
    /// shape). `nodeOrigins` and `linkOrigins` say where each element begins, where known.
    /// - Throws: ``ImportError`` if the document has no nodes (nothing to import) or any element is wrong.
    func importDocument(_ document: JSONValue, nodeOrigins: [Origin] = [], linkOrigins: [Origin] = [], report: inout ImportReport) throws {
        guard case .object(let top) = document, case .array(let nodes)? = top["nodes"] else {
            throw ImportError(file: path, line: 1, message: "expected node-link JSON: an object with a \"nodes\" array and a \"links\" (or \"edges\") array")
        }
        let links: [JSONValue]
        switch top["links"] ?? top["edges"] {
        case .array(let array)?: links = array
        case nil, .null?: links = []
        default: throw ImportError(file: path, message: "\"links\" must be an array")
        }
        if let links = top["links"], let edges = top["edges"], links != edges {
            throw ImportError(file: path, message: "the file has both \"links\" and \"edges\" and they differ: keep one of them (Tiergraph writes the same edges under both, for every networkx version)")
        }
        if nodes.isEmpty {
            throw ImportError(file: path, message: links.isEmpty ? "no nodes in file: nothing to import" : "no nodes in file (only links): a graph file must hold its nodes")
        }
        if case .object(let graph)? = top["graph"] { try importCatalogue(graph, report: &report) }
        for (index, element) in nodes.enumerated() {
            let origin = index < nodeOrigins.count ? nodeOrigins[index] : Origin()
            try within(origin, "nodes[\(index)]") {
                try writer.write(try node(element), line: origin.line ?? 0)
                report.nodes += 1
            }
        }
        for (index, element) in links.enumerated() {
            try within(index < linkOrigins.count ? linkOrigins[index] : Origin(), "links[\(index)]") {
                let (edge, flow) = try edge(element)
                if let flow {
                    if writer.flow(ofKind: edge.kind) == nil { report.kinds += 1 }
                    try writer.define(EdgeKind(name: edge.kind, flow: flow))
                }
                try writer.write(edge)
                report.edges += 1
            }
        }
    }

    /// The graph attributes `edge_kinds` and `sources` (see ``ExportCatalogue``), when present.
    private func importCatalogue(_ graph: [String: JSONValue], report: inout ImportReport) throws {
        for (index, element) in try array(graph["edge_kinds"], "graph.edge_kinds").enumerated() {
            try within(Origin(), "graph.edge_kinds[\(index)]") {
                guard case .object(let object) = element, let name = NodeLinkImporter.text(object["name"]) else {
                    throw ValueError("an edge kind needs a \"name\"")
                }
                guard let flowText = NodeLinkImporter.text(object["flow"]) else { throw ValueError("kind '\(name)' needs a flow: with, against, gate or none") }
                let kind = EdgeKind(name: name, flow: try Flow(parsing: flowText), description: NodeLinkImporter.text(object["description"]) ?? "")
                if writer.flow(ofKind: EdgeKind.normalize(name)) == nil { report.kinds += 1 }
                try writer.define(kind)
            }
        }
        for (index, element) in try array(graph["sources"], "graph.sources").enumerated() {
            try within(Origin(), "graph.sources[\(index)]") {
                guard case .object(let object) = element, let id = NodeLinkImporter.text(object["id"]) else {
                    throw ValueError("a source needs an \"id\"")
                }
                let date = try NodeLinkImporter.text(object["date"]).map { text throws(ValueError) in try PartialDate(parsing: text) }
                try writer.write(Source(id: id, title: NodeLinkImporter.text(object["title"]), publisher: NodeLinkImporter.text(object["publisher"]),
                                        date: date, url: NodeLinkImporter.text(object["url"])))
                report.sources += 1
            }
        }
    }

    /// The elements of an optional JSON array.
    private func array(_ value: JSONValue?, _ name: String) throws -> [JSONValue] {
        switch value {
        case nil, .null?: return []
        case .array(let elements)?: return elements
        default: throw ImportError(file: path, message: "\"\(name)\" must be an array")
        }
    }

    /// Runs `body`, turning its errors into ``ImportError``s that say where the element at fault is.
    private func within(_ origin: Origin, _ element: String, _ body: () throws -> Void) throws {
        let prefix = origin.line != nil ? "" : "\(origin.label ?? element): "
        do {
            try body()
        } catch let error as ValueError {
            throw ImportError(file: path, line: origin.line, column: origin.column, message: prefix + error.message)
        } catch let error as GraphStoreError {
            throw ImportError(file: path, line: origin.line, column: origin.column, message: prefix + error.description)
        }
    }

    private func key(_ field: Field) -> String { options.column(for: field) }

    private func node(_ element: JSONValue) throws -> Node {
        guard case .object(var object) = element else { throw ValueError("a node must be an object") }
        guard let id = NodeLinkImporter.text(object.removeValue(forKey: key(.nodeID))) else {
            throw ValueError("a node needs an \"\(key(.nodeID))\"")
        }
        let kind = NodeLinkImporter.text(object.removeValue(forKey: key(.nodeKind))) ?? options.defaultNodeKind
        let name = NodeLinkImporter.text(object.removeValue(forKey: key(.nodeName)))
            ?? NodeLinkImporter.text(object.removeValue(forKey: "label"))
        let aliases = try list(object.removeValue(forKey: key(.nodeAliases)), field: "aliases")
        let country = NodeLinkImporter.text(object.removeValue(forKey: key(.nodeCountry)))
        let citations = try citations(&object)
        let claims = try PropertyClaim.list(object.removeValue(forKey: "claims"))
        return Node(id: id, kind: kind, name: name, aliases: aliases, country: country, properties: object, citations: citations, claims: claims)
    }

    private func edge(_ element: JSONValue) throws -> (Edge, Flow?) {
        guard case .object(var object) = element else { throw ValueError("a link must be an object") }
        guard let source = NodeLinkImporter.text(object.removeValue(forKey: key(.edgeSource))),
            let target = NodeLinkImporter.text(object.removeValue(forKey: key(.edgeTarget)))
        else { throw ValueError("a link needs \"\(key(.edgeSource))\" and \"\(key(.edgeTarget))\"") }
        let kind = EdgeKind.normalize(NodeLinkImporter.text(object.removeValue(forKey: key(.edgeKind))) ?? options.defaultEdgeKind)
        let input = NodeLinkImporter.text(object.removeValue(forKey: key(.input)))
        let multigraphKey = NodeLinkImporter.text(object.removeValue(forKey: "key"))
        let share = try share(object.removeValue(forKey: key(.share)))
        let unit = NodeLinkImporter.text(object.removeValue(forKey: key(.unit)))
        let volume = try volume(object.removeValue(forKey: key(.volume)), unit: unit)
        let period = try Period(
            parsingFrom: NodeLinkImporter.text(object.removeValue(forKey: key(.validFrom))),
            to: NodeLinkImporter.text(object.removeValue(forKey: key(.validTo))))
        let flow = try NodeLinkImporter.text(object.removeValue(forKey: key(.flow))).map { text throws(ValueError) in try Flow(parsing: text) }
        let id = NodeLinkImporter.text(object.removeValue(forKey: key(.edgeID)))
        let citations = try citations(&object)
        var edge = Edge(id: id, source: source, target: target, kind: kind, input: input, share: share, volume: volume,
                        period: period, citations: citations)
        for field in EdgeQualifierFields.fields {
            if let text = NodeLinkImporter.text(object.removeValue(forKey: key(field))) { try EdgeQualifierFields.set(field, text, on: &edge) }
        }
        edge.properties = object
        if edge.id == nil, let multigraphKey {
            // Parallel edges of a networkx multigraph differ only by key: keep them apart.
            edge.id = edge.effectiveID + "-" + multigraphKey
        }
        return (edge, flow)
    }

    private func share(_ value: JSONValue?) throws(ValueError) -> Share? {
        switch value {
        case nil, .null?: return nil
        case .int(let int)?: return try Share(Double(int))
        case .double(let double)?: return try Share(double)
        case .string(let text)?: return try Share(parsing: text)
        case .object(let object)?:
            if let text = NodeLinkImporter.text(object["text"]) { return try Share(parsing: text) }
            return try Share(bounds: try bounds(object, "share"))
        default: throw ValueError("share must be a number, a text such as \"25%\" or {\"low\": …, \"high\": …}")
        }
    }

    private func volume(_ value: JSONValue?, unit: String?) throws(ValueError) -> Volume? {
        switch value {
        case nil, .null?: return nil
        case .int(let int)?: return try Volume(amount: Double(int), unit: unit)
        case .double(let double)?: return try Volume(amount: double, unit: unit)
        case .string(let text)?: return try Volume(parsing: text, unit: unit)
        case .object(let object)?:
            if let text = NodeLinkImporter.text(object["text"]) { return try Volume(parsing: text, unit: unit) }
            return try Volume(bounds: try bounds(object, "volume"), unit: unit)
        default: throw ValueError("volume must be a number, a text such as \"16e9 USD\" or {\"low\": …, \"high\": …}")
        }
    }

    /// Bounds from `{"low","high","low_exclusive","high_exclusive","approximate","inferred"}`
    /// (either end may be missing or null).
    private func bounds(_ object: [String: JSONValue], _ what: String) throws(ValueError) -> Bounds {
        func end(_ key: String) throws(ValueError) -> Double? {
            switch object[key] {
            case nil, .null?: return nil
            case let value?:
                guard let number = NodeLinkImporter.number(value) else { throw ValueError("\(what) \"\(key)\" must be a number") }
                return number
            }
        }
        func flag(_ key: String) throws(ValueError) -> Bool {
            switch object[key] {
            case nil, .null?: return false
            case .bool(let flag)?: return flag
            default: throw ValueError("\(what) \"\(key)\" must be true or false")
            }
        }
        return Bounds(
            low: try end("low"), high: try end("high"), lowExclusive: try flag("low_exclusive"), highExclusive: try flag("high_exclusive"),
            approximate: try flag("approximate"), inferred: try flag("inferred"))
    }

    private func citations(_ object: inout [String: JSONValue]) throws(ValueError) -> [Citation] {
        var citations: [Citation] = []
        if let value = object.removeValue(forKey: "citations") {
            guard case .array(let array) = value else { throw ValueError("\"citations\" must be an array") }
            for item in array {
                guard case .object(let citation) = item, let source = NodeLinkImporter.text(citation["source"]) else {
                    throw ValueError("each citation needs a \"source\"")
                }
                citations.append(Citation(source: source, quote: NodeLinkImporter.text(citation["quote"])))
            }
        }
        let quote = NodeLinkImporter.text(object.removeValue(forKey: key(.quote)))
        for reference in try list(object.removeValue(forKey: key(.sourceRef)), field: "source_ref") {
            citations.append(Citation(source: reference, quote: quote))
        }
        return citations
    }

    private func list(_ value: JSONValue?, field: String) throws(ValueError) -> [String] {
        switch value {
        case nil, .null?: return []
        case .array(let items)?: return items.compactMap(NodeLinkImporter.text)
        case .string(let text)?:
            return text.listItems(separatedBy: options.listSeparator)
        default: throw ValueError("\"\(field)\" must be a list of strings")
        }
    }

    /// Text of a string or number (networkx ids are often integers); `nil` for anything else or empty.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?:
            let trimmed = text.trimmingWhitespace()
            return trimmed.isEmpty ? nil : trimmed
        case .int(let int)?: return String(int)
        case .double(let double)?: return JSONValue.format(double)
        case .bool(let bool)?: return bool ? "true" : "false"
        default: return nil
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let int): return Double(int)
        case .double(let double): return double
        default: return nil
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        default:
            return "\(error)"
        }
    }
}
