import Foundation

/// Imports a Graphviz DOT file, read by Graphviz's own parser (cgraph).
///
/// Node names are ids. The data attributes that `tiergraph export --format dot` writes carry the
/// whole graph: on nodes `kind`, `display_name` (the name; `name` in files of earlier versions), `aliases`, `country`, `properties` (JSON), `citations`
/// (JSON), `claims` (JSON); on edges `id`, `kind`, `input`, `share`, `volume`, `unit`, `valid_from`, `valid_to`,
/// `as_of`, `status`, `modality`, `claimant`, `share_of`, `properties`, `citations`, and `flow` (the kind's flow, which
/// defines the kind if it is new). A DOT file from elsewhere imports too: a node without `display_name` or `name` takes
/// its `label`, and missing kinds get the import's defaults. A node whose name starts with `%` needs the attribute `tiergraph_id` (which the export writes): Graphviz's parser replaces such names. An edge with `stored="reversed"`
/// (as Tiergraph's diagrams, `--diagram`, write the edges of `against` kinds) or drawn with `dir=back` is stored head → tail. Styling attributes and the legend cluster are ignored.
struct DOTImporter {
    let path: String
    let options: ImportOptions
    let writer: GraphWriter

    static let nodeData = ["kind", "name", "display_name", "aliases", "country"]
    static let edgeData = ["id", "kind", "input", "share", "volume", "unit", "valid_from", "valid_to", "flow"] + EdgeQualifierFields.names

    func run(report: inout ImportReport) throws {
        let contents = try InputFile.readWhole(path)
        let text: String = try contents.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws -> String in
            if let offset = InputFile.firstInvalidUTF8(in: bytes) {
                let position = InputFile.position(of: offset, in: bytes)
                throw ImportError(file: path, line: position.line, column: position.column, message: "invalid UTF-8 (save the file as UTF-8)")
            }
            if let offset = bytes.firstIndex(of: 0) {
                let position = InputFile.position(of: offset, in: bytes)
                throw ImportError(file: path, line: position.line, column: position.column, message: "a NUL byte: DOT is text")
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        let graph: Graphviz.ParsedGraph
        do {
            graph = try Graphviz.read(text, skipping: "cluster_legend")
        } catch let error as GraphvizError {
            throw ImportError(file: path, line: error.line, message: error.message)
        }
        if graph.nodes.isEmpty {
            throw ImportError(file: path, message: "no nodes in file: nothing to import")
        }
        // cgraph names a node whose name starts with % by an internal name (%3, %5), the same
        // in its edges: Tiergraph's export carries the id in an attribute; without one it is lost.
        var ids: [String: String] = [:]
        for element in graph.nodes where element.name.hasPrefix("%") {
            guard let id = element.attributes[DOTWriter.idAttribute] else {
                throw ImportError(file: path, message: "node '\(element.name)': a node name starting with % is replaced by Graphviz's parser with an internal name, so its id is lost (rename the node, or give it the attribute \(DOTWriter.idAttribute) holding its id)")
            }
            ids[element.name] = id
        }
        let nodes = try graph.nodes.map { element -> JSONValue in
            var object = try data(element.attributes, keys: DOTImporter.nodeData)
            object["id"] = .string(ids[element.name] ?? element.name)
            if let name = object.removeValue(forKey: "display_name") { object["name"] = name }
            if object["name"] == nil, let label = element.attributes["label"], label != "\\N" {
                object["name"] = .string(label.replacingOccurrences(of: "\\n", with: " ").trimmingWhitespace())
            }
            return .object(object)
        }
        let edges = try graph.edges.map { element -> JSONValue in
            var object = try data(element.attributes, keys: DOTImporter.edgeData)
            let reversed = element.attributes["stored"] == "reversed" || element.attributes["dir"] == "back"
            let (tail, head) = (ids[element.name] ?? element.name, ids[element.head] ?? element.head)
            object["source"] = .string(reversed ? head : tail)
            object["target"] = .string(reversed ? tail : head)
            return .object(object)
        }
        // cgraph keeps no line numbers: errors name the node or edge instead.
        let nodeOrigins = graph.nodes.map { NodeLinkImporter.Origin(label: "node '\(ids[$0.name] ?? $0.name)'") }
        let edgeOrigins = graph.edges.map { NodeLinkImporter.Origin(label: "edge '\(ids[$0.name] ?? $0.name)' -> '\(ids[$0.head] ?? $0.head)'") }
        try NodeLinkImporter(path: path, options: options, writer: writer)
            .importDocument(["nodes": .array(nodes), "edges": .array(edges)], nodeOrigins: nodeOrigins, linkOrigins: edgeOrigins, report: &report)
    }

    /// The data attributes of one element as node-link JSON: plain keys as text, `properties`
    /// merged in as typed values, `citations` and `claims` as arrays.
    private func data(_ attributes: [String: String], keys: [String]) throws -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        if let properties = attributes["properties"] {
            guard case .object(let values)? = try? JSONReader.parse(properties) else {
                throw ImportError(file: path, message: "attribute properties is not a JSON object: \(properties)")
            }
            object = values
        }
        for key in keys { if let value = attributes[key] { object[key] = .string(value) } }
        for name in ["citations", "claims"] {
            guard let text = attributes[name] else { continue }
            guard let value = try? JSONReader.parse(text) else { throw ImportError(file: path, message: "attribute \(name) is not JSON: \(text)") }
            object[name] = value
        }
        return object
    }
}
