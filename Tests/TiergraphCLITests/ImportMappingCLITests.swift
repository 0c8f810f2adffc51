import Foundation
import XCTest

/// `tiergraph import` on real files as they are (issue 17, item 1), run as a user would.
final class ImportMappingCLITests: CLITestCase {
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The README's section "Bringing in your data", and the commands of its code blocks.
    private func readmeSection() throws -> String {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try XCTUnwrap(readme.range(of: "\n## Bringing in your data\n"))
        let rest = readme[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    }

    /// Runs the README's example exactly as written (in a copy of `Examples/`), and checks
    /// the output the README shows.
    func testTheReadmeExampleRunsAsWritten() throws {
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Examples"), to: folder.appendingPathComponent("Examples"))
        let section = try readmeSection()
        let lines = section.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let command = try XCTUnwrap(lines.first { $0.hasPrefix("$ tiergraph import --mapping ") })
        let arguments = command.split(separator: " ").dropFirst(2).map(String.init)
        let imported = try ok(arguments)
        XCTAssertTrue(imported.hasPrefix("imported: 11 nodes, 11 edges, 0 sources, 3 kinds from 5 file(s)"), imported)
        XCTAssertTrue(imported.hasSuffix("""
            merged: 5 rows that repeat the id of a node given before
            filtered: 1 rows left out by --rows-where
            skipped: 1 bad rows, listed in skipped.csv

            """), imported)
        let report = try String(contentsOfFile: path("skipped.csv"), encoding: .utf8)
        XCTAssertEqual(report, """
            file,line,column,column_name,reason
            Examples/relational-dataset/data/provision.csv,9,2,input_id,an edge needs a target node

            """)
        // Each command the README shows with its output gives that output.
        var shown = 0
        for (index, line) in lines.enumerated() where line.hasPrefix("$ tiergraph ") && !line.contains("import") {
            let output = lines[(index + 1)...].prefix { !$0.hasPrefix("```") && !$0.hasPrefix("$ ") }.joined(separator: "\n") + "\n"
            XCTAssertEqual(try ok(line.dropFirst(12).split(separator: " ").map(String.init)), output, line)
            shown += 1
        }
        XCTAssertGreaterThanOrEqual(shown, 2, "the README shows what the import gave")
        // The same command again, into another database: the same graph and the same report.
        _ = try ok(arguments + ["--db", "again.db"])
        XCTAssertEqual(try String(contentsOfFile: path("skipped.csv"), encoding: .utf8), report)
        XCTAssertEqual(try ok(["export", "--format", "json", "--db", "again.db"]), try ok(["export", "--format", "json"]))
        let log = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try ok(["imports", "--format", "json"]).utf8)) as? [[String: Any]])
        XCTAssertEqual(log.map { $0["file"] as? String }, ["providers.csv", "inputs.csv", "input_names.csv", "provision.csv", "sequence.csv"].map {
            "Examples/relational-dataset/data/" + $0
        })
        XCTAssertEqual(log.map { $0["skipped"] as? Int }, [0, 0, 0, 1, 0])
        XCTAssertEqual(log.map { $0["nodes"] as? Int }, [5, 6, 0, 0, 0])
        XCTAssertEqual(log.map { $0["merged"] as? Int }, [2, 0, 3, 0, 0])
        XCTAssertEqual((log[3]["mapping"] as? [String: Any])?["share_scale"] as? Int, 100)
        XCTAssertEqual((log[0]["sha256"] as? String)?.count, 64)
    }

    /// A dataset's own relation names, imported with the kinds declared on the command line;
    /// re-imported with a corrected mapping, `--replace` keeps the edges from doubling.
    func testRelationNamesNeedNoKindsFileAndReplaceKeepsEdgesFromDoubling() throws {
        try write("nodes.csv", "key,label\nfab,Fab\ntool,Tool\ngas,Gas\n")
        try write("edges.csv", "from,to,relation,cites\ntool,fab,equips,r1\ngas,fab,feeds,r2\nfab,tool,buys_from,r1\n")
        let mapping = ["--column", "node.id=key", "--column", "node.name=label", "--column", "edge.source=from", "--column", "edge.target=to",
                       "--column", "edge.kind=relation"]
        try fails(["import", "nodes.csv", "edges.csv"] + mapping, saying: "edges.csv:2:3: unknown edge kind 'equips' with no flow")
        XCTAssertTrue(try ok(["stats"]).contains("nodes: 0"), "nothing was imported")
        _ = try ok(["import", "nodes.csv", "edges.csv", "--flow", "buys_from=against", "--unknown-kinds-flow", "with"] + mapping)
        let kinds = try ok(["kind", "list", "--format", "json"])
        XCTAssertTrue(kinds.contains("\"buys_from\""), kinds)
        _ = try ok(["import", "edges.csv", "--column", "source_ref=cites"] + mapping)
        XCTAssertTrue(try ok(["stats"]).contains("edges: 6"), "without --replace, edges citing sources are new edges")
        _ = try ok(["import", "edges.csv", "--column", "source_ref=cites", "--replace"] + mapping)
        XCTAssertTrue(try ok(["stats"]).contains("edges: 3"))
        let log = try ok(["imports"]).split(separator: "\n")
        XCTAssertEqual(log.count, 4)
        XCTAssertTrue(log[3].hasSuffix("edges.csv sha256:\(log[1].split(separator: ":")[3].prefix(12)) nodes 0, edges 3, sources 0, kinds 0, replaced 6"), "\(log)")
        XCTAssertEqual(try ok(["check"]), "ok: no problems found\n")
    }

    /// The help names every option of the issue, and the log's command.
    func testHelpNamesTheOptions() throws {
        let help = try ok(["import", "--help"])
        for option in ["--mapping <file.json>", "--flow <kind=flow>", "--unknown-kinds-flow <flow>", "--share-scale <scale>",
                       "--map <field=from:to>", "--rows-where <column=value>", "--merge-repeated-ids", "--skip-bad-rows <report.csv>",
                       "--replace", "tiergraph import --mapping dataset.json data/ --skip-bad-rows skipped.csv"] {
            XCTAssertTrue(help.contains(option), option)
        }
        XCTAssertTrue(try ok(["--help"]).contains("imports                 List the import log"))
    }

    func testMistakesNameTheValidValues() throws {
        try write("links.csv", "source,target,kind,year\na,b,supplies,2024\n")
        let flows = "with, against, none, gate"
        try fails(["import", "links.csv", "--flow", "x=sideways"], saying: "unknown flow 'sideways'; the flows are: \(flows)")
        try fails(["import", "links.csv", "--flow", "x"], saying: "--flow takes KIND=FLOW with FLOW one of: \(flows)")
        try fails(["import", "links.csv", "--unknown-kinds-flow", "wiht"], saying: "the flows are: \(flows)")
        try fails(["import", "links.csv", "--map", "edge.knd=a:b"], saying: "unknown field 'edge.knd'; --map takes FIELD=FROM:TO with FIELD one of: node.id")
        try fails(["import", "links.csv", "--map", "edge.kind=ab"], saying: "the value is FROM:TO")
        try fails(["import", "links.csv", "--share-scale", "0"], saying: "--share-scale takes a number above 0")
        try fails(["import", "links.csv", "--rows-where", "yaer=2024"],
                  saying: "links.csv:1: the row filter's column 'yaer' is not in the header; the columns are: source, target, kind, year")
        try fails(["import"], saying: "give files or folders to import, or a --mapping file")
        try write("m.json", "{\n  \"tables\": [\n    {\"file\": \"links.csv\", \"sheet\": 1}\n  ]\n}\n")
        try fails(["import", "--mapping", "m.json"], saying: "m.json:3:27: unknown key 'sheet'; the valid keys of a table are: file, description")
        try fails(["import", "links.csv", "--skip-bad-rows", "no/such/folder/report.csv"], saying: "cannot write the skipped-rows report")
        XCTAssertTrue(try ok(["stats"]).contains("edges: 0"), "nothing was imported")
    }
}
