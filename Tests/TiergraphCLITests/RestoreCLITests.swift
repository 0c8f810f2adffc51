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

    func testDiagramGoesWithDOTOnly() throws {
        _ = try ok(["import", try write("nodes.csv", "id,kind\na,chip\n"), "--db", "g.db"])
        let result = try run(["export", "--format", "json", "--diagram", "--db", "g.db"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("--diagram goes with --format dot only"), result.stderr)
    }
}
