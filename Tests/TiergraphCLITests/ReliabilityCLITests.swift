import Foundation
import XCTest

/// Files written whole or not at all, plain messages when they cannot be, and database files
/// opened without touching what they should not (issue 22).
final class ReliabilityCLITests: CLITestCase {
    private func contents(_ folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path(folder)) {
            result[name] = FileManager.default.contents(atPath: path(folder + "/" + name))
        }
        return result
    }

    func testExportsOntoAFullDiskKeepThePreviousFilesAndSayWhy() throws {
        // A graph whose exports are a few hundred kB, above the limit below.
        let rows = (0..<2_000).map { "n\($0),company,\(String(repeating: "x", count: 200))\n" }.joined()
        try write("big.csv", "id,kind,blob\n" + rows)
        _ = try ok(["import", "big.csv", "--db", "g.db"])
        _ = try ok(["export", "--format", "json", "-o", "out.json", "--db", "g.db"])
        _ = try ok(["export", "--format", "csv", "-o", "csv", "--db", "g.db"])
        _ = try ok(["export", "--format", "neo4j", "-o", "neo4j", "--upstream", "n1", "--db", "g.db"])
        try write("csv/mine.txt", "not Tiergraph's\n")
        _ = try ok(["add", "node", "late", "--kind", "company", "--db", "g.db"])
        let json = try XCTUnwrap(FileManager.default.contents(atPath: path("out.json")))
        let csv = try contents("csv"), neo4j = try contents("neo4j")
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for arguments in [["export", "--format", "json", "-o", "out.json"], ["export", "--format", "graphml", "-o", "out.json"],
                          ["export", "--format", "dot", "-o", "out.json"], ["export", "--format", "csv", "-o", "csv"],
                          ["export", "--format", "neo4j", "-o", "neo4j"]] {
            let result = try run(arguments + ["--db", "g.db"], fileSizeLimit: 100)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains("cannot write '\(arguments[4])': the file is too large"), "\(arguments): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("NSCocoaErrorDomain"), result.stderr)
            XCTAssertEqual(FileManager.default.contents(atPath: path("out.json")), json, "\(arguments): the previous file survives")
            XCTAssertEqual(try contents("csv"), csv, "\(arguments): the previous folder survives, unmixed")
            XCTAssertEqual(try contents("neo4j"), neo4j, "\(arguments)")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), before, "no temporary file is left")
        }
        // Without the limit the same exports replace the files, and keep what else the folder holds.
        _ = try ok(["export", "--format", "csv", "-o", "csv", "--db", "g.db"])
        XCTAssertTrue(try XCTUnwrap(String(data: try XCTUnwrap(try contents("csv")["nodes.csv"]), encoding: .utf8)).contains("late,"))
        XCTAssertEqual(try contents("csv")["mine.txt"], Data("not Tiergraph's\n".utf8))
        XCTAssertEqual(try contents("csv").count, 7, "six files and mine.txt: no temporary folder is left")
    }

    /// Neighbourhoods stop at --limit (default 100,000 nodes) or --timeout and say so; the nodes
    /// kept are whole tiers, then the next in id order.
    func testWalksStopAtTheirLimitOrTimeoutAndSaySo() throws {
        // A hub with 40 direct suppliers, each with one supplier of its own.
        var edges = "source,target,kind\n"
        for index in 0..<40 { edges += "s\(index),hub,supplies\nt\(index),s\(index),supplies\n" }
        try write("star/edges.csv", edges)
        try write("star/nodes.csv", "id,kind\nhub,company\n" + (0..<40).map { "s\($0),company\nt\($0),company\n" }.joined())
        _ = try ok(["import", "star", "--db", "s.db"])
        let all = try json(try ok(["upstream", "hub", "--db", "s.db", "--format", "json"]))
        XCTAssertEqual((all["nodes"] as? [Any])?.count, 80)
        XCTAssertEqual(all["truncated"] as? Bool, false)
        let cut = try json(try ok(["neighbors", "hub", "--hops", "2", "--limit", "45", "--db", "s.db", "--format", "json"]))
        let ids = try XCTUnwrap(cut["nodes"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.count, 45)
        XCTAssertEqual(Set(ids.prefix(40)), Set((0..<40).map { "s\($0)" }), "the first tier whole")
        XCTAssertEqual(Array(ids.suffix(5)), ["t0", "t1", "t10", "t11", "t12"], "then the next tier in id order")
        XCTAssertEqual(cut["truncated"] as? Bool, true)
        XCTAssertEqual(cut["timed_out"] as? Bool, false)
        XCTAssertTrue(try ok(["downstream", "t3", "--limit", "1", "--db", "s.db"]).contains("stopped at --limit 1 nodes; more are reachable"))
        let late = try json(try ok(["upstream", "hub", "--timeout", "0.000001", "--db", "s.db", "--format", "json"]))
        XCTAssertEqual(late["timed_out"] as? Bool, true)
        XCTAssertEqual(late["truncated"] as? Bool, true)
        XCTAssertTrue(try ok(["upstream", "hub", "--timeout", "0.000001", "--db", "s.db"]).contains("(--timeout)"))
        try fails(["neighbors", "hub", "--limit", "0", "--db", "s.db"], saying: "--limit must be a positive number")
        try fails(["upstream", "hub", "--timeout", "0", "--db", "s.db"], saying: "--timeout must be a number of seconds above 0")
    }

    /// An export whose format cannot carry a node's text refuses before it writes anything,
    /// naming the node; formats that can carry it still export.
    func testExportsRefuseTextTheirFormatCannotCarryBeforeWriting() throws {
        try write("odd.json", #"{"nodes": [{"id": "ok", "kind": "company"}, {"id": "bad", "kind": "company", "name": "tab\u0001 \\\"x"}], "links": [{"source": "bad", "target": "ok", "kind": "supplies"}]}"#)
        _ = try ok(["import", "odd.json", "--db", "g.db"])
        for (format, output, words) in [("dot", "out.dot", "cannot export as dot: node \"bad\""), ("graphml", "out.graphml", "cannot export as graphml: node \"bad\""),
                                         ("dot", "-", "backslash before a quote")] {
            let arguments = ["export", "--format", format, "--db", "g.db"] + (output == "-" ? [] : ["-o", output])
            let result = try run(arguments)
            XCTAssertNotEqual(result.status, 0)
            XCTAssertTrue(result.stderr.contains(words), result.stderr)
            XCTAssertEqual(result.stdout, "", "nothing written")
            if output != "-" { XCTAssertFalse(FileManager.default.fileExists(atPath: path(output))) }
        }
        try fails(["render", "-o", "out.svg", "--db", "g.db"], saying: "cannot draw the selection: node \"bad\"")
        _ = try ok(["export", "--format", "json", "-o", "out.json", "--db", "g.db"])
        _ = try ok(["export", "--format", "csv", "-o", "csv", "--db", "g.db"])
        _ = try ok(["import", "csv", "--db", "copy.db"])
        XCTAssertEqual(try ok(["show", "bad", "--db", "copy.db", "--format", "json"]), try ok(["show", "bad", "--db", "g.db", "--format", "json"]))
    }

    /// A Cypher export refuses, before writing, a property name its dialect cannot read: a
    /// backtick for FalkorDB, capitals that make it another name's twin for Kùzu.
    func testCypherExportsRefuseNamesTheirDialectCannotRead() throws {
        try write("odd.json", #"{"nodes": [{"id": "x", "kind": "company", "a`b": "1"}, {"id": "y", "kind": "company", "ID": "2"}], "links": []}"#)
        _ = try ok(["import", "odd.json", "--db", "g.db"])
        for (dialect, words) in [("falkordb", "cannot export as cypher (falkordb dialect): node \"x\": the property name \"a`b\" holds a backtick"),
                                 ("kuzu", "cannot export as cypher (kuzu dialect): node \"y\": the property name \"ID\" is the field \"id\"")] {
            try fails(["export", "--format", "cypher", "--dialect", dialect, "-o", "out.cypher", "--db", "g.db"], saying: words)
            XCTAssertFalse(FileManager.default.fileExists(atPath: path("out.cypher")))
        }
        XCTAssertTrue(try ok(["export", "--format", "cypher", "--dialect", "neo4j", "--db", "g.db"]).contains("`a``b`: '1'"))
    }

    /// An edge end that matches several nodes by name or alias (here by case) is ambiguous, not
    /// dangling: the message lists the ids to choose from, and nothing is written.
    func testAnAmbiguousEdgeEndIsNamedAsSuch() throws {
        try write("n.csv", "id,kind\nFoo,company\nfoo,company\nbar,company\n")
        _ = try ok(["import", "n.csv", "--db", "g.db"])
        try fails(["add", "edge", "FOO", "bar", "--kind", "supplies", "--db", "g.db"], saying: "'FOO' names 2 nodes; use one of their ids: Foo, foo")
        XCTAssertEqual(try json(try ok(["stats", "--db", "g.db", "--format", "json"]))["edges"] as? Int, 0)
    }

    func testMissingOutputFoldersGetAPlainMessage() throws {
        try writeFixture()
        _ = try ok(["import", "data", "--db", "g.db"])
        try fails(["export", "--format", "json", "-o", "missing/out.json", "--db", "g.db"], saying: "cannot write 'missing/out.json': the folder 'missing' does not exist")
        try fails(["render", "-o", "missing/out.svg", "--db", "g.db"], saying: "the folder 'missing' does not exist")
        _ = try ok(["export", "--format", "csv", "-o", "new/deeper/csv", "--db", "g.db"])
        XCTAssertEqual(try contents("new/deeper/csv").keys.sorted(), ["citations.csv", "claims.csv", "edges.csv", "kinds.csv", "nodes.csv", "sources.csv"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("new/deeper")), ["csv"], "the temporary folder was renamed into place")
    }

    /// Read commands refuse a 0-byte file and a forged one without changing a byte of either.
    func testEmptyAndForgedFilesAreRefusedUntouched() throws {
        XCTAssertTrue(FileManager.default.createFile(atPath: path("empty.db"), contents: Data()))
        for command in [["stats"], ["list"], ["show", "x"], ["check"], ["export", "--format", "json"]] {
            try fails(command + ["--db", "empty.db"], saying: "the file is empty (0 bytes)")
        }
        XCTAssertEqual(FileManager.default.contents(atPath: path("empty.db")), Data())
        _ = try run(["stats", "--db", "forged.db"])  // (missing: refused, and not created)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("forged.db")))
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [path("forged.db"), "PRAGMA application_id = 1413959752; PRAGMA user_version = 2; CREATE TABLE nodes(x);"]
        try sqlite.run()
        sqlite.waitUntilExit()
        let forged = try XCTUnwrap(FileManager.default.contents(atPath: path("forged.db")))
        for command in [["stats"], ["add", "node", "a", "--kind", "company"], ["import", "data"]] {
            try fails(command + ["--db", "forged.db"], saying: "carries Tiergraph's application id but not its tables")
        }
        XCTAssertEqual(FileManager.default.contents(atPath: path("forged.db")), forged, "not switched to WAL, not migrated")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("forged.db-wal")))
    }

    /// On a folder nobody may write (chmod 0555; root included, whom permissions do not stop),
    /// read commands work and create nothing beside the file.
    func testReadCommandsWorkOnAReadOnlyFolderAndLeaveNothingBehind() throws {
        try writeFixture()
        try FileManager.default.createDirectory(atPath: path("ro"), withIntermediateDirectories: true)
        _ = try ok(["import", "data", "--db", "ro/g.db"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("ro")), ["g.db"])
        XCTAssertEqual(chmod(path("ro"), 0o555), 0)
        defer { chmod(path("ro"), 0o755) }
        // A file created and deleted again (root may, whatever the mode) still changes the folder's time.
        func modified() -> [Int] {
            var info = stat()
            XCTAssertEqual(stat(path("ro"), &info), 0)
            return [Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
        }
        let untouched = modified()
        usleep(20_000)
        XCTAssertTrue(try ok(["stats", "--db", "ro/g.db"]).contains("nodes: 6"))
        XCTAssertTrue(try ok(["show", "nvidia", "--db", "ro/g.db"]).contains("Nvidia"))
        _ = try ok(["list", "--db", "ro/g.db"])
        _ = try ok(["check", "--db", "ro/g.db"])
        _ = try ok(["upstream", "bytedance", "--db", "ro/g.db"])
        _ = try ok(["export", "--format", "json", "-o", "out.json", "--db", "ro/g.db"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("ro")), ["g.db"], "no -wal or -shm left behind")
        XCTAssertEqual(modified(), untouched, "nothing was created in the folder, even for a moment")
    }
}
