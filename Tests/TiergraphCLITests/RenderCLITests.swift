import Foundation
import XCTest

/// `render` and `export` end to end.
final class RenderCLITests: CLITestCase {
    private func graph() throws {
        try writeFixture()
        _ = try ok(["import", "data", "--db", "g.db"])
    }

    func testRendersEachFormatFromTheFileName() throws {
        try graph()
        let magic: [String: [UInt8]] = ["png": [0x89, 0x50, 0x4E, 0x47], "pdf": Array("%PDF".utf8), "svg": Array("<?xm".utf8)]
        for (format, prefix) in magic {
            let said = try ok(["render", "-o", "out." + format, "--upstream", "字节跳动", "--db", "g.db"])
            XCTAssertTrue(said.contains("layout dot"), said)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path("out." + format)))
            XCTAssertEqual(Array(bytes.prefix(4)), prefix, format)
        }
        let svg = try String(contentsOfFile: path("out.svg"), encoding: .utf8)
        XCTAssertTrue(svg.contains("字节跳动"), "Chinese text is in the SVG")
        _ = try ok(["render", "-o", "c.svg", "--cluster-by", "country", "--layout", "fdp", "--db", "g.db"])
        try fails(["render", "-o", "out.gif", "--db", "g.db"], saying: ".svg, .png, .pdf")
        try fails(["render", "-o", "x.svg", "--layout", "spring", "--db", "g.db"], saying: "unknown layout")
        try fails(["render", "-o", "x.svg", "--around", "nvidia", "--upstream", "tsmc", "--db", "g.db"], saying: "choose one")
        try fails(["render", "-o", "x.svg", "--path", "tsmc", "--db", "g.db"], saying: "--path takes two nodes")
        try fails(["render", "-o", "x.svg", "--path", "bytedance", "tsmc", "--db", "g.db"], saying: "no path")
    }

    /// Graphviz's plugins print some warnings instead of reporting them (the PNG size limit,
    /// after which the picture is shrunk): they reach the user as Tiergraph's note, never raw.
    func testGraphvizWarningsBecomeTiergraphNotes() throws {
        try write("chain/nodes.csv", "id,kind\n" + (0..<600).map { "n\($0),company\n" }.joined())
        try write("chain/edges.csv", "source,target,kind\n" + (0..<599).map { "n\($0),n\($0 + 1),supplies\n" }.joined())
        _ = try ok(["import", "chain", "--db", "c.db"])
        let wide = try run(["render", "-o", "wide.png", "--layout", "dot", "--db", "c.db"])
        XCTAssertEqual(wide.status, 0, wide.stderr)
        XCTAssertTrue(wide.stderr.contains("note: the picture is larger than a PNG can be (32,767 pixels a side), so Graphviz shrank it to "),
                      wide.stderr)
        XCTAssertTrue(wide.stderr.contains("write SVG or PDF instead"), wide.stderr)
        XCTAssertFalse(wide.stderr.contains("cairo"), "no raw Graphviz text: \(wide.stderr)")
        let svg = try run(["render", "-o", "wide.svg", "--layout", "dot", "--db", "c.db"])
        XCTAssertEqual(svg.status, 0, svg.stderr)
        XCTAssertFalse(svg.stderr.contains("note:"), "SVG has no size limit: \(svg.stderr)")
    }

    func testStylesCollapsingAndTheSizeGuard() throws {
        try graph()
        try write("style.csv", "kind,shape,fill,color\nfoundry,hexagon,#123456,\nmanufactures,,,#ff00aa\n")
        let styled = try ok(["export", "--format", "dot", "--diagram", "--style", path("style.csv"), "--db", "g.db"])
        XCTAssertTrue(styled.contains("shape=hexagon, fillcolor=\"#123456\""), styled)
        XCTAssertTrue(styled.contains("color=\"#ff00aa\""), styled)
        XCTAssertTrue(styled.contains("color=\"#ff00aa\">━━ manufactures"), "the legend shows the style file's colour")
        try write("bad-shape.csv", "kind,shape,fill\nfoundry,blob,#123456\n")
        try fails(["render", "-o", "x.svg", "--style", path("bad-shape.csv"), "--db", "g.db"], saying: "bad-shape.csv:2:2: unknown shape 'blob'")
        try write("bad-colour.csv", "kind,color\nsupplies,not a colour\n")
        try fails(["render", "-o", "x.svg", "--style", path("bad-colour.csv"), "--db", "g.db"], saying: "bad-colour.csv:2:2: 'not a colour' is not a colour")
        try write("bad-column.csv", "kind,colour\nsupplies,red\n")
        try fails(["render", "-o", "x.svg", "--style", path("bad-column.csv"), "--db", "g.db"], saying: "unknown column 'colour'")
        try fails(["export", "--format", "json", "--style", path("style.csv"), "--db", "g.db"], saying: "--style goes with --format dot only")
        // The same kind has the same colour in every picture: the streamed whole graph and a selection.
        func colour(of kind: String, _ dot: String) -> String? {
            dot.split(separator: "\n").first { $0.contains(" -> ") && $0.contains("kind=\"\(kind)\"") }
                .flatMap { line in line.range(of: ##"color="#[0-9a-f]{6}""##, options: .regularExpression).map { String(line[$0]) } }
        }
        let whole = try ok(["export", "--format", "dot", "--diagram", "--db", "g.db"])
        let part = try ok(["export", "--format", "dot", "--diagram", "--upstream", "chip:h200", "--db", "g.db"])
        XCTAssertNotNil(colour(of: "manufactures", part))
        XCTAssertEqual(colour(of: "manufactures", whole), colour(of: "manufactures", part))

        _ = try ok(["render", "-o", "groups.svg", "--collapse-by", "kind", "--db", "g.db"])
        let groups = try String(contentsOfFile: path("groups.svg"), encoding: .utf8)
        XCTAssertTrue(groups.contains("company (1 node)") && groups.contains("chip (1 node)") && groups.contains("csp (1 node)"), groups)
        XCTAssertFalse(groups.contains("<title>nvidia</title>"), "members are not drawn")
        try fails(["render", "-o", "x.svg", "--collapse-by", "contry", "--db", "g.db"], saying: "unknown node field 'contry'")

        _ = try ok(["generate", "--nodes", "3200", "--out", path("big")])
        _ = try ok(["import", path("big"), "--db", "big.db"])
        try fails(["render", "-o", "big.svg", "--db", "big.db"], saying: "nodes are too many to read in one picture")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("big.svg")))
        _ = try ok(["render", "-o", "big.svg", "--collapse-by", "country", "--db", "big.db"])
        let said = try ok(["render", "-o", "big.svg", "--force", "--layout", "sfdp", "--timeout", "120", "--db", "big.db"])
        XCTAssertTrue(said.contains("layout sfdp"), said)
    }

    func testExportFormatsToStdoutAndFolders() throws {
        try graph()
        let dot = try ok(["export", "--format", "dot", "--path", "nvidia", "bytedance", "--db", "g.db"])
        XCTAssertTrue(dot.hasPrefix("digraph \"tiergraph\" {"))
        XCTAssertTrue(dot.contains("penwidth=2.5"), "the path is highlighted")
        XCTAssertEqual(try ok(["export", "--format", "dot", "--db", "g.db"]), try ok(["export", "--format", "dot", "--db", "g.db"]))
        let exported = try json(try ok(["export", "--format", "json", "--kinds", "chip,company", "--db", "g.db"]))
        XCTAssertEqual((exported["nodes"] as? [[String: Any]])?.count, 4)
        XCTAssertTrue(try ok(["export", "--format", "graphml", "--db", "g.db"]).contains("<graphml"))
        XCTAssertTrue(try ok(["export", "--format", "cypher", "--db", "g.db"]).contains("MERGE (n:Node {id: 'nvidia'})"))
        _ = try ok(["export", "--format", "csv", "-o", "csv", "--db", "g.db"])
        _ = try ok(["import", "csv", "--db", "copy.db"])
        XCTAssertEqual(try ok(["export", "--format", "json", "--db", "copy.db"]), try ok(["export", "--format", "json", "--db", "g.db"]))
        _ = try ok(["export", "--format", "neo4j", "-o", "neo", "--db", "g.db"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("neo/relationships.csv")))
        let avoided = try json(try ok(["export", "--format", "json", "--upstream", "bytedance", "--avoid", "nvidia", "--db", "g.db"]))
        XCTAssertFalse(((avoided["nodes"] as? [[String: Any]]) ?? []).contains { $0["id"] as? String == "nvidia" })
        try fails(["export", "--format", "csv", "--db", "g.db"], saying: "give a folder")
    }
}
