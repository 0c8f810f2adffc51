import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Imports GraphML (what `export --format graphml`, networkx, Gephi and yEd write).
///
/// Each `<key>` gives a data field its name and type (`long`, `int`, `double`, `float`,
/// `boolean`, `string`); values keep those types, and the values of a key that Tiergraph marks
/// `tiergraph:value="json"` are read as the JSON they hold. Tiergraph's own fields map back to the model
/// (`share_low`/`share_high` to the share, `citations` from JSON text, `aliases` split on `;`);
/// every other field becomes a property. A node's `label` stands in for a missing `name` (and
/// is dropped when it repeats the name), an edge's `label` is dropped when it repeats the kind;
/// an edge's element `id` stands in for a missing `id` field. The graph's `edge_kinds` and
/// `sources` data (JSON text) are read as in node-link JSON. Streamed with a SAX parser.
struct GraphMLImporter {
    let path: String
    let options: ImportOptions
    let writer: GraphWriter

    func run(report: inout ImportReport) throws {
        let data = try InputFile.readWhole(path)
        try data.withUnsafeBytes { bytes in
            try checkEncoding(bytes)
            try checkEntities(bytes)
            try checkProcessingInstructions(bytes)
        }
        // Through a stream: XMLParser(data:) (swift-corelibs-foundation) misses errors found at the
        // end of the document, such as an element never closed.
        let parser = XMLParser(stream: InputStream(data: data))
        let reader = Reader()
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), reader.error == nil else {
            if let error = reader.error {
                throw ImportError(file: path, line: error.line, column: error.column, message: "GraphML: " + error.message)
            }
            let message = parser.parserError.map { "not well-formed XML (libxml2 error \(($0 as NSError).code))" } ?? "not valid XML"
            throw ImportError(file: path, line: parser.lineNumber, column: parser.columnNumber, message: "GraphML: " + message)
        }
        if reader.nodes.isEmpty {
            throw ImportError(file: path, message: "GraphML: no nodes in file: nothing to import")
        }
        let nodes = try reader.nodes.map { try object($0, isNode: true) }
        let edges = try reader.edges.map { try object($0, isNode: false) }
        func origins(_ elements: [Reader.Element]) -> [NodeLinkImporter.Origin] {
            elements.map { NodeLinkImporter.Origin(line: $0.line, column: $0.column) }
        }
        var graph: [String: JSONValue] = [:]
        for (name, value) in reader.graphData where ["edge_kinds", "sources"].contains(name) {
            guard case .string(let text) = value, let parsed = try? JSONReader.parse(text) else {
                throw ImportError(file: path, message: "GraphML: the graph's \(name) is not JSON text")
            }
            graph[name] = parsed
        }
        try NodeLinkImporter(path: path, options: options, writer: writer)
            .importDocument(["graph": .object(graph), "nodes": .array(nodes), "edges": .array(edges)],
                            nodeOrigins: origins(reader.nodes), linkOrigins: origins(reader.edges), report: &report)
    }

    /// Refuses what Foundation's XMLParser cannot read safely: bytes that are not UTF-8 (it traps
    /// on them in element, attribute and entity names), and text declared in another encoding
    /// unless it is plain ASCII (which every such encoding reads alike).
    private func checkEncoding(_ bytes: UnsafeRawBufferPointer) throws {
        if bytes.count >= 2 && ((bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE)) {
            throw ImportError(file: path, line: 1, column: 1, message: "GraphML: the file is UTF-16; Tiergraph reads GraphML in UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)")
        }
        if let offset = InputFile.firstInvalidUTF8(in: bytes) {
            let position = InputFile.position(of: offset, in: bytes)
            throw ImportError(file: path, line: position.line, column: position.column,
                              message: String(format: "GraphML: byte 0x%02X is not valid UTF-8 (save the file as UTF-8)", bytes[offset]))
        }
        // The XML declaration, if any, is the first thing in the file (after a byte-order mark).
        let head = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<min(bytes.count, 200)]), as: UTF8.self)
        guard let declaration = head.range(of: "?>").map({ head[..<$0.lowerBound] }), declaration.contains("<?xml"),
              let key = declaration.range(of: "encoding") else { return }
        let rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        let encoding = String(rest.prefix { $0 != "\"" && $0 != "'" && $0 != " " })
        let name = encoding.lowercased()
        if name == "utf-8" || name == "utf8" { return }
        if ["us-ascii", "ascii", "iso-8859-1", "latin1", "iso-8859-15", "windows-1252"].contains(name), !bytes.contains(where: { $0 >= 0x80 }) {
            return
        }
        throw ImportError(file: path, line: 1, message: "GraphML: the file declares encoding \"\(encoding)\"; Tiergraph reads GraphML in UTF-8 only (convert it, e.g. iconv -f \(encoding) -t UTF-8, and change the declaration)")
    }

    /// Refuses a document whose DTD declares entities. Foundation's XMLParser drops the text of
    /// an entity reference in element content ("&co; Ltd" reads as " Ltd") and expands it in
    /// attributes: rather than read such a file wrong, Tiergraph refuses it (external entities are
    /// never read; billion-laughs files are refused with the rest). The five predefined entities
    /// (`&amp;` …) and character references need no declaration and read as usual.
    private func checkEntities(_ bytes: UnsafeRawBufferPointer) throws {
        let doctype = Array("<!DOCTYPE".utf8), entity = Array("<!ENTITY".utf8)
        func matches(_ word: [UInt8], at index: Int) -> Bool { Self.bytes(bytes, match: word, at: index) }
        guard var index = (0..<bytes.count).first(where: { bytes[$0] == UInt8(ascii: "<") && matches(doctype, at: $0) }) else { return }
        var quote: UInt8?
        var inSubset = false
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                inSubset = true
            } else if byte == UInt8(ascii: "]") {
                inSubset = false
            } else if byte == UInt8(ascii: ">") && !inSubset {
                return  // the end of the DOCTYPE
            } else if inSubset && byte == UInt8(ascii: "<") && matches(entity, at: index) {
                let position = InputFile.position(of: index, in: bytes)
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(index + entity.count)..<min(bytes.count, index + entity.count + 80)]), as: UTF8.self)
                    .trimmingWhitespace().prefix { !$0.isWhitespace }
                throw ImportError(
                    file: path, line: position.line, column: position.column,
                    message: "GraphML: the document declares entity '\(name)'; Tiergraph does not expand XML entities (write the text in place of each &\(name); reference, and remove the declaration)")
            }
            index += 1
        }
    }

    /// Refuses a processing instruction with no data (`<?target?>`): libxml2 hands its data to
    /// Foundation's XMLParser as a NULL C string, which it reads, and the process dies (SIGSEGV;
    /// found by the `graphml` fuzz target). Comments and CDATA sections, where `<?` is text, are skipped.
    private func checkProcessingInstructions(_ bytes: UnsafeRawBufferPointer) throws {
        let skipped = [(Array("<!--".utf8), Array("-->".utf8)), (Array("<![CDATA[".utf8), Array("]]>".utf8))]
        var index = 0
        scan: while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            for (open, close) in skipped where Self.bytes(bytes, match: open, at: index) {
                index += open.count
                while index < bytes.count && !Self.bytes(bytes, match: close, at: index) { index += 1 }
                index += close.count
                continue scan
            }
            guard bytes[index + 1] == UInt8(ascii: "?") else { index += 1; continue }
            var end = index + 2
            while end < bytes.count, bytes[end] != UInt8(ascii: "?"), ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[end]) { end += 1 }
            if Self.bytes(bytes, match: Array("?>".utf8), at: end) {
                let position = InputFile.position(of: index, in: bytes)
                let instruction = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<min(end + 2, index + 80)]), as: UTF8.self)
                throw ImportError(
                    file: path, line: position.line, column: position.column,
                    message: "GraphML: the processing instruction \(instruction) has no data, which Foundation's XML parser cannot read without crashing (remove it, or give it data: <?target data?>)")
            }
            index = end
        }
    }

    /// Whether `bytes` holds `word` at `index`.
    private static func bytes(_ bytes: UnsafeRawBufferPointer, match word: [UInt8], at index: Int) -> Bool {
        index + word.count <= bytes.count && word.indices.allSatisfy { bytes[index + $0] == word[$0] }
    }

    /// One node or edge as node-link JSON.
    private func object(_ element: Reader.Element, isNode: Bool) throws -> JSONValue {
        var object = element.data
        for (key, value) in element.attributes { object[key] = .string(value) }  // id, source, target
        for name in ["citations", "claims"] {
            if case .string(let text)? = object[name] { object[name] = try? JSONReader.parse(text) }
        }
        if isNode {
            if object["name"] == nil, let label = object.removeValue(forKey: "label") { object["name"] = label }
            if object["label"] != nil, object["label"] == object["name"] { object["label"] = nil }
        } else {
            if object["label"] != nil, object["label"] == object["kind"] { object["label"] = nil }
            // The text says everything the ends do and more; without it, the ends make the value.
            let (shareLow, shareHigh, shareText) = (
                object.removeValue(forKey: "share_low"), object.removeValue(forKey: "share_high"), object.removeValue(forKey: "share_text"))
            if let shareText {
                object["share"] = shareText
            } else if case .double(let low)? = shareLow, case .double(let high)? = shareHigh {
                object["share"] = ["low": .double(low), "high": .double(high)]
            }
            let (volumeLow, volumeHigh, volumeText) = (
                object.removeValue(forKey: "volume_low"), object.removeValue(forKey: "volume_high"), object.removeValue(forKey: "volume_text"))
            if let volumeText {
                object["volume"] = volumeText
            } else if object["volume"] == nil, volumeLow != nil || volumeHigh != nil {
                object["volume"] = ["low": volumeLow ?? .null, "high": volumeHigh ?? .null]
            }
            if let dataID = element.data["id"] { object["id"] = dataID }
        }
        return .object(object)
    }

    /// Collects keys, nodes and edges from the SAX events; the first problem stops the parse.
    private final class Reader: NSObject, XMLParserDelegate {
        struct Element {
            var attributes: [String: String]
            var data: [String: JSONValue] = [:]
            var line = 0
            var column = 0
        }
        struct Key {
            let name: String
            let type: String
        }
        struct Problem {
            let line: Int
            let column: Int
            let message: String
        }
        var keys: [String: Key] = [:]
        var nodes: [Element] = []
        var edges: [Element] = []
        /// The data of the (top-level) graph element.
        var graphData: [String: JSONValue] = [:]
        var error: Problem?
        private var current: Element?
        private var currentIsNode = false
        /// The top-level graphs begun so far.
        private var graphs = 0
        private var dataKey: String?
        private var dataPosition = (line: 0, column: 0)
        private var text = ""

        private func fail(_ parser: XMLParser, _ message: String, at position: (line: Int, column: Int)? = nil) {
            guard error == nil else { return }
            error = Problem(line: position?.line ?? parser.lineNumber, column: position?.column ?? parser.columnNumber, message: message)
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch name {
            case "key":
                if let id = attributes["id"] {
                    // Tiergraph marks the keys whose values are JSON text (lists, objects, mixed types).
                    let json = attributes[GraphMLExporter.jsonMarker.attribute] == GraphMLExporter.jsonMarker.value
                    keys[id] = Key(name: attributes["attr.name"] ?? id, type: json ? "json" : attributes["attr.type"] ?? "string")
                }
            case "node":
                if current != nil { return fail(parser, "a <node> inside a <\(currentIsNode ? "node" : "edge")>") }
                current = Element(attributes: ["id": attributes["id"] ?? ""], line: parser.lineNumber, column: parser.columnNumber)
                currentIsNode = true
            case "edge":
                if current != nil { return fail(parser, "an <edge> inside a <\(currentIsNode ? "node" : "edge")>") }
                var fields = ["source": attributes["source"] ?? "", "target": attributes["target"] ?? ""]
                if let id = attributes["id"] { fields["id"] = id }
                current = Element(attributes: fields, line: parser.lineNumber, column: parser.columnNumber)
                currentIsNode = false
            case "graph" where current != nil:
                let owner = currentIsNode ? "node '\(current?.attributes["id"] ?? "")'" : "an edge"
                fail(parser, "\(owner) holds a nested graph; Tiergraph does not import nested graphs (flatten it first)")
            case "graph":
                graphs += 1
                if graphs > 1 { fail(parser, "a second <graph>; Tiergraph imports one graph per GraphML file (split it)") }
            case "hyperedge":
                fail(parser, "a <hyperedge>; Tiergraph imports edges between two nodes only")
            case "data":
                dataKey = attributes["key"]
                dataPosition = (parser.lineNumber, parser.columnNumber)
                text = ""
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if dataKey != nil { text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            if dataKey != nil { text += String(decoding: block, as: UTF8.self) }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "data":
                guard let keyID = dataKey else { return }
                dataKey = nil
                let key = keys[keyID] ?? Key(name: keyID, type: "string")
                let trimmed = text.trimmingWhitespace()
                let value: JSONValue?
                switch key.type {
                case "long", "int": value = Int64(trimmed).map(JSONValue.int)
                case "double", "float": value = Double(trimmed).map(JSONValue.double)
                case "boolean":
                    switch trimmed.lowercased() {
                    case "true", "1": value = .bool(true)
                    case "false", "0": value = .bool(false)
                    default: value = nil
                    }
                case "json": value = try? JSONReader.parse(text)
                default: value = .string(text)
                }
                guard let value else {
                    let range = key.type == "long" || key.type == "int" ? " (a 64-bit integer)" : key.type == "json" ? " text" : ""
                    return fail(parser, "'\(text)' is not a \(key.type)\(range), the type key '\(keyID)' (\(key.name)) declares", at: dataPosition)
                }
                if current != nil { current?.data[key.name] = value } else { graphData[key.name] = value }
            case "node", "edge":
                if let element = current { if currentIsNode { nodes.append(element) } else { edges.append(element) } }
                current = nil
            default:
                break
            }
        }
    }
}
