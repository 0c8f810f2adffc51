/// The texts an export format cannot carry exactly, found before anything is written.
///
/// Tiergraph stores any Unicode text. Node-link JSON carries all of it; CSV, DOT and
/// GraphML have limits of their own, and an export that meets one refuses the whole graph with
/// an ``ExportTextError`` naming the node or edge, rather than write text that reads back
/// different (README, "Storage", and RELIABILITY.md):
/// - DOT: Graphviz's parser reads `\"` as an escaped quote, a backslash at the end of a
///   quoted string as escaping its closing quote, and a backslash before a line break as a line
///   continuation (both removed), and drops a line feed with only quotes, backslashes or the
///   ends of the string beside it, whatever the writer does (the language has no other escape);
/// - GraphML: XML 1.0 cannot hold control characters other than tab, line feed and carriage
///   return, nor U+FFFE and U+FFFF, even as character references;
/// - CSV, DOT and GraphML write a node's aliases as one field joined with `;`, so an alias
///   holding `;` would come back as two; none of them carries a NUL character;
/// - CSV cells have no types: a text value that reads back as a number, a boolean, a list or
///   nothing (`0`, `true`, `[1]`, spaces) is refused, and so is a property name with whitespace
///   around it;
/// - Cypher writes one statement per line, and a property name in backticks has no escape for a
///   line break: a property name holding a line feed or carriage return is refused (values carry
///   any text but NUL, escaped). FalkorDB's parser reads no backtick in a name (not even the
///   doubled one of openCypher), and Kùzu's names ignore ASCII case (`ID` is `id`, `Ab` is `aB`):
///   for those dialects such names are refused too (found by loading random text into both).
public enum ExportText {
    /// A format with limits on what text it carries.
    public enum Format: String, Sendable {
        case dot, graphml, csv
        /// Cypher of each dialect (``CypherExporter/Dialect``).
        case cypher, falkordb = "cypher (falkordb dialect)", kuzu = "cypher (kuzu dialect)"
        /// The DOT of a picture (`render`), which Graphviz must parse but no one reads back.
        case picture
    }

    /// Throws for the first node or edge of `selection` that holds text `format` cannot carry.
    public static func check(_ selection: GraphSelection, for format: Format) throws(ExportTextError) {
        for node in selection.nodes { try check(node, for: format) }
        for edge in selection.edges { try check(edge, for: format) }
        if format == .kuzu {
            try checkColumns(selection.nodes.map { ("node " + shown($0.id), $0.properties) })
            try checkColumns(selection.edges.map { ("edge " + shown($0.effectiveID), $0.properties) })
        }
    }

    /// Kùzu's columns are one per property name, ignoring ASCII case: throws for the first element
    /// whose property name another element spells with other capitals.
    private static func checkColumns(_ elements: [(name: String, properties: [String: JSONValue])]) throws(ExportTextError) {
        var spelled: [String: String] = [:]
        for (element, properties) in elements {
            for key in properties.keys.sorted() {
                let folded = key.lowercasedASCII
                if let other = spelled[folded], !other.unicodeScalars.elementsEqual(key.unicodeScalars) {
                    throw ExportTextError(element: element, format: .kuzu, problem: "its property name \(shown(key)) is \(shown(other)) to Kùzu, whose names ignore case")
                }
                spelled[folded] = key
            }
        }
    }

    /// Throws if `node` holds text `format` cannot carry (its id, name, aliases, country,
    /// properties, citations or claims).
    public static func check(_ node: Node, for format: Format) throws(ExportTextError) {
        if [.dot, .graphml, .csv].contains(format), let alias = node.aliases.first(where: { $0.contains(";") }) {
            throw ExportTextError(element: "node " + shown(node.id), format: format, problem: "its alias \(shown(alias)) holds ';', which separates the aliases in \(format.rawValue)")
        }
        if let problem = firstProblem(in: node.json, for: format) ?? propertyProblem(node.properties, fields: CypherExporter.nodeFields, for: format) {
            throw ExportTextError(element: "node " + shown(node.id), format: format, problem: problem)
        }
    }

    /// Throws if `edge` holds text `format` cannot carry.
    public static func check(_ edge: Edge, for format: Format) throws(ExportTextError) {
        if let problem = firstProblem(in: edge.json, for: format) ?? propertyProblem(edge.properties, fields: CypherExporter.edgeFields, for: format) {
            throw ExportTextError(element: "edge " + shown(edge.effectiveID), format: format, problem: problem)
        }
    }

