import XCTest
@testable import Tiergraph

/// Opening a file of any earlier schema version brings it to the current one in one step,
/// keeping its graph, and leaves it as good to write and query as a new file.
final class MigrationTests: XCTestCase {
    /// A file as version `version` made it (its migrations, nothing later), holding a small
    /// supply chain written with the columns every version has.
    private func file(atVersion version: Int, in scratch: Scratch, adjust: String = "") throws -> String {
        let path = scratch.path("v\(version)\(adjust.isEmpty ? "" : "-adjusted").db")
        let old = try Connection(path: path)
        for migration in Schema.migrations.prefix(version) { try migration(old) }
        try old.execute("""
            INSERT OR IGNORE INTO edge_kinds(name, flow, builtin) VALUES ('supplies', 'with', 1), ('orders', 'against', 1);
            INSERT INTO nodes(nid, id, kind, name, name_key) VALUES
                (1, 'tsmc', 'foundry', 'TSMC', 'tsmc'), (2, 'nvidia', 'company', 'Nvidia', 'nvidia'),
                (3, 'h200', 'chip', 'H200', 'h200'), (300, 'csp', 'company', 'Cloud', 'cloud');
            INSERT INTO edges(eid, id, source, target, kind) VALUES
                (1, 'fab', 1, 3, 'supplies'), (2, 'design', 2, 3, 'supplies'), (3, 'buy', 300, 3, 'orders');
            \(adjust)
            PRAGMA application_id = \(Schema.applicationID); PRAGMA user_version = \(version);
            """)
        return path
    }

    func testEveryEarlierVersionMigratesKeepsItsGraphAndKeepsItsSupplyIndexOnEdits() throws {
        let scratch = try Scratch()
        var cases = (1..<Schema.currentVersion).map { ($0, "") }
        // Early builds of version 7 wrote it without the node triggers.
        cases.append((7, "DROP TRIGGER supply_baseline_node_insert; DROP TRIGGER supply_baseline_node_delete;"))
        for (version, adjust) in cases {
            let name = "version \(version)\(adjust.isEmpty ? "" : " (without node triggers)")"
            let store = try GraphStore(path: try file(atVersion: version, in: scratch, adjust: adjust))
            XCTAssertEqual(try store.schemaVersion(), Schema.currentVersion, name)
            XCTAssertEqual(try store.shortestPath(from: "tsmc", to: "csp")?.edges, ["fab", "buy"], name)
            XCTAssertTrue(try store.rebuildSupplyIndex(), name)
            XCTAssertEqual(try store.chokepoints(of: "csp").chokepoints.map(\.id), ["h200"], "\(name): TSMC and Nvidia are alternatives for one input")
            try store.write { _ = try $0.write(Edge(id: "second-fab", source: "nvidia", target: "h200", kind: "supplies", input: "fab")) }
            XCTAssertTrue(try store.hasSupplyIndex(), "\(name): an edit keeps the index whole")
            XCTAssertEqual(try store.check(), [], name)
            XCTAssertEqual(try store.connection.scalar("PRAGMA integrity_check")?.string, "ok", name)
        }
    }
}
