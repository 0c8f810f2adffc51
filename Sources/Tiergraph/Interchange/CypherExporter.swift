/// Writes a selection as Cypher statements, for a user who moves the graph to a graph database
/// server (Neo4j and compatible) or to Kùzu (embedded openCypher).
///
/// Every node is a `Node` with `id`, `kind`, `name`, `aliases` (a list), `country`, and
/// `properties` and `citations` as JSON text; every edge keeps `id`, `kind`, `share`,
/// `input`, `share_low`, `share_high`, `volume`, `unit`, `valid_from`, `valid_to`, `properties`,
/// `citations`, in its stored direction.
/// - `neo4j`: a uniqueness constraint, then `MERGE` by id (re-running the file is idempotent);
///   nodes also get their kind as a label, relationships their kind as the type (`OWNS`).
/// - `kuzu`: Kùzu needs a schema: `CREATE NODE TABLE Node …`, `CREATE REL TABLE Edge …`, then
///   `CREATE` statements; the kind is the `kind` property.
/// One statement per line, each ending in `;`.
public enum CypherExporter {
    public enum Dialect: String, CaseIterable, Sendable {
        case neo4j, kuzu
    }

    /// The statements for `selection`.
    public static func script(_ selection: GraphSelection, dialect: Dialect) -> String {
        var out = "// Tiergraph export: \(selection.nodes.count) nodes, \(selection.edges.count) edges (\(dialect.rawValue) dialect)\n"
        switch dialect {
        case .neo4j:
            out += "CREATE CONSTRAINT tiergraph_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;\n"
        case .kuzu:
            out += "CREATE NODE TABLE Node(id STRING, kind STRING, name STRING, aliases STRING[], country STRING, properties STRING, citations STRING, claims STRING, PRIMARY KEY (id));\n"
            out += "CREATE REL TABLE Edge(FROM Node TO Node, id STRING, kind STRING, input STRING, share DOUBLE, share_low DOUBLE, share_high DOUBLE, share_text STRING, volume DOUBLE, volume_low DOUBLE, volume_high DOUBLE, volume_text STRING, unit STRING, valid_from STRING, valid_to STRING, \(EdgeQualifierFields.names.map { $0 + " STRING, " }.joined())properties STRING, citations STRING);\n"
        }
        for node in selection.nodes {
            let fields = "kind: \(literal(node.kind)), name: \(literal(node.name)), aliases: [\(node.aliases.map(literal).joined(separator: ", "))], "
                + "country: \(node.country.map(literal) ?? "NULL"), properties: \(json(node.properties.isEmpty ? nil : .object(node.properties))), "
                + "citations: \(json(node.citations.isEmpty ? nil : .array(node.citations.map(\.json)))), "
                + "claims: \(json(node.claims.isEmpty ? nil : .array(node.claims.map(\.json))))"
            switch dialect {
            case .neo4j:
                out += "MERGE (n:Node {id: \(literal(node.id))}) SET n += {\(fields)}, n:\(identifier(node.kind.capitalized));\n"
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
                + "properties: \(json(edge.properties.isEmpty ? nil : .object(edge.properties))), "
                + "citations: \(json(edge.citations.isEmpty ? nil : .array(edge.citations.map(\.json))))"
            let match = "MATCH (a:Node {id: \(literal(edge.source))}), (b:Node {id: \(literal(edge.target))})"
            switch dialect {
            case .neo4j:
                out += "\(match) MERGE (a)-[r:\(identifier(edge.kind.uppercased())) {id: \(literal(edge.effectiveID))}]->(b) SET r += {\(fields)};\n"
            case .kuzu:
                out += "\(match) CREATE (a)-[:Edge {id: \(literal(edge.effectiveID)), \(fields)}]->(b);\n"
            }
        }
        return out
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

    /// A backtick-quoted identifier (labels, relationship types).
    static func identifier(_ text: String) -> String {
        "`" + text.replacingOccurrences(of: "`", with: "``") + "`"
    }

    private static func number(_ value: Double?) -> String { value.map(JSONValue.format) ?? "NULL" }

    private static func json(_ value: JSONValue?) -> String { value.map { literal($0.serialized()) } ?? "NULL" }
}
