import Foundation
import XCTest
@testable import Tiergraph

/// The Cypher export of the curated graph, loaded into real openCypher engines — a FalkorDB
/// server on loopback (started and stopped by Tests/Reference/cypher_engines.py) and an embedded
/// LadybugDB — answers the same questions as Tiergraph: shortest path lengths along supply
/// edges and along any edge, upstream sets, and a condition on a typed property.
final class CypherEngineTests: XCTestCase {
    private struct Questions: Encodable {
        let forward: [String]
        let against: [String]
        let paths: [[String]]
        let any_paths: [[String]]
        let upstream: [String]
        let property = "hbm_gb"
        let above = 100
    }

    private struct Answers: Decodable, Equatable {
        let nodes: Int
        let edges: Int
        let paths: [Int?]
        let any_paths: [Int?]
        let upstream: [String: [[String]]]
        let above: [String]
    }

    /// The questions, and Tiergraph's answers to them, on the curated graph in `store`.
    private func questions(_ store: GraphStore) throws -> (Questions, Answers) {
        let kinds = try store.edgeKinds()
        let forward = kinds.filter { $0.flow == .with || $0.flow == .gate }.map(\.name).sorted()
        let against = kinds.filter { $0.flow == .against }.map(\.name).sorted()
        let supply = QueryFilter(edgeKinds: Set(forward)), orders = QueryFilter(edgeKinds: Set(against))
        let selection = try store.select(.all)
        let ids = selection.nodes.map(\.id).sorted()
        // The nodes with the largest supply upstreams, and buyers that place orders.
        var upstreams: [String: [String]] = [:]
        for id in ids { upstreams[id] = try store.closure(of: id, direction: .upstream, filter: supply).map(\.id).sorted() }
        let roots = Array(ids.sorted { (upstreams[$0]!.count, $1) > (upstreams[$1]!.count, $0) }.prefix(3))
            + Array(Set(selection.edges.filter { against.contains($0.kind) }.map(\.source)).sorted().prefix(2))
        var paths: [[String]] = [], lengths: [Int?] = []
        for root in roots {
            for supplier in upstreams[root]! {
                paths.append([supplier, root])
                lengths.append(try store.shortestPath(from: supplier, to: root, direction: .downstream, filter: supply)?.edges.count)
            }
        }
        let anyPairs = stride(from: 0, to: ids.count, by: 5).map { [ids[$0], ids[($0 * 37 + 11) % ids.count]] }.filter { $0[0] != $0[1] }
        let anyLengths = try anyPairs.map { try store.shortestPath(from: $0[0], to: $0[1], direction: .any)?.edges.count }
        var upstream: [String: [[String]]] = [:]
        for root in roots {
            upstream[root] = [upstreams[root]!, try store.closure(of: root, direction: .upstream, filter: orders).map(\.id).sorted()]
        }
        let above = selection.nodes.filter { node in
            switch node.properties["hbm_gb"] {
            case .int(let value)?: return value > 100
            case .double(let value)?: return value > 100
            default: return false
            }
        }.map(\.id).sorted()
        let asked = Questions(forward: forward, against: against, paths: paths, any_paths: anyPairs, upstream: roots)
        return (asked, Answers(nodes: ids.count, edges: selection.edges.count, paths: lengths, any_paths: anyLengths, upstream: upstream, above: above))
    }

    private func curated(_ scratch: Scratch) throws -> GraphStore {
        let store = try scratch.store()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        _ = try store.importFiles([root.appendingPathComponent("Graph").path])
        return store
    }

    private func ask(_ engine: String, dialect: CypherExporter.Dialect) throws {
        let scratch = try Scratch()
        let store = try curated(scratch)
        let (asked, expected) = try questions(store)
        XCTAssertGreaterThan(asked.paths.count, 20, "enough questions to mean something")
        XCTAssertTrue(expected.upstream.values.contains { !$0[1].isEmpty }, "some root orders from someone")
        XCTAssertFalse(expected.above.isEmpty)
        let script = try scratch.write("graph.cypher", CypherExporter.script(try store.select(.all), dialect: dialect))
        let engines = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference/cypher_engines.py")
        let output = try Python.run(try String(contentsOf: engines, encoding: .utf8), [engine, script], input: try JSONEncoder().encode(asked))
        let answers = try JSONDecoder().decode(Answers.self, from: Data(output.utf8))
        XCTAssertEqual(answers.nodes, expected.nodes)
        XCTAssertEqual(answers.edges, expected.edges)
        for (index, pair) in asked.paths.enumerated() where answers.paths[index] != expected.paths[index] {
            XCTFail("\(engine): path \(pair): \(String(describing: answers.paths[index])), Tiergraph \(String(describing: expected.paths[index]))")
        }
        XCTAssertEqual(answers.any_paths, expected.any_paths, engine)
        XCTAssertEqual(answers.upstream, expected.upstream, engine)
        XCTAssertEqual(answers.above, expected.above, engine)
    }

