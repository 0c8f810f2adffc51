import Foundation
import XCTest

/// The options of the writing, listing, export, render, serve and generate commands that no other
/// CLI test gives, each with the effect its `--help` promises.
final class OptionEffectsCLITests: ServerTestCase {
    func testImportColumnsDefaultsAndRepeatedIDs() throws {
        try write("d/nodes.csv", "ident,name,aliases\nx,X,\ny,Y,\nx,,Ex\n")
        try write("d/edges.csv", "from_node,to_node\nx,y\n")
        let columns = ["--node-id-column", "ident", "--source-column", "from_node", "--target-column", "to_node",
                       "--default-node-kind", "company", "--default-edge-kind", "supplies"]
        try fails(["import", "d"] + columns + ["--db", "g.db"], saying: "duplicate node id 'x' (first given on line 2)")
        _ = try ok(["import", "d", "--node-id-column", "ident", "--source-column", "from_node", "--target-column", "to_node",
                    "--default-node-kind", "company", "--default-edge-kind", "supplies", "--merge-repeated-ids", "--db", "g.db"])
        let nodes = try XCTUnwrap(try json(try ok(["list", "--db", "g.db", "--format", "json"]))["nodes"] as? [[String: Any]])
        XCTAssertEqual(nodes.map { $0["id"] as? String }, ["x", "y"], "ids from the ident column")
        XCTAssertEqual(nodes.map { $0["kind"] as? String }, ["company", "company"], "the default node kind")
        XCTAssertEqual(nodes.first?["aliases"] as? [String], ["Ex"], "the repeated row added to x")
        let edges = try XCTUnwrap(try json(try ok(["edges", "--db", "g.db", "--format", "json"]))["edges"] as? [[String: Any]])
        XCTAssertEqual(edges.map { "\($0["source"] ?? "") \($0["kind"] ?? "") \($0["target"] ?? "")" }, ["x supplies y"])
    }

