import Foundation
import XCTest

/// `tiergraph log`, `undo` and `diff` through the binary, on the curated graph.
final class HistoryCLITests: CLITestCase {
    var graph: String { QuoteCheckCLITests.root.appendingPathComponent("Graph").path }

    func testLogAndUndoOfEachWrite() throws {
        try fails(["undo", "--db", "g.db"], saying: "no Tiergraph database")
        _ = try ok(["init", "--db", "g.db"])
        try fails(["undo", "--db", "g.db"], saying: "nothing to undo")
        XCTAssertEqual(try ok(["log", "--db", "g.db"]), "no writes recorded yet\n")
        try write("bad.csv", "id,kind,name\nok,company,OK\n,company,No id\n")
        try fails(["import", "bad.csv", "--db", "g.db"], saying: "bad.csv:3")
        try fails(["undo", "--db", "g.db"], saying: "nothing to undo")
        _ = try ok(["import", graph, "--db", "g.db"])
        _ = try ok(["add", "node", "acme", "--kind", "supplier", "--name", "Acme Wafers", "--db", "g.db"])
        _ = try ok(["kind", "add", "packs", "--flow", "with", "--db", "g.db"])
        _ = try ok(["remove", "edge", "e86f091cc8f225521", "--db", "g.db"])
        let log = try ok(["log", "--db", "g.db", "--limit", "2"])
        XCTAssertTrue(log.hasPrefix("#4 "), log)
        XCTAssertTrue(log.contains(" remove edge e86f091cc8f225521\n    edge_citations -1, edges -1, import_edges -1\n#3 "), log)
        XCTAssertTrue(log.contains(" kind add packs --flow with\n    edge_kinds +1\n(2 older writes: --limit 0 shows all)\n"), log)
        let all = try json(try ok(["log", "--db", "g.db", "--limit", "0", "--format", "json"]))
        XCTAssertEqual(all["total"] as? Int, 4)
        let writes = try XCTUnwrap(all["writes"] as? [[String: Any]])
        XCTAssertEqual(writes.map { $0["id"] as? Int }, [4, 3, 2, 1])
        XCTAssertEqual(writes.map { $0["undo"] as? String }, ["changeset", "changeset", "changeset", "empty"])
        XCTAssertEqual(writes[2]["command"] as? String, "add node acme --kind supplier --name 'Acme Wafers'")
        XCTAssertEqual((writes[3]["files"] as? [[String: Any]])?.count, 6, "the import names each file it read")
        XCTAssertEqual((writes[3]["files"] as? [[String: Any]])?.first?["sha256"] as? String, try sha256(graph + "/kinds.csv"))
        try fails(["log", "--db", "g.db", "--limit", "-1"], saying: "--limit")
        try fails(["undo", "x3", "--db", "g.db"], saying: "such as 3 or #3")
        try fails(["undo", "9", "--db", "g.db"], saying: "no write #9 in the history (the newest is #4")
        try fails(["undo", "1", "--db", "g.db"], saying: "undo those first")
        XCTAssertEqual(try ok(["undo", "#4", "--db", "g.db"]), "undid #4 as write #5: edge_citations +1, edges +1, import_edges +1\n")
        XCTAssertTrue(try ok(["show", "e86f091cc8f225521", "--db", "g.db"]).contains("supplies"))
        try fails(["undo", "4", "--db", "g.db"], saying: "was undone already, by #5")
        XCTAssertEqual(try ok(["undo", "--db", "g.db"]), "undid #3 as write #6: edge_kinds -1\n")
        let undo = try json(try ok(["undo", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(undo["undoes"] as? Int, 2)
        XCTAssertEqual(undo["command"] as? String, "undo 2")
        try fails(["show", "acme", "--db", "g.db"], saying: "no node")
        _ = try ok(["undo", "--db", "g.db"])
        XCTAssertEqual(try json(try ok(["stats", "--db", "g.db", "--format", "json"]))["nodes"] as? Int, 0)
        try fails(["undo", "--db", "g.db"], saying: "nothing to undo")
    }

    func testAConflictingUndoNamesTheLaterWriteAndChangesNothing() throws {
        _ = try ok(["import", graph, "--db", "g.db"])
        _ = try ok(["add", "node", "acme", "--kind", "supplier", "--db", "g.db"])
        _ = try ok(["add", "edge", "acme", "tsmc", "--kind", "supplies", "--db", "g.db"])
        let before = try ok(["export", "--format", "json", "--db", "g.db"])
        try fails(["undo", "2", "--db", "g.db"], saying: "cannot undo #2 (add node acme --kind supplier): write #3 (add edge acme tsmc --kind supplies) added edges row")
        XCTAssertEqual(try ok(["export", "--format", "json", "--db", "g.db"]), before, "a refused undo changes nothing")
        _ = try ok(["add", "node", "tsmc", "--kind", "foundry", "--name", "Taiwan Semiconductor", "--db", "g.db"])
        try fails(["undo", "1", "--db", "g.db"], saying: "undo those first")
    }

    /// Two snapshots of the curated graph, one changed with add and remove: the diff lists exactly those changes.
    func testDiffOfTwoCuratedSnapshots() throws {
        _ = try ok(["import", graph, "--db", "old.db"])
        _ = try ok(["import", graph, "--db", "new.db"])
        XCTAssertEqual(try ok(["diff", "old.db", "new.db"]), "no differences: old.db and new.db hold the same graph\n")
        _ = try ok(["add", "node", "acme", "--kind", "supplier", "--name", "Acme Wafers", "--db", "new.db"])
        _ = try ok(["add", "node", "tsmc", "--kind", "foundry", "--name", "TSMC", "--country", "TW", "--db", "new.db"])
        _ = try ok(["add", "edge", "acme", "tsmc", "--kind", "supplies", "--input", "wafers", "--share", "30%", "--id", "acme-tsmc", "--db", "new.db"])
        _ = try ok(["remove", "edge", "e86f091cc8f225521", "--db", "new.db"])
        let text = try ok(["diff", "old.db", "new.db"])
        XCTAssertEqual(text, """
            old.db → new.db
            nodes: 1 added, 0 removed, 1 changed
              + acme  Acme Wafers (supplier)
              ~ tsmc  TSMC (foundry): country (none) → "TW"
            edges: 1 added, 1 removed, 0 changed
              + acme-tsmc  Acme Wafers → TSMC supplies
              - e86f091cc8f225521  TSMC → Nvidia supplies
            edge citations: 0 added, 1 removed, 0 changed
              - e86f091cc8f225521 cites 000_663c24318a0e2293.txt  TSMC → Nvidia supplies cites 迟到的[王者],H200的荣光与落寞

            """)
        let diff = try json(try ok(["diff", "old.db", "new.db", "--format", "json"]))
        XCTAssertEqual(diff["identical"] as? Bool, false)
        func keys(_ part: String, _ list: String) -> [String] {
            ((diff[part] as? [String: Any])?[list] as? [[String: Any]])?.compactMap { $0["key"] as? String } ?? ["missing"]
        }
        XCTAssertEqual(keys("nodes", "added"), ["acme"])
        XCTAssertEqual(keys("nodes", "changed"), ["tsmc"])
        XCTAssertEqual(keys("edges", "added"), ["acme-tsmc"])
        XCTAssertEqual(keys("edges", "removed"), ["e86f091cc8f225521"])
        XCTAssertEqual(keys("edge_citations", "removed"), ["e86f091cc8f225521 cites 000_663c24318a0e2293.txt"])
        for part in ["sources", "kinds", "claims", "node_citations"] {
            XCTAssertEqual(keys(part, "added") + keys(part, "removed") + keys(part, "changed"), [], part)
        }
        let added = try XCTUnwrap(((diff["edges"] as? [String: Any])?["added"] as? [[String: Any]])?.first?["fields"] as? [String: Any])
        XCTAssertEqual(added["input"] as? String, "wafers")
        XCTAssertEqual(added["share_low"] as? Double, 0.3)
        let change = try XCTUnwrap(((diff["nodes"] as? [String: Any])?["changed"] as? [[String: Any]])?.first?["fields"] as? [String: [String: Any]])
        XCTAssertEqual(change.keys.sorted(), ["country"])
        XCTAssertEqual(change["country"]?["new"] as? String, "TW")
        XCTAssertTrue(change["country"]?["old"] is NSNull)
        // Against a recorded point of the history, the same changes; against the file's other copy, the reverse.
        XCTAssertEqual(try ok(["diff", "--since", "1", "--db", "new.db"]), text.replacingOccurrences(of: "old.db → new.db", with: "#1 (import \(graph)) → new.db"))
        XCTAssertTrue(try ok(["diff", "new.db", "old.db"]).contains("nodes: 0 added, 1 removed, 1 changed\n  - acme  Acme Wafers (supplier)\n  ~ tsmc  TSMC (foundry): country \"TW\" → (none)\n"))
        XCTAssertEqual(try ok(["diff", "old.db", "--db", "new.db"]), text)
        // The diagram: the changed part, marked.
        _ = try ok(["diff", "old.db", "new.db", "--diagram", "changes.svg"])
        let svg = try String(contentsOfFile: path("changes.svg"), encoding: .utf8)
        for name in ["Acme Wafers", "TSMC", "Nvidia", "added", "removed", "changed"] { XCTAssertTrue(svg.contains(name), name) }
        XCTAssertFalse(svg.contains(">H200<"), "unchanged nodes are not drawn")
        XCTAssertEqual(svg.components(separatedBy: "stroke=\"#1e8449\"").count - 1, 3, "acme, and its edge (line and arrowhead), outlined green")
        XCTAssertTrue(svg.contains("stroke=\"#c0392b\" stroke-width=\"3\" stroke-dasharray"), "the removed edge is red and dashed")
        try fails(["diff", "old.db"], saying: "tiergraph.db")
        try fails(["diff", "old.db", "new.db", "--since", "1"], saying: "not both")
        try fails(["diff", "old.db", "new.db", "--diagram", "x.gif"], saying: "--diagram must end in")
        try fails(["diff", "--since", "7", "--db", "new.db"], saying: "no write #7")
    }

    /// The examples in each new command's help run as they are, from a folder holding Graph/.
    func testTheHelpExamplesRun() throws {
        try FileManager.default.copyItem(atPath: graph, toPath: path("Graph"))
        for command in ["log", "undo", "diff"] {
            let help = try ok([command, "--help"])
            let lines = help.components(separatedBy: "Example:\n").last?.components(separatedBy: "\n").prefix { $0.hasPrefix("  ") } ?? []
            XCTAssertFalse(lines.isEmpty, command)
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-c", "set -e; rm -f g.db old.db new.db\n" + lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")]
            shell.currentDirectoryURL = folder
            shell.environment = ["PATH": Self.binary.deletingLastPathComponent().path + ":/usr/bin:/bin"]
            shell.standardOutput = FileHandle.nullDevice
            try shell.run()
            shell.waitUntilExit()
            XCTAssertEqual(shell.terminationStatus, 0, "\(command) --help: \(lines.joined(separator: "\n"))")
        }
    }

    private func sha256(_ file: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        return String(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64))
    }
}