    /// What `format` cannot carry in the first string (key or value) of `value` that it cannot.
    private static func firstProblem(in value: JSONValue, for format: Format) -> String? {
        switch value {
        case .string(let text): return problem(in: text, for: format)
        case .array(let values): return values.lazy.compactMap { firstProblem(in: $0, for: format) }.first
        case .object(let members):
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                if let found = problem(in: key, for: format) ?? firstProblem(in: member, for: format) { return found }
            }
            return nil
        default: return nil
        }
    }

    /// What CSV cannot carry of `properties`: a column name with whitespace around it, and a
    /// text value that reads back as something else (empty or only whitespace: no value;
    /// `0`, `true`, `[1]`: a number, a boolean, a list), for CSV cells have no types.
    /// What Cypher cannot carry of `properties` (`fields`: the element's own, for Kùzu).
    private static func propertyProblem(_ properties: [String: JSONValue], fields: Set<String>, for format: Format) -> String? {
        if [.cypher, .falkordb, .kuzu].contains(format) {
            for key in properties.keys.sorted() {
                if key.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
                    return "the property name \(shown(key)) holds a line break, which would split its statement (one per line; a name in backticks cannot escape it)"
                }
                if format == .falkordb && key.contains("`") {
                    return "the property name \(shown(key)) holds a backtick, which FalkorDB's parser cannot read in a name"
                }
                if format == .kuzu, !fields.contains(key), let field = fields.first(where: { $0 == key.lowercasedASCII }) {
                    return "the property name \(shown(key)) is the field \(shown(field)) to Kùzu, whose names ignore case"
                }
            }
            return nil
        }
        guard format == .csv else { return nil }
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            if key.trimmingWhitespace() != key || key.isEmpty {
                return "the property name \(shown(key)) has whitespace around it, which a CSV header does not keep"
            }
            guard case .string(let text) = value else { continue }
            if text.allSatisfy(\.isWhitespace) { return "property \(shown(key)) is \(shown(text)), which CSV reads as no value" }
            if JSONValue(inferring: text) != value {
                return "property \(shown(key)) is the text \(shown(text)), which CSV reads back as \(JSONValue(inferring: text).serialized())"
            }
        }
        return nil
    }

    /// Why `format` cannot carry `text`, or nil if it can.
    static func problem(in text: String, for format: Format) -> String? {
        let shown = ExportText.shown(text)
        if text.unicodeScalars.contains("\0") { return "the text \(shown) holds a NUL character" }
        switch format {
        case .csv, .cypher, .falkordb, .kuzu:
            return nil
        case .graphml:
            guard let scalar = text.unicodeScalars.first(where: { !xmlCarries($0) }) else { return nil }
            return "the text \(shown) holds U+\(String(scalar.value, radix: 16, uppercase: true)), which XML 1.0 cannot hold"
        case .dot, .picture:
            let scalars = Array(text.unicodeScalars)
            for (index, scalar) in scalars.enumerated() where scalar == "\\" {
                let next = index + 1 < scalars.count ? scalars[index + 1] : nil
                if next == nil { return "the text \(shown) ends with a backslash, which Graphviz's parser reads as escaping the closing quote" }
                if next == "\"" { return "the text \(shown) holds a backslash before a quote, which Graphviz's parser reads as an escaped quote" }
                if next == "\n" { return "the text \(shown) holds a backslash before a line break, which Graphviz's parser removes as a line continuation" }
            }
            // cgraph's scanner drops a line feed it reads alone: one with no other character
            // beside it but quotes, backslashes and the ends of the string.
            let edges: Set<Unicode.Scalar?> = [nil, "\"", "\\"]
            for (index, scalar) in scalars.enumerated() where scalar == "\n" {
                let before = index > 0 ? scalars[index - 1] : nil, after = index + 1 < scalars.count ? scalars[index + 1] : nil
                if edges.contains(before) && edges.contains(after) {
                    return "the text \(shown) holds a line break with only quotes, backslashes or the ends of the text beside it, which Graphviz's parser drops"
                }
            }
            return nil
        }
    }

    /// `text` quoted for a message: its first 40 characters, controls written as escapes.
    static func shown(_ text: String) -> String {
        (text.count > 40 ? String(text.prefix(40)) + "…" : text).debugDescription
    }

    /// Whether XML 1.0 can hold `scalar` (as itself or as a character reference).
    static func xmlCarries(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0..<0x20, 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }
}

/// A node or edge holds text that an export format cannot carry; nothing was written.
public struct ExportTextError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `node 'x'` or `edge 'e1'`.
    public let element: String
    public let format: ExportText.Format
    /// What the text holds and why the format cannot carry it.
    public let problem: String

    public var description: String {
        if format == .picture { return "cannot draw the selection: \(element): \(problem); nothing was written (change the text)" }
        return "cannot export as \(format.rawValue): \(element): \(problem); nothing was written (change the text, or export as json, which carries any text)"
    }
}

extension GraphStore {
    /// The checks of ``ExportText`` for every node and edge that passes `filter`,
    /// streamed from the file: what an export streamed from the database runs before writing.
    public func checkExportText(filter: QueryFilter = QueryFilter(), for format: ExportText.Format) throws {
        try forEachNode(filter: filter) { try ExportText.check($0, for: format) }
        try forEachEdge(filter: filter) { try ExportText.check($0, for: format) }
    }
}

private extension String {
    /// The text with A–Z lowered and every other scalar kept: how Kùzu compares names.
    var lowercasedASCII: String {
        String(String.UnicodeScalarView(unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 }))
    }
}
