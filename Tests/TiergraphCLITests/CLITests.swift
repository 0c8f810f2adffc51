import Foundation
import XCTest

/// End-to-end tests: run the built `tiergraph` binary as a user would and check its stdout,
/// stderr and exit code.
final class CLITests: XCTestCase {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `tiergraph` executable built next to this test bundle.
    static let binary: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: directory.appendingPathComponent("tiergraph").path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("tiergraph")
    }()

    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tiergraph-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the tiergraph product first")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(
            atPath: (path(name) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    /// Runs `tiergraph arguments…` in the test folder, with `TIERGRAPH_DB` unset unless given.
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["TIERGRAPH_DB"] = nil
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs a command that must succeed and returns its stdout.
    func ok(_ arguments: [String], environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try run(arguments, environment: environment)
        XCTAssertEqual(result.status, 0, "tiergraph \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    /// Runs a command that must fail: non-zero exit, a message on stderr, nothing on stdout.
    func fails(_ arguments: [String], saying words: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try run(arguments)
        XCTAssertNotEqual(result.status, 0, "tiergraph \(arguments.joined(separator: " ")) should fail", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(words), "stderr was: \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stdout, "", file: file, line: line)
    }

    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func writeFixture() throws {
        try write("data/nodes.csv", """
            id,kind,name,aliases,country,hbm_gb,source_ref,quote
            nvidia,company,Nvidia,英伟达;NVDA,US,,seed-0,英伟达向中国出售H200
            tsmc,foundry,TSMC,台积电,TW,,,
            chip:h200,chip,H200,,US,141,seed-0,配备141GB HBM3e高带宽内存
            bytedance,csp,ByteDance,字节跳动,CN,,,
            h20-a,chip,H20,,,,,
            h20-b,chip,H20,,,,,

            """)
        try write("data/edges.csv", """
            source,target,kind,share,volume,unit,valid_from,source_ref
            tsmc,chip:h200,manufactures,,,,,seed-0
            nvidia,chip:h200,designs,,,,2023-11,seed-0
            bytedance,nvidia,orders,,16e9,USD,2025,seed-0
            nvidia,bytedance,market_share,20-25%,,,,seed-0

            """)
    }

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
