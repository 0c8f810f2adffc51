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
        let none = try ok(["edges", "--db", "g.db", "--where", "input~EUV"])
        XCTAssertEqual(none, "no edge meets the conditions asked\n", "an empty answer says so")
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
}
