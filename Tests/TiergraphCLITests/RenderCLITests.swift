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
