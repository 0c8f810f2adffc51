/// Writes a selection as Cypher statements, for a user who moves the graph to a graph database
/// server (Neo4j, FalkorDB) or to an embedded openCypher engine (Kùzu, LadybugDB).
///
/// Every node is a `Node` with `id`, `kind`, `name`, `aliases` (a list), `country`, and
/// `citations` and `claims` as JSON text; every edge keeps `id`, `kind`, `input`, `share`,
/// `share_low`, `share_high`, `share_text`, `volume`, `volume_low`, `volume_high`,
/// `volume_text`, `unit`, `valid_from`, `valid_to`, the qualifiers and `citations`, in its stored
/// direction. Properties are properties of their own, typed: numbers stay numbers
/// (`WHERE n.hbm_gb > 100`), booleans booleans, lists of numbers, texts or booleans lists;
/// objects and mixed lists are JSON text. A property named like one of the fields above is not
/// exported (as in node-link JSON).
/// - `neo4j`: a uniqueness constraint, then `MERGE` by id (re-running the file is idempotent);
///   nodes also get their kind as a label, relationships their kind as the type (`OWNS`).
/// - `falkordb`: the same statements, but nodes merged and matched by `_id_hex` (the id's UTF-8
///   in lower-case hex) and an index on that instead of the constraint: FalkorDB declares
///   constraints by a command of its own, and its index on a text property does not find every
///   text exactly (RELIABILITY.md), while one of `[0-9a-f]` only it does.
/// - `kuzu` (Kùzu and its successor LadybugDB): a schema first — `CREATE NODE TABLE Node …`,
///   `CREATE REL TABLE Edge …`, with a column per property, of the ``PropertyType`` that holds all
///   its values — then `CREATE` statements; the kind is the `kind` property.
/// One statement per line, each ending in `;`.
public enum CypherExporter {
    public enum Dialect: String, CaseIterable, Sendable {
        case neo4j, falkordb, kuzu
    }

    static let nodeFields: Set<String> = ["id", "kind", "name", "aliases", "country", "citations", "claims"]
    static let edgeFields: Set<String> = Set([
        "id", "kind", "input", "share", "share_low", "share_high", "share_text", "volume", "volume_low", "volume_high", "volume_text",
        "unit", "valid_from", "valid_to", "citations",
    ]).union(EdgeQualifierFields.names)

    /// The property the `falkordb` dialect merges and matches nodes by.
    static let falkorKey = "_id_hex"

    /// The statements for `selection`.
    public static func script(_ selection: GraphSelection, dialect: Dialect) -> String {
        let nodeColumns = PropertyType.columns(
            selection.nodes.map(\.properties), reserved: dialect == .falkordb ? nodeFields.union([falkorKey]) : nodeFields)
        let edgeColumns = PropertyType.columns(selection.edges.map(\.properties), reserved: edgeFields)
        var out = "// Tiergraph export: \(selection.nodes.count) nodes, \(selection.edges.count) edges (\(dialect.rawValue) dialect)\n"
        switch dialect {
        case .neo4j:
            out += "CREATE CONSTRAINT tiergraph_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;\n"
        case .falkordb:
            out += "CREATE INDEX FOR (n:Node) ON (n.\(falkorKey));\n"
        case .kuzu:
            let properties = { (columns: [(name: String, type: PropertyType)]) in columns.map { ", \(identifier($0.name)) \(kuzuType($0.type))" }.joined() }
            out += "CREATE NODE TABLE Node(id STRING, kind STRING, name STRING, aliases STRING[], country STRING, citations STRING, claims STRING\(properties(nodeColumns)), PRIMARY KEY (id));\n"
            out += "CREATE REL TABLE Edge(FROM Node TO Node, id STRING, kind STRING, input STRING, share DOUBLE, share_low DOUBLE, share_high DOUBLE, share_text STRING, volume DOUBLE, volume_low DOUBLE, volume_high DOUBLE, volume_text STRING, unit STRING, valid_from STRING, valid_to STRING, \(EdgeQualifierFields.names.map { $0 + " STRING, " }.joined())citations STRING\(properties(edgeColumns)));\n"
        }
        let typed = dialect == .kuzu
        for node in selection.nodes {
            let fields = "kind: \(literal(node.kind)), name: \(literal(node.name)), aliases: [\(node.aliases.map(literal).joined(separator: ", "))], "
                + "country: \(node.country.map(literal) ?? "NULL"), "
                + "citations: \(json(node.citations.isEmpty ? nil : .array(node.citations.map(\.json)))), "
                + "claims: \(json(node.claims.isEmpty ? nil : .array(node.claims.map(\.json))))"
                + properties(node.properties, nodeColumns, typed: typed)
            switch dialect {
            case .neo4j:
                out += "MERGE (n:Node {id: \(literal(node.id))}) SET n += {\(fields)}, n:\(identifier(node.kind.capitalized));\n"
            case .falkordb:
                out += "MERGE (n:Node {\(falkorKey): '\(hex(node.id))'}) SET n += {id: \(literal(node.id)), \(fields)}, n:\(identifier(node.kind.capitalized));\n"
            case .kuzu:
                out += "CREATE (:Node {id: \(literal(node.id)), \(fields)});\n"
            }
        }
        for edge in selection.edges {
            let qualifiers = zip(EdgeQualifierFields.names, EdgeQualifierFields.values(of: edge)).map { "\($0): \($1.map(literal) ?? "NULL"), " }
            let fields = "kind: \(literal(edge.kind)), input: \(edge.input.map(literal) ?? "NULL"), share: \(number(edge.share?.value)), share_low: \(number(edge.share?.low)), "
                + "share_high: \(number(edge.share?.high)), share_text: \(edge.share?.storedText.map(literal) ?? "NULL"), "
                + "volume: \(number(edge.volume?.amount)), volume_low: \(number(edge.volume?.bounds.low)), volume_high: \(number(edge.volume?.bounds.high)), "
                + "volume_text: \(edge.volume?.storedText.map(literal) ?? "NULL"), unit: \(edge.volume?.unit.map(literal) ?? "NULL"), "
                + qualifiers.joined() + "valid_from: \(edge.period.from.map { literal($0.description) } ?? "NULL"), valid_to: \(edge.period.to.map { literal($0.description) } ?? "NULL"), "
                + "citations: \(json(edge.citations.isEmpty ? nil : .array(edge.citations.map(\.json))))"
                + properties(edge.properties, edgeColumns, typed: typed)
            let match = dialect == .falkordb
                ? "MATCH (a:Node {\(falkorKey): '\(hex(edge.source))'}), (b:Node {\(falkorKey): '\(hex(edge.target))'})"
                : "MATCH (a:Node {id: \(literal(edge.source))}), (b:Node {id: \(literal(edge.target))})"
            switch dialect {
            case .neo4j, .falkordb:
                out += "\(match) MERGE (a)-[r:\(identifier(edge.kind.uppercased())) {id: \(literal(edge.effectiveID))}]->(b) SET r += {\(fields)};\n"
            case .kuzu:
                out += "\(match) CREATE (a)-[:Edge {id: \(literal(edge.effectiveID)), \(fields)}]->(b);\n"
            }
        }
        return out
    }

