import XCTest
@testable import Tiergraph

/// The supply baseline kept with the supply index: that it is the supply of every node, claims
/// and all, that a what-if reading it answers as the in-memory engine does, and that every
/// change it depends on empties it.
final class SupplyBaselineTests: XCTestCase {
    /// A seeded random graph whose edges carry statuses, `as_of`s, modalities and dated
    /// sources, with parallel edges whose claims disagree (the latest decides).
    private func importRandomGraph(_ scratch: Scratch, _ random: inout SplitMix64, name: String) throws -> GraphStore {
        let count = 8 + Int(random.next() % 12)
        var nodes = "id,kind\n"
        for v in 0..<count { nodes += String(format: "n%02d,company\n", v) }
        let sources = "id,title,date\ns1,Old,2024-01\ns2,New,2025-06\ns3,Undated,\n"
        var edges = "id,source,target,kind,input,status,as_of,modality,source_ref\n"
        let statuses = ["supplies": ["", "", "delivered", "declined", "planned"], "orders": ["", "placed", "declined"],
                        "licenses": ["", "approved", "pending", "denied"]]
        for index in 0..<(count * 3) {
            var a = Int(random.next() % UInt64(count)), b = Int(random.next() % UInt64(count))
            if random.next() % 100 >= 15 && a > b { swap(&a, &b) }
            let kind = ["supplies", "supplies", "orders", "licenses"][Int(random.next() % 4)]
            let (source, target) = kind == "orders" ? (b, a) : (a, b)
            func pick(_ options: [String]) -> String { options[Int(random.next() % UInt64(options.count))] }
            let row = [pick(["", "", "chips"]), pick(statuses[kind]!), pick(["", "", "2024", "2025-03"]),
                       pick(["", "", "forecast", "rumour", "reported"]), pick(["", "s1", "s2", "s3"])]
            edges += String(format: "x%d,n%02d,n%02d,%@,", index, source, target, kind) + row.joined(separator: ",") + "\n"
            if random.next() % 4 == 0 {  // the same link again, claimed otherwise
                edges += String(format: "y%d,n%02d,n%02d,%@,%@,%@,,,%@\n", index, source, target, kind, row[0],
                                pick(statuses[kind]!), pick(["s1", "s2"]))
            }
        }
        let store = try scratch.store("\(name).db")
        _ = try store.importFiles([
            try scratch.write("\(name)/sources.csv", sources), try scratch.write("\(name)/nodes.csv", nodes),
            try scratch.write("\(name)/edges.csv", edges),
        ])
        return store
    }

    private func baseline(_ store: GraphStore, _ id: String) throws -> Bool? {
        let key = try XCTUnwrap(store.connection.scalar("SELECT nid FROM nodes WHERE id = ?1", [.text(id)])?.int64)
        return try SupplyBaseline.Reader(connection: store.connection).isSupplied(key)
    }

    func testTheBaselineIsEachNodesSupplyAndImpactReadingItAnswersAsInMemory() throws {
        let scratch = try Scratch()
        var random = SplitMix64(seed: 61)
        var supplied = 0, unsupplied = 0, cut = 0, disputed = 0
        for graph in 0..<60 {
            let store = try importRandomGraph(scratch, &random, name: "g\(graph)")
            let query = try GraphQuery(store: store)
            let ids = try store.connection.query("SELECT id FROM nodes ORDER BY id") { $0.string(0) ?? "" }
            for id in ids {
                let expected = try query.chokepoints(of: id).supplied
                XCTAssertEqual(try baseline(store, id), expected, "graph \(graph): baseline of \(id)")
                if expected { supplied += 1 } else { unsupplied += 1 }
                let report = try store.impact(removingNodes: [id])
                XCTAssertEqual(report, try query.impact(removingNodes: [id]), "graph \(graph): engines differ removing \(id)")
                cut += report.losesAll.count
                if !report.disputed.isEmpty { disputed += 1 }
            }
        }
        // Not vacuous: both answers occur, removals cut something, and some rest on disputed claims.
        XCTAssertGreaterThan(supplied, 100)
        XCTAssertGreaterThan(unsupplied, 100)
        XCTAssertGreaterThan(cut, 20)
        XCTAssertGreaterThan(disputed, 20)
    }

