import XCTest

/// `edges`, `--kind-change`, `search`, `merge` and `duplicates`, run as a user would.
final class SearchCLITests: CLITestCase {
    private func curated() throws {
        _ = try ok(["import", QuoteCheckCLITests.root.appendingPathComponent("Graph").path, "--db", "g.db"])
    }

    func testEdgesOnTheCuratedGraph() throws {
        try curated()
        let text = try ok(["edges", "--db", "g.db", "--kind", "licenses", "--where", "input=H200", "--where", "status=approved"])
        XCTAssertTrue(text.contains("gov:us (US Government) → csp:china (Chinese cloud service providers)  licenses input \"H200\""), text)
        XCTAssertTrue(text.contains("    source "), "citations listed under each edge: \(text)")
        let json = try self.json(try ok(["edges", "--db", "g.db", "--to", "csp:china", "--where", "quote~禁售", "--format", "json"]))
        let edges = try XCTUnwrap(json["edges"] as? [[String: Any]])
        XCTAssertFalse(edges.isEmpty)
        XCTAssertTrue(edges.allSatisfy { $0["target_name"] as? String == "Chinese cloud service providers" && $0["target"] as? String == "csp:china" })
        XCTAssertEqual(try ok(["edges", "--db", "g.db", "--where", "share>=50%", "--format", "json"]),
                       try ok(["edges", "--db", "g.db", "--where", "share>=0.5", "--format", "json"]), "50% and 0.5 are one value; same bytes")
        try fails(["edges", "--db", "g.db", "--where", "inptu~EUV"], saying: "unknown edge field 'inptu': known ones are input")
        try fails(["edges", "--db", "g.db", "--kind", "licence"], saying: "unknown edge kind 'licence': known ones are licenses")
        try fails(["edges", "--db", "g.db", "--limit", "0"], saying: "--limit takes a number of at least 1")
        try fails(["search", "x", "--db", "g.db", "--limit=-1"], saying: "--limit takes a number of at least 1")
        try fails(["duplicates", "--db", "g.db", "--limit", "0"], saying: "--limit takes a number of at least 1")
        XCTAssertEqual(try ok(["edges", "--db", "g.db", "--limit", "1"]).filter { $0 == "→" }.count, 1)
        let none = try ok(["edges", "--db", "g.db", "--where", "input~EUV"])
        XCTAssertEqual(none, "no edge meeting input~EUV\n", "an empty answer says what was asked")
        XCTAssertEqual(try ok(["edges", "--db", "g.db", "--kind", "owns", "--from", "tsmc", "--where", "share>=0.9"]),
                       "no edge of kind owns from tsmc meeting share>=0.9\n")
    }

    func testKindChangeOption() throws {
        try curated()
        try write("second/nodes.csv", "id,kind,name\nnvidia,fabless,Nvidia\n")
        try fails(["import", "second", "--db", "g.db"], saying: "nvidia: company → fabless (second/nodes.csv:2)")
        XCTAssertTrue(try ok(["show", "nvidia", "--db", "g.db"]).hasPrefix("nvidia\tcompany"))
        try fails(["import", "second", "--db", "g.db", "--kind-change", "alow"], saying: "'refuse', 'report' or 'allow'")
        let report = try ok(["import", "second", "--db", "g.db", "--kind-change", "report"])
        XCTAssertTrue(report.contains("kinds changed: 1 node(s)\n  nvidia: company → fabless (second/nodes.csv:2)"), report)
        try fails(["add", "node", "nvidia", "--kind", "company", "--db", "g.db"], saying: "nvidia: fabless → company")
        XCTAssertEqual(try ok(["add", "node", "nvidia", "--kind", "company", "--db", "g.db", "--kind-change", "allow"]), "nvidia\n")
    }

    func testSearchFindsBothScriptsAndSaysWhenNothingMatches() throws {
        try curated()
        let text = try ok(["search", "台積電", "--db", "g.db"])
        XCTAssertTrue(text.hasPrefix("node tsmc (TSMC)\n  alias: [台积电]\n"), text)
        XCTAssertTrue(text.contains("edge e86f091cc8f225521  tsmc (TSMC) → nvidia (Nvidia)\n  quote in 000_663c24318a0e2293.txt: "), text)
        XCTAssertTrue(try ok(["find", "台積電", "--db", "g.db"]).hasPrefix("tsmc\tfoundry\tTSMC"), "find folds Traditional to Simplified too")
        let json = try ok(["search", "華為", "昇騰", "--db", "g.db", "--format", "json"])
        XCTAssertEqual(json, try ok(["search", "華為", "昇騰", "--db", "g.db", "--format", "json"]), "same bytes twice")
        let hits = try XCTUnwrap(try self.json(json)["hits"] as? [[String: Any]])
        XCTAssertTrue(hits.contains { $0["id"] as? String == "chip:ascend" && $0["field"] as? String == "alias" }, json)
        let result = try run(["search", "nosuchword", "--db", "g.db"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("no name, alias, quote or title contains every word of 'nosuchword'"), result.stderr)
    }

    func testDuplicatesAndMerge() throws {
        try curated()
        XCTAssertEqual(try ok(["duplicates", "--db", "g.db"]), "no two nodes share a name, alias or id once folded\n")
        _ = try ok(["add", "node", "tsmc-tw", "--kind", "foundry", "--name", "台積電", "--alias", "ＴＳＭＣ", "--source-ref", "s9", "--db", "g.db"])
        _ = try ok(["add", "edge", "tsmc-tw", "nvidia", "--kind", "supplies", "--input", "CoWoS", "--db", "g.db"])
        XCTAssertEqual(try ok(["duplicates", "--db", "g.db"]), """
            tsmc (TSMC) ~ tsmc-tw (台積電)
              score 5: 2 shared name(s): TSMC = ＴＳＭＣ (case, width); 台积电 = 台積電 (Traditional/Simplified); same kind foundry

            """)
        let dry = try ok(["merge", "tsmc", "tsmc-tw", "--dry-run", "--db", "g.db"])
        XCTAssertTrue(dry.hasPrefix("merged tsmc-tw into tsmc (dry run: nothing written)\n"), dry)
        XCTAssertTrue(try ok(["show", "tsmc-tw", "--db", "g.db"]).hasPrefix("tsmc-tw\tfoundry"), "the dry run wrote nothing")
        let report = try self.json(try ok(["merge", "tsmc", "tsmc-tw", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(report["kept"] as? String, "tsmc")
        XCTAssertEqual(report["edges_moved"] as? Int, 1)
        XCTAssertEqual(report["citations_moved"] as? Int, 1)
        XCTAssertEqual(try ok(["find", "tsmc-tw", "--db", "g.db"]).split(separator: "\t").first, "tsmc", "the old id resolves")
        XCTAssertTrue(try ok(["edges", "--from", "tsmc", "--where", "input=CoWoS", "--db", "g.db"]).hasPrefix("tsmc (TSMC) → nvidia (Nvidia)"))
        try fails(["merge", "tsmc", "tsmc-tw", "--db", "g.db"], saying: "same node")
        try fails(["merge", "tsmc", "nobody", "--db", "g.db"], saying: "no node with id, name or alias 'nobody'")
        XCTAssertTrue(try ok(["merge", "gov:us", "gov:us-commerce", "--dry-run", "--db", "g.db"]).contains("dry run"), "the --help example runs on Graph/")
    }
}
