import Foundation
import XCTest

/// Through the binary: the curated graph (kinds of its own, claims), with a source nothing cites
/// and a kind nothing uses,
/// exported whole as CSV, node-link JSON or GraphML and imported into a new file, comes back
/// whole: the new file's own whole-graph export, which carries every kind and source, is the
/// same to the byte.
final class RestoreCLITests: CLITestCase {
    func testEveryRestorableFormatGivesBackTheCuratedGraph() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let uncited = try write("extra/sources.csv", "id,title,publisher,date\nuncited-report,\"A report, that nothing cites\",BIS,2025-01\n")
        _ = try ok(["import", root.appendingPathComponent("Graph").path, uncited, "--db", "g.db"])
        _ = try ok(["kind", "add", "routes_via", "--flow", "with", "--description", "the chip (source) travels through the hub (target)", "--db", "g.db"])
        let original = try ok(["export", "--format", "json", "--db", "g.db"])
        XCTAssertTrue(original.contains("\"uncited-report\"") && original.contains("\"routes_via\""))
        _ = try ok(["export", "--format", "csv", "-o", "backup", "--db", "g.db"])
        _ = try ok(["export", "--format", "json", "-o", "g.json", "--db", "g.db"])
        _ = try ok(["export", "--format", "graphml", "-o", "g.graphml", "--db", "g.db"])
        for (name, file) in [("csv", "backup"), ("json", "g.json"), ("graphml", "g.graphml")] {
            _ = try ok(["import", file, "--db", name + ".db"])
            XCTAssertEqual(try ok(["export", "--format", "json", "--db", name + ".db"]), original, "\(name): the restored graph differs")
            XCTAssertEqual(try ok(["stats", "--db", name + ".db"]), try ok(["stats", "--db", "g.db"]), name)
            // Parallel edges keep their stored order, which decides the edge a walk names ("via").
            for node in ["chip:h20", "group:h20-big-four", "csp:china"] {
                XCTAssertEqual(try ok(["upstream", node, "--db", name + ".db"]), try ok(["upstream", node, "--db", "g.db"]), "\(name): upstream \(node)")
            }
        }
    }

    /// `export --format dot` is data: no legend, an order from its buyer to its seller with the
    /// kind's flow; `--diagram` is the picture `render` draws: the legend, goods flowing seller →
    /// buyer. Both import back to the same edge.
    func testDOTExportIsDataAndTheDiagramIsThePicture() throws {
        let nodes = try write("data/nodes.csv", "id,kind,name\nbuyer,csp,Buyer\nseller,company,Seller\n")
        let edges = try write("data/edges.csv", "source,target,kind\nbuyer,seller,orders\n")
        _ = try ok(["import", nodes, edges, "--db", "g.db"])
        for selection in [[], ["--around", "buyer"]] {
            let data = try ok(["export", "--format", "dot", "--db", "g.db"] + selection)
            XCTAssertFalse(data.contains("legend"), data)
            XCTAssertTrue(data.contains("\"buyer\" -> \"seller\" [") && data.contains("flow=\"against\""), data)
            XCTAssertTrue(data.contains("display_name=\"Buyer\"") && !data.contains(" name="), data)
            let diagram = try ok(["export", "--format", "dot", "--diagram", "--db", "g.db"] + selection)
            XCTAssertTrue(diagram.contains("graph [label=<<table"), "the diagram has its legend: \(diagram)")
            XCTAssertTrue(diagram.contains("\"seller\" -> \"buyer\" [") && diagram.contains("stored=\"reversed\""), diagram)
            for (name, text) in [("data", data), ("diagram", diagram)] {
                let file = try write("\(name)\(selection.count).dot", text)
                _ = try ok(["import", file, "--db", "\(name)\(selection.count).db"])
                XCTAssertEqual(try ok(["show", "buyer", "--db", "\(name)\(selection.count).db"]), try ok(["show", "buyer", "--db", "g.db"]), name)
            }
        }
    }

    func testDiagramGoesWithDOTOnly() throws {
        _ = try ok(["import", try write("nodes.csv", "id,kind\na,chip\n"), "--db", "g.db"])
        let result = try run(["export", "--format", "json", "--diagram", "--db", "g.db"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("--diagram goes with --format dot only"), result.stderr)
    }
}