    func testAddRemoveListSearchAndDuplicatesOptions() throws {
        _ = try ok(["init", "--db", "g.db"])
        _ = try ok(["add", "node", "x", "--kind", "company", "--name", "Acme Steel", "--db", "g.db"])
        _ = try ok(["add", "node", "z", "--kind", "company", "--name", "Acme steel", "--source-ref", "s9", "--quote", "Acme says so", "--db", "g.db"])
        let cited = try json(try ok(["show", "z", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(((cited["node"] as? [String: Any])?["citations"] as? [[String: Any]])?.first?["quote"] as? String, "Acme says so")
        let id = try ok(["add", "edge", "x", "z", "--kind", "ships", "--flow", "with", "--volume", "5", "--unit", "t",
                         "--from", "2020", "--to", "2021", "--property", "lanes=3", "--db", "g.db"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let edge = try XCTUnwrap((try json(try ok(["edges", "--kind", "ships", "--db", "g.db", "--format", "json"]))["edges"] as? [[String: Any]])?.first)
        XCTAssertEqual(edge["id"] as? String, id)
        XCTAssertEqual(edge["volume"] as? Int, 5)
        XCTAssertEqual(edge["unit"] as? String, "t")
        XCTAssertEqual(edge["valid_from"] as? String, "2020")
        XCTAssertEqual(edge["valid_to"] as? String, "2021")
        XCTAssertEqual((edge["properties"] as? [String: Any])?["lanes"] as? Int, 3, "typed as an integer")
        let kinds = try XCTUnwrap(try json(try ok(["kind", "list", "--db", "g.db", "--format", "json"]))["edge_kinds"] as? [[String: Any]])
        XCTAssertEqual(kinds.first { $0["name"] as? String == "ships" }?["flow"] as? String, "with", "--flow defined the new kind")
        // list --limit, search --limit, duplicates --format json.
        XCTAssertEqual(try ok(["list", "--db", "g.db"]).split(separator: "\n").count, 2)
        XCTAssertEqual(try ok(["list", "--limit", "1", "--db", "g.db"]).split(separator: "\n").first.map(String.init)?.hasPrefix("x\t"), true)
        XCTAssertEqual(try ok(["list", "--limit", "1", "--db", "g.db"]).split(separator: "\n").count, 1)
        let found = try json(try ok(["search", "acme", "--db", "g.db", "--format", "json"]))
        let limited = try json(try ok(["search", "acme", "--limit", "1", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((found["hits"] as? [Any])?.count, 3, "two names and a quote: \(found)")
        XCTAssertEqual((limited["hits"] as? [Any])?.count, 1, "\(limited)")
        let pairs = try XCTUnwrap(try json(try ok(["duplicates", "--db", "g.db", "--format", "json"]))["candidates"] as? [[String: Any]])
        XCTAssertEqual(pairs.count, 1, "equal names once folded")
        // remove: a node with edges needs --cascade; --format json says what went.
        try fails(["remove", "node", "z", "--db", "g.db"], saying: "--cascade")
        let removedEdge = try json(try ok(["remove", "edge", id, "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(removedEdge["removed"] as? String, id)
        _ = try ok(["add", "edge", "x", "z", "--kind", "ships", "--db", "g.db"])
        let removed = try json(try ok(["remove", "node", "z", "--cascade", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(removed["removed"] as? String, "z")
        XCTAssertEqual(removed["edges_removed"] as? Int, 1)
    }

    /// a→b→c→d and a→c→d (costs 1, 1, 1 and 5, 1), f owns a, e alone; ab valid 2020–2021; s1 cites ab, bc, fa.
    private func writeSelectionGraph() throws {
        try write("s/nodes.csv", "id,kind\na,company\nb,company\nc,foundry\nd,company\ne,company\nf,fund\n")
        try write("s/edges.csv", """
            id,source,target,kind,cost,valid_from,valid_to,source_ref
            ab,a,b,supplies,1,2020,2021,s1
            bc,b,c,supplies,1,,,s1
            ac,a,c,supplies,5,,,s2
            cd,c,d,supplies,1,,,s2
            fa,f,a,owns,,,,s1

            """)
        _ = try ok(["import", "s", "--db", "g.db"])
    }

    /// The node and edge ids of a node-link JSON export with these options.
    private func exported(_ options: [String]) throws -> String {
        let document = try json(try ok(options + ["--db", "g.db"]))
        let nodes = ((document["nodes"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted()
        let edges = ((document["edges"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted()
        return nodes.joined(separator: " ") + " / " + edges.joined(separator: " ")
    }

    /// The node ids a rendered SVG draws (their `<title>`s).
    private func drawn(_ options: [String]) throws -> String {
        _ = try ok(options + ["-o", "x.svg", "--db", "g.db"])
        let svg = try String(contentsOfFile: path("x.svg"), encoding: .utf8)
        let titles = svg.components(separatedBy: "<title>").dropFirst().compactMap { $0.components(separatedBy: "</title>").first }
        return titles.filter { ["a", "b", "c", "d", "e", "f"].contains($0) }.sorted().joined(separator: " ")
    }

    func testExportSelectionOptions() throws {
        try writeSelectionGraph()
        let cases: [(options: [String], expected: String)] = [
            (["export", "--format", "json"], "a b c d e f / ab ac bc cd fa"),
            (["export", "--format", "json", "--around", "b"], "a b c / ab ac bc"),
            (["export", "--format", "json", "--around", "b", "--hops", "2"], "a b c d f / ab ac bc cd fa"),
            (["export", "--format", "json", "--path", "a", "d"], "a c d / ac cd"),
            (["export", "--format", "json", "--path", "a", "d", "--k", "2"], "a b c d / ab ac bc cd"),
            (["export", "--format", "json", "--path", "a", "d", "--weight", "cost"], "a b c d / ab bc cd"),
            (["export", "--format", "json", "--path", "d", "a", "--any-direction"], "a c d / ac cd"),
            (["export", "--format", "json", "--downstream", "b"], "b c d / bc cd"),
            (["export", "--format", "json", "--downstream", "b", "--depth", "1"], "b c / bc"),
            (["export", "--format", "json", "--upstream", "d", "--avoid", "b"], "a c d / ac cd"),
            (["export", "--format", "json", "--edge-kinds", "owns"], "a b c d e f / fa"),
            (["export", "--format", "json", "--as-of", "2024"], "a b c d e f / ac bc cd fa"),
            (["export", "--format", "json", "--source", "s2"], "a b c d e f / ac cd"),
            // The whole graph streams from the file: its filters are applied there.
            (["export", "--format", "json", "--avoid", "b"], "a c d e f / ac cd fa"),
            (["export", "--format", "json", "--avoid", "b", "--source", "s1"], "a c d e f / fa"),
            (["export", "--format", "json", "--kinds", "company"], "a b d e / ab"),
        ]
        for (options, expected) in cases {
            XCTAssertEqual(try exported(options), expected, options.joined(separator: " "))
        }
        try fails(["export", "--format", "json", "--path", "d", "a", "--db", "g.db"], saying: "no path from d to a")
        // The streamed CSV export applies them too.
        _ = try ok(["export", "--format", "csv", "-o", "out", "--avoid", "b", "--source", "s1", "--db", "g.db"])
        XCTAssertEqual(try String(contentsOfFile: path("out/edges.csv"), encoding: .utf8).split(separator: "\n").dropFirst().map { $0.prefix(3) }, ["fa,"])
        XCTAssertFalse(try String(contentsOfFile: path("out/nodes.csv"), encoding: .utf8).contains("\nb,"))
        let plain = try ok(["export", "--format", "dot", "--db", "g.db"])
        let boxed = try ok(["export", "--format", "dot", "--cluster-by", "kind", "--db", "g.db"])
        XCTAssertFalse(plain.contains("subgraph \"cluster"), plain)
        XCTAssertEqual(boxed.components(separatedBy: "subgraph \"cluster_").count - 1, 3, "one box per kind: company, foundry, fund")
    }

    func testRenderSelectionOptions() throws {
        try writeSelectionGraph()
        let cases: [(options: [String], expected: String)] = [
            (["render"], "a b c d f"),
            (["render", "--include-isolated"], "a b c d e f"),
            (["render", "--around", "b", "--hops", "2"], "a b c d f"),
            (["render", "--path", "a", "d", "--k", "2"], "a b c d"),
            (["render", "--path", "a", "d", "--weight", "cost"], "a b c d"),
            (["render", "--path", "a", "d", "--weight", "hops"], "a c d"),
            (["render", "--path", "d", "a", "--any-direction"], "a c d"),
            (["render", "--upstream", "d", "--avoid", "b"], "a c d"),
            (["render", "--downstream", "b", "--depth", "1"], "b c"),
            (["render", "--edge-kinds", "owns"], "a f"),
            (["render", "--as-of", "2024"], "a b c d f"),
            (["render", "--as-of", "2024", "--edge-kinds", "supplies"], "a b c d"),
            (["render", "--source", "s2"], "a c d"),
            (["render", "--kinds", "company"], "a b"),
            (["render", "--kinds", "company", "--include-isolated"], "a b d e"),
        ]
        for (options, expected) in cases {
            XCTAssertEqual(try drawn(options), expected, options.joined(separator: " "))
        }
    }

    func testServeHostAndGenerateEdges() throws {
        try writeSelectionGraph()
        let server = try serve(path("g.db"), ["--host", "127.0.0.1"])
        XCTAssertEqual((try getJSON(server, "api/stats"))["nodes"] as? Int, 6)
        let refused = try run(["serve", "--host", "256.0.0.1", "--port", "0", "--db", "g.db"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("256.0.0.1"), refused.stderr)
        _ = try ok(["generate", "--nodes", "60", "--edges", "90", "--seed", "1", "--out", "gen"])
        XCTAssertEqual(try String(contentsOfFile: path("gen/edges.csv"), encoding: .utf8).split(separator: "\n").count, 91, "a header and 90 edges")
        XCTAssertEqual(try String(contentsOfFile: path("gen/nodes.csv"), encoding: .utf8).split(separator: "\n").count, 61)
    }
}