    /// `, key: value` for each property that has a column (nulls are left out). With `typed`,
    /// each value is written as its column's type; otherwise as its own type.
    private static func properties(_ values: [String: JSONValue], _ columns: [(name: String, type: PropertyType)], typed: Bool) -> String {
        columns.compactMap { column in
            guard let value = values[column.name], let own = PropertyType.of(value) else { return nil }
            return ", \(identifier(column.name)): \(literal(value, as: typed ? column.type : own))"
        }.joined()
    }

    /// A property value as a Cypher literal of `type` (see ``PropertyType``).
    private static func literal(_ value: JSONValue, as type: PropertyType) -> String {
        switch (type, value) {
        case (.integer, .int(let int)): return String(int)
        case (.double, .int(let int)): return number(Double(int))
        case (.double, .double(let double)): return number(double)
        case (.boolean, .bool(let bool)): return bool ? "true" : "false"
        case (.list(let element), .array(let items)): return "[" + items.map { literal($0, as: element) }.joined(separator: ", ") + "]"
        case (.emptyList, _): return "[]"
        case (_, .string(let text)): return literal(text)
        default: return literal(value.serialized())
        }
    }

    private static func kuzuType(_ type: PropertyType) -> String {
        switch type {
        case .integer: return "INT64"
        case .double: return "DOUBLE"
        case .boolean: return "BOOLEAN"
        case .string, .json: return "STRING"
        case .list(let element): return kuzuType(element) + "[]"
        case .emptyList: return "STRING[]"
        }
    }

    /// A Cypher string literal: single quotes, with backslash escapes.
    static func literal(_ text: String) -> String {
        "'" + text.escapingScalars { scalar in
            switch scalar {
            case "'": return "\\'"
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            default: return nil
            }
        } + "'"
    }

    /// A backtick-quoted identifier (labels, relationship types, property names).
    static func identifier(_ text: String) -> String {
        "`" + text.replacingOccurrences(of: "`", with: "``") + "`"
    }

    /// A floating-point literal (`1.0`, not `1`, so that every engine stores a float), or `NULL`.
    private static func number(_ value: Double?) -> String {
        guard let value else { return "NULL" }
        let text = JSONValue.format(value)
        return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? text : text + ".0"
    }

    private static func json(_ value: JSONValue?) -> String { value.map { literal($0.serialized()) } ?? "NULL" }

    /// `text`'s UTF-8 in lower-case hex: two digits a byte.
    static func hex(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: text.utf8.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }
}
