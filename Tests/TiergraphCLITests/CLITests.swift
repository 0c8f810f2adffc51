import Foundation
import XCTest

/// The core commands end to end.
final class CLITests: CLITestCase {
    // MARK: Tests

    func testHelpTeaches() throws {
        let help = try ok(["--help"])
        for command in ["import", "show", "find", "stats", "check", "kind", "add", "remove", "generate"] {
            XCTAssertTrue(help.contains(command), "help lists \(command)")
        }
        XCTAssertTrue(try ok(["import", "--help"]).contains("--dry-run"))
    }

    func testImportStatsShowFindAndCheck() throws {
        try writeFixture()
        let imported = try ok(["import", "data", "--db", "g.db"])
        XCTAssertTrue(imported.contains("6 nodes, 4 edges"), imported)
        let stats = try json(try ok(["stats", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(stats["nodes"] as? Int, 6)
        XCTAssertEqual(stats["edges"] as? Int, 4)
        XCTAssertEqual((stats["nodes_by_kind"] as? [String: Int])?["chip"], 3)
        XCTAssertEqual((stats["edges_by_kind"] as? [String: Int])?["orders"], 1)
        XCTAssertEqual(stats["supply_index"] as? Bool, true, "every import builds it")

        let shown = try json(try ok(["show", "英伟达", "--db", "g.db", "--format", "json"]))
        let node = try XCTUnwrap(shown["node"] as? [String: Any])
        XCTAssertEqual(node["id"] as? String, "nvidia")
        XCTAssertEqual(node["aliases"] as? [String], ["NVDA", "英伟达"])
        XCTAssertEqual((shown["outgoing"] as? [[String: Any]])?.count, 2)
        let incoming = try XCTUnwrap((shown["incoming"] as? [[String: Any]])?.first)
        XCTAssertEqual(incoming["kind"] as? String, "orders")
        XCTAssertEqual(incoming["volume"] as? Double, 16e9)
        XCTAssertEqual(incoming["unit"] as? String, "USD")
        let text = try ok(["show", "nvidia", "--db", "g.db"])
        XCTAssertTrue(text.contains("market_share 20%–25%"), text)
        XCTAssertTrue(text.contains("英伟达向中国出售H200"), text)

        XCTAssertTrue(try ok(["find", "台积", "--db", "g.db"]).hasPrefix("tsmc"))
        try fails(["find", "no such thing", "--db", "g.db"], saying: "no node")
        XCTAssertTrue(try ok(["check", "--db", "g.db"]).contains("ok"))
        let listed = try json(try ok(["list", "--kind", "chip", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((listed["nodes"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, ["chip:h200", "h20-a", "h20-b"])
    }

    func testOutputIsDeterministic() throws {
        try writeFixture()
        _ = try ok(["import", "data", "--db", "a.db"])
        _ = try ok(["import", "data/edges.csv", "data/nodes.csv", "--db", "b.db"])
        for command in [["stats"], ["show", "nvidia"], ["list"], ["kind", "list"]] {
            XCTAssertEqual(try ok(command + ["--db", "a.db", "--format", "json"]), try ok(command + ["--db", "b.db", "--format", "json"]))
        }
    }

    func testErrorsGoToStderrWithNonZeroExit() throws {
        try writeFixture()
        _ = try ok(["import", "data", "--db", "g.db"])
        try fails(["show", "H20", "--db", "g.db"], saying: "h20-a, h20-b")
        try fails(["show", "nobody", "--db", "g.db"], saying: "no node")
        try fails(["stats", "--db", "missing.db"], saying: "no Tiergraph database")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("missing.db")), "reading never creates a database")
        try write("bad.csv", "source,target,kind,share\nnvidia,tsmc,owns,150%\n")
        let before = try ok(["stats", "--db", "g.db", "--format", "json"])
        try fails(["import", "bad.csv", "--db", "g.db"], saying: "bad.csv:2:4")
        XCTAssertEqual(try ok(["stats", "--db", "g.db", "--format", "json"]), before)
        try fails(["import", "nothing-here.csv", "--db", "g.db"], saying: "no such file")
        try fails(["stats", "--db", "data/nodes.csv"], saying: "not a Tiergraph database")
        try fails(["kind", "add", "x", "--flow", "sideways", "--db", "g.db"], saying: "with, against, none")
        try fails(["remove", "node", "tsmc", "--db", "g.db"], saying: "--cascade")
    }

    func testDatabaseLocationFromOptionEnvironmentOrDefault() throws {
        try writeFixture()
        _ = try ok(["import", "data/nodes.csv"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("tiergraph.db")))
        _ = try ok(["import", "data/nodes.csv"], environment: ["TIERGRAPH_DB": path("env.db")])
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("env.db")))
        let fromEnvironment = try json(try ok(["stats", "--format", "json"], environment: ["TIERGRAPH_DB": path("env.db")]))
        XCTAssertEqual(fromEnvironment["nodes"] as? Int, 6)
        _ = try ok(["init", "--db", "option.db"], environment: ["TIERGRAPH_DB": path("env.db")])
        XCTAssertEqual(try json(try ok(["stats", "--db", "option.db", "--format", "json"]))["nodes"] as? Int, 0)
    }

    func testAddRemoveAndKinds() throws {
        _ = try ok(["init", "--db", "g.db"])
        _ = try ok(["add", "node", "smic", "--kind", "foundry", "--name", "SMIC", "--alias", "中芯国际", "--country", "CN", "--db", "g.db"])
        _ = try ok(["add", "node", "huawei", "--kind", "company", "--alias", "华为", "--property", "employees=207000", "--db", "g.db"])
        _ = try ok(["kind", "add", "fabricates_for", "--flow", "with", "--db", "g.db"])
        let id = try ok(["add", "edge", "中芯国际", "华为", "--kind", "fabricates_for", "--share", "40-60%",
                         "--from", "2024", "--source-ref", "seed-4", "--quote", "中芯国际为华为代工", "--db", "g.db"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(id.count, 17)
        XCTAssertEqual(try ok(["reindex", "--db", "g.db"]), "supply index rebuilt\n")
        let path = try json(try ok(["path", "smic", "huawei", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(((path["paths"] as? [[String: Any]])?.first?["edges"] as? [[String: Any]])?.first?["id"] as? String, id)
        let shown = try json(try ok(["show", "smic", "--db", "g.db", "--format", "json"]))
        let edge = try XCTUnwrap((shown["outgoing"] as? [[String: Any]])?.first)
        XCTAssertEqual(edge["id"] as? String, id)
        XCTAssertEqual(edge["target"] as? String, "huawei")
        XCTAssertEqual(edge["share"] as? Double, 0.5)
        XCTAssertEqual(edge["share_range"] as? [Double], [0.4, 0.6])
        XCTAssertEqual((edge["citations"] as? [[String: Any]])?.first?["quote"] as? String, "中芯国际为华为代工")
        let huawei = try json(try ok(["show", "华为", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(((huawei["node"] as? [String: Any])?["properties"] as? [String: Any])?["employees"] as? Int, 207000)
        let kinds = try json(try ok(["kind", "list", "--db", "g.db", "--format", "json"]))
        let custom = (kinds["edge_kinds"] as? [[String: Any]])?.first { $0["name"] as? String == "fabricates_for" }
        XCTAssertEqual(custom?["flow"] as? String, "with")
        XCTAssertEqual(custom?["count"] as? Int, 1)
        try fails(["add", "edge", "smic", "nobody", "--kind", "supplies", "--db", "g.db"], saying: "nobody")
        try fails(["add", "edge", "smic", "huawei", "--kind", "teleports", "--db", "g.db"], saying: "unknown edge kind")
        _ = try ok(["remove", "edge", id, "--db", "g.db"])
        _ = try ok(["remove", "node", "华为", "--db", "g.db"])
        XCTAssertEqual(try json(try ok(["stats", "--db", "g.db", "--format", "json"]))["nodes"] as? Int, 1)
        XCTAssertTrue(try ok(["reindex", "--db", "g.db"]).hasPrefix("supply index left empty"))
        try fails(["reindex", "--db", "missing.db"], saying: "missing.db")
    }

    func testCheckExitsNonZeroOnAProblem() throws {
        try writeFixture()
        _ = try ok(["import", "data", "--db", "g.db"])
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [path("g.db"), "PRAGMA foreign_keys=OFF; INSERT INTO edges(id, source, target, kind) VALUES ('ghost', 999, 1, 'supplies');"]
        try sqlite.run()
        sqlite.waitUntilExit()
        XCTAssertEqual(sqlite.terminationStatus, 0)
        let result = try run(["check", "--db", "g.db"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("dangling_edge: edge ghost has no source node"), result.stdout)
    }

    func testDryRunAndGenerate() throws {
        _ = try ok(["generate", "--nodes", "500", "--seed", "3", "--out", "gen"])
        let first = try String(contentsOfFile: path("gen/edges.csv"), encoding: .utf8)
        _ = try ok(["generate", "--nodes", "500", "--seed", "3", "--out", "gen"])
        XCTAssertEqual(try String(contentsOfFile: path("gen/edges.csv"), encoding: .utf8), first)
        let report = try json(try ok(["import", "gen", "--dry-run", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(report["edges"] as? Int, 2500)
        XCTAssertEqual(report["dry_run"] as? Bool, true)
        XCTAssertEqual(try json(try ok(["stats", "--db", "g.db", "--format", "json"]))["edges"] as? Int, 0)
    }

    func testMappingOptions() throws {
        try write("entities.csv", "id,type,label\nacme,company,Acme\nwidget,product,Widget\n")
        try write("links.csv", "from,to,relation\nacme,widget,manufactures\n")
        _ = try ok(["import", "entities.csv", "links.csv", "--node-kind-column", "type", "--node-name-column", "label",
                    "--edge-kind-column", "relation", "--column", "edge.source=from", "--column", "edge.target=to", "--db", "g.db"])
        let stats = try json(try ok(["stats", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(stats["nodes_by_kind"] as? [String: Int], ["company": 1, "product": 1])
        XCTAssertEqual(stats["edges_by_kind"] as? [String: Int], ["manufactures": 1])
        try fails(["import", "links.csv", "--column", "edge.nonsense=x", "--db", "g.db"], saying: "FIELD=COLUMN")
    }

    /// WAL lets a reader read while another process imports: it sees the graph before the
    /// import or after it, never half of it, and is never refused.
    func testReaderReadsWhileAnImportRuns() throws {
        _ = try ok(["generate", "--nodes", "20000", "--out", "big"])
        _ = try ok(["init", "--db", "g.db"])
        let importer = Process()
        importer.executableURL = Self.binary
        importer.arguments = ["import", path("big"), "--db", path("g.db")]
        importer.standardOutput = FileHandle.nullDevice
        try importer.run()
        var seen: Set<Int> = []
        while importer.isRunning {
            let stats = try json(try ok(["stats", "--db", "g.db", "--format", "json"]))
            seen.insert(stats["edges"] as? Int ?? -1)
        }
        importer.waitUntilExit()
        XCTAssertEqual(importer.terminationStatus, 0)
        XCTAssertTrue(seen.isSubset(of: [0, 100_000]), "a reader saw a partial import: \(seen)")
        XCTAssertTrue(seen.contains(0), "the reader ran during the import")
        XCTAssertEqual(try json(try ok(["stats", "--db", "g.db", "--format", "json"]))["edges"] as? Int, 100_000)
    }
}
