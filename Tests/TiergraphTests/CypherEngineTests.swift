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

    /// FalkorDB runs the Neo4j statements as they are; only the index statement differs.
    func testFalkorDBDialectIsNeo4jWithAnIndex() throws {
        let scratch = try Scratch()
        let store = try ExportTests.richStore(scratch)
        let neo4j = CypherExporter.script(try store.select(.all), dialect: .neo4j).split(separator: "\n")
        let falkordb = CypherExporter.script(try store.select(.all), dialect: .falkordb).split(separator: "\n")
        XCTAssertEqual(neo4j.count, falkordb.count)
        XCTAssertEqual(falkordb[1], "CREATE INDEX FOR (n:Node) ON (n.id);")
        XCTAssertEqual(Array(neo4j.dropFirst(2)), Array(falkordb.dropFirst(2)))
    }
}