    func testFalkorDBServerAnswersLikeTiergraph() throws {
        try ask("falkordb", dialect: .falkordb)
    }

    func testLadybugDBAnswersLikeTiergraph() throws {
        try ask("ladybug", dialect: .kuzu)
    }

    /// FalkorDB runs the Neo4j statements, but keyed by `_id_hex` (the id's UTF-8 in hex) and
    /// with an index on it instead of the constraint.
    func testFalkorDBDialectIsNeo4jKeyedByTheIDInHex() throws {
        let scratch = try Scratch()
        let store = try ExportTests.richStore(scratch)
        let selection = try store.select(.all)
        let neo4j = CypherExporter.script(selection, dialect: .neo4j).split(separator: "\n").map(String.init)
        let falkordb = CypherExporter.script(selection, dialect: .falkordb).split(separator: "\n").map(String.init)
        XCTAssertEqual(neo4j.count, falkordb.count)
        XCTAssertEqual(falkordb[1], "CREATE INDEX FOR (n:Node) ON (n._id_hex);")
        XCTAssertEqual(CypherExporter.hex("tsmc"), "74736d63")
        XCTAssertEqual(CypherExporter.hex("é\u{1}"), "c3a901")
        let (literal, hex) = (CypherExporter.literal, CypherExporter.hex)
        for (i, node) in selection.nodes.enumerated() {
            XCTAssertEqual(falkordb[2 + i].replacingOccurrences(
                of: "MERGE (n:Node {_id_hex: '\(hex(node.id))'}) SET n += {id: \(literal(node.id)), ",
                with: "MERGE (n:Node {id: \(literal(node.id))}) SET n += {"), neo4j[2 + i])
        }
        for (j, edge) in selection.edges.enumerated() {
            XCTAssertEqual(falkordb[2 + selection.nodes.count + j].replacingOccurrences(
                of: "MATCH (a:Node {_id_hex: '\(hex(edge.source))'}), (b:Node {_id_hex: '\(hex(edge.target))'})",
                with: "MATCH (a:Node {id: \(literal(edge.source))}), (b:Node {id: \(literal(edge.target))})"), neo4j[2 + selection.nodes.count + j])
        }
    }

    /// The ids that FalkorDB's index on `Node.id` merged wrong (a lone combining mark and a lone
    /// flag both matched a third id holding them; ids with control characters were never found),
    /// exported in the FalkorDB dialect, loaded into a real server with its index, and read back:
    /// every node once, every edge between the right ends.
    func testIDsFalkorDBsTextIndexConfusedComeBackWhole() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let ids = ["\u{301}", "🇨🇳", "\u{1}\u{301}\r\n\u{1}🇨🇳", "a\u{1}b", "e\u{301}", "Ǆ", "ǆ", "\u{7}", "x\u{2}y"]
        try store.write { writer in
            try writer.write(Node(id: "hub", kind: "company"))
            for id in ids {
                try writer.write(Node(id: id, kind: "company"))
                _ = try writer.write(Edge(source: id, target: "hub", kind: "supplies"))
            }
        }
        let selection = try store.select(.all, storedOrder: true)
        let script = try scratch.write("g.cypher", CypherExporter.script(selection, dialect: .falkordb))
        let engines = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference/cypher_engines.py")
        let output = try Python.run(try String(contentsOf: engines, encoding: .utf8), ["falkordb", script, "dump"])
        guard case .object(let held) = try JSONReader.parse(output), case .array(let nodes)? = held["nodes"],
              case .array(let edges)? = held["edges"] else { return XCTFail(String(output.prefix(300))) }
        func texts(_ items: [JSONValue], _ field: String) -> [[UInt8]] {
            items.compactMap { item -> [UInt8]? in
                guard case .object(let fields) = item, case .string(let id)? = fields[field] else { return nil }
                return Array(id.utf8)
            }.sorted { $0.lexicographicallyPrecedes($1) }
        }
        XCTAssertEqual(texts(nodes, "id"), selection.nodes.map { Array($0.id.utf8) }.sorted { $0.lexicographicallyPrecedes($1) })
        XCTAssertEqual(texts(edges, "source"), selection.edges.map { Array($0.source.utf8) }.sorted { $0.lexicographicallyPrecedes($1) })
    }
}