    func testEveryChangeTheBaselineDependsOnEmptiesIt() throws {
        let scratch = try Scratch()
        var random = SplitMix64(seed: 3)
        let store = try importRandomGraph(scratch, &random, name: "g")
        XCTAssertNotNil(try baseline(store, "n00"))
        for change in [
            "UPDATE edges SET input = 'wafers' WHERE id = 'x1'", "UPDATE edges SET status = CASE status WHEN 'declined' THEN 'delivered' ELSE 'declined' END WHERE id = 'x2'",
            "UPDATE edges SET as_of = '2026' WHERE id = 'x3'", "UPDATE edges SET modality = 'rumour' WHERE id = 'x4'",
            "UPDATE edges SET valid_from = '2020' WHERE id = 'x5'", "UPDATE sources SET date = '2026' WHERE id = 's3'",
            "INSERT INTO edge_citations(edge, source) SELECT eid, (SELECT sid FROM sources WHERE id = 's3') FROM edges WHERE id = 'x6'",
            "UPDATE edge_citations SET quote = 'q'", "DELETE FROM edge_citations",
        ] {
            XCTAssertTrue(try store.rebuildSupplyIndex())
            XCTAssertNotNil(try baseline(store, "n00"))
            try store.connection.execute(change)
            XCTAssertTrue(try store.hasSupplyIndex(), "\(change) keeps the index")
            XCTAssertNil(try baseline(store, "n00"), change)
            XCTAssertFalse(try store.hasSupplyBaseline(), change)
        }
        // A node added or removed (its bits are the nodes there were) empties the baseline only.
        for change in ["INSERT INTO nodes(id, kind, name, name_key) VALUES ('new', 'company', 'New', 'new')", "DELETE FROM nodes WHERE id = 'new'"] {
            XCTAssertTrue(try store.rebuildSupplyIndex())
            try store.connection.execute(change)
            XCTAssertTrue(try store.hasSupplyIndex(), change)
            XCTAssertNil(try baseline(store, "n00"), change)
            XCTAssertEqual(try store.check(), [], change)
        }
        try store.write { try $0.write(Node(id: "lonely", kind: "company", name: "Lonely")) }
        XCTAssertEqual(try store.check(), [], "a node added through Tiergraph")
        // What it does not depend on keeps it.
        XCTAssertTrue(try store.rebuildSupplyIndex())
        try store.connection.execute("UPDATE edges SET volume = 5, claimant = 'x' WHERE id = 'x1'; UPDATE sources SET title = 'T'")
        XCTAssertTrue(try store.hasSupplyIndex())
        XCTAssertEqual(try store.check(), [])
    }

    func testAVersion6FileKeepsItsIndexAndGetsTheNewTriggers() throws {
        let scratch = try Scratch()
        var random = SplitMix64(seed: 5)
        let path: String
        do {
            let store = try importRandomGraph(scratch, &random, name: "old")
            path = store.path
            // As version 6 left it: the index without baseline rows, the narrower trigger.
            try store.connection.execute("""
                DELETE FROM supply_index WHERE slot < 0;
                DROP TRIGGER supply_index_citation_insert; DROP TRIGGER supply_index_citation_delete;
                DROP TRIGGER supply_index_citation_update; DROP TRIGGER supply_index_source_update;
                DROP TRIGGER supply_baseline_node_insert; DROP TRIGGER supply_baseline_node_delete;
                DROP TRIGGER supply_index_edge_update; DROP TRIGGER supply_baseline_edge_update;
                DROP TRIGGER supply_index_edge_insert; DROP TRIGGER supply_index_edge_delete; DROP TABLE supply_index_pending;
                \(Schema.version2EdgeTriggers)
                PRAGMA user_version = 6;
                """)
        }
        let store = try GraphStore(path: path)
        XCTAssertEqual(try store.schemaVersion(), Schema.currentVersion)
        XCTAssertTrue(try store.hasSupplyIndex())
        XCTAssertNil(try baseline(store, "n00"), "no baseline until the index is rebuilt")
        let query = try GraphQuery(store: store)
        XCTAssertEqual(try store.impact(removingNodes: ["n01"]), try query.impact(removingNodes: ["n01"]))
        try store.connection.execute("UPDATE edges SET input = 'wafers' WHERE id = 'x1'")
        XCTAssertTrue(try store.hasSupplyIndex(), "version 8: an input changes the baseline only")
        XCTAssertFalse(try store.hasSupplyBaseline())
    }
}
