import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Imports GraphML (what `export --format graphml`, networkx, Gephi and yEd write).
///
/// Each `<key>` gives a data field its name and type (`long`, `int`, `double`, `float`,
/// `boolean`, `string`); values keep those types. Tiergraph's own fields map back to the model
/// (`share_low`/`share_high` to the share, `citations` from JSON text, `aliases` split on `;`);
/// every other field becomes a property. A node's `label` stands in for a missing `name`; an
/// edge's element `id` for a missing `id` field. Streamed with a SAX parser.
struct GraphMLImporter {
    let path: String
    let options: ImportOptions
    let writer: GraphWriter

    func run(report: inout ImportReport) throws {
        guard let parser = XMLParser(contentsOf: URL(fileURLWithPath: path)) else {
            throw ImportError(file: path, message: "cannot read the file")
        }
        let reader = Reader()
        parser.delegate = reader
        guard parser.parse() else {
            let message = reader.error ?? parser.parserError.map { "\($0.localizedDescription)" } ?? "not valid XML"
            throw ImportError(file: path, line: parser.lineNumber, column: parser.columnNumber, message: "GraphML: " + message)
        }
        if let error = reader.error { throw ImportError(file: path, message: "GraphML: " + error) }
        let nodes = try reader.nodes.map { try object($0, isNode: true) }
        let edges = try reader.edges.map { try object($0, isNode: false) }
        try NodeLinkImporter(path: path, options: options, writer: writer)
            .importDocument(["nodes": .array(nodes), "edges": .array(edges)], report: &report)
    }

    /// One node or edge as node-link JSON.
    private func object(_ element: Reader.Element, isNode: Bool) throws -> JSONValue {
        var object = element.data
        for (key, value) in element.attributes { object[key] = .string(value) }  // id, source, target
        if case .string(let text)? = object["citations"] {
            object["citations"] = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        }
        if isNode {
            if object["name"] == nil, let label = object.removeValue(forKey: "label") { object["name"] = label }
        } else {
            if case .double(let low)? = object.removeValue(forKey: "share_low"), case .double(let high)? = object.removeValue(forKey: "share_high") {
                object["share"] = ["low": .double(low), "high": .double(high)]
            }
            if let dataID = element.data["id"] { object["id"] = dataID }
        }
        return .object(object)
    }

    /// Collects keys, nodes and edges from the SAX events.
    private final class Reader: NSObject, XMLParserDelegate {
        struct Element {
            var attributes: [String: String]
            var data: [String: JSONValue] = [:]
        }
        struct Key {
            let name: String
            let type: String
        }
        var keys: [String: Key] = [:]
        var nodes: [Element] = []
        var edges: [Element] = []
        var error: String?
        private var current: Element?
        private var currentIsNode = false
        private var dataKey: String?
        private var text = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch name {
            case "key":
                if let id = attributes["id"] {
                    keys[id] = Key(name: attributes["attr.name"] ?? id, type: attributes["attr.type"] ?? "string")
                }
            case "node":
                current = Element(attributes: ["id": attributes["id"] ?? ""])
                currentIsNode = true
            case "edge":
                var fields = ["source": attributes["source"] ?? "", "target": attributes["target"] ?? ""]
                if let id = attributes["id"] { fields["id"] = id }
                current = Element(attributes: fields)
                currentIsNode = false
            case "data":
                dataKey = attributes["key"]
                text = ""
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if dataKey != nil { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "data":
                guard let keyID = dataKey, current != nil else { return }
                dataKey = nil
                let key = keys[keyID] ?? Key(name: keyID, type: "string")
                let value: JSONValue
                switch key.type {
                case "long", "int": value = Int64(text.trimmingWhitespace()).map(JSONValue.int) ?? .string(text)
                case "double", "float": value = Double(text.trimmingWhitespace()).map(JSONValue.double) ?? .string(text)
                case "boolean": value = .bool(text.trimmingWhitespace().lowercased() == "true")
                default: value = .string(text)
                }
                current?.data[key.name] = value
            case "node", "edge":
                if let element = current { if currentIsNode { nodes.append(element) } else { edges.append(element) } }
                current = nil
            default:
                break
            }
        }
    }
}
