import XCTest
@testable import Tiergraph

/// The supply index: what it holds, that queries answer the same with it and without it, and
/// that no write can leave it stale.
final class SupplyIndexTests: XCTestCase {
    /// A seeded multigraph of 800 nodes (keys across four index rows) with every flow, parallel
    /// edges and self-loops. Nodes 500–779 have no edges, so one whole row (keys 512–767) is
    /// absent from the index and must read as "no neighbours".
    private func importRandomGraph(into store: GraphStore, scratch: Scratch, seed: UInt64 = 7) throws {
        var random = SplitMix64(seed: seed)
        let kinds = ["supplies", "orders", "owns", "manufactures", "depends_on", "market_share"]
        let used = Array(0..<500) + Array(780..<800)
        var nodes = "id,kind\n"
        for i in 0..<800 { nodes += "n\(i),\(["company", "foundry", "chip"][i % 3])\n" }
        var edges = "id,source,target,kind\n"
        for index in 0..<2400 {
            let a = used[Int(random.next() % UInt64(used.count))]
            let b = random.next() % 50 == 0 ? a : used[Int(random.next() % UInt64(used.count))]
            edges += "e\(index),n\(a),n\(b),\(kinds[Int(random.next() % UInt64(kinds.count))])\n"
            if random.next() % 10 == 0 { edges += "p\(index),n\(a),n\(b),supplies\n" }  // parallel
        }
        _ = try store.importFiles([try scratch.write("nodes.csv", nodes), try scratch.write("edges.csv", edges)])
    }

    func testIndexListsEachNodesSupplyNeighboursOnceInKeyOrder() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        try importRandomGraph(into: store, scratch: scratch)
        XCTAssertTrue(try store.hasSupplyIndex())
        let slots = try store.connection.query("SELECT slot FROM supply_index") { $0.int64(0) }
        XCTAssertFalse(slots.contains(SupplyIndex.slot(of: 600, .downstream)), "a row without neighbours is not stored")
        XCTAssertTrue(slots.contains(SupplyIndex.slot(of: 790, .upstream)))
        try store.connection.reading {
            let reader = try XCTUnwrap(try SupplyIndex.Reader(connection: store.connection))
            let adjacency = try StoredAdjacency(store: store, filter: QueryFilter(edgeKinds: ["supplies", "orders", "owns", "manufactures", "depends_on", "market_share"]))
            let keys = try store.connection.query("SELECT nid FROM nodes") { $0.int64(0) }
            var total = 0
            for key in keys {
                for direction in [Direction.downstream, .upstream] {
                    var expected = Set<Int64>()
                    try adjacency.forEachEdge(of: [key], direction) { _, other, _, _ in expected.insert(other) }
                    var listed: [Int64] = []
                    try reader.forEachNeighbor(of: key, direction) { listed.append($0) }
                    XCTAssertEqual(listed, expected.sorted(), "node \(key) \(direction)")
                    total += expected.count
                }
            }
            XCTAssertGreaterThan(total, 2000)
        }
    }

    func testQueriesAnswerTheSameWithAndWithoutTheIndex() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        try importRandomGraph(into: store, scratch: scratch, seed: 11)
        let snapshot = try GraphQuery(store: store)
        let filters = [QueryFilter(), QueryFilter(nodeKinds: ["company", "chip"]), QueryFilter(avoid: ["n3", "n10", "n17"])]
        var random = SplitMix64(seed: 5)
        var questions: [(String, String, Direction, QueryFilter)] = []
        for _ in 0..<60 {
            let a = "n\(random.next() % 500)", b = "n\(random.next() % 500)"
            for direction in [Direction.downstream, .upstream] {
                questions.append((a, b, direction, filters[Int(random.next() % UInt64(filters.count))]))
            }
        }
        func answers() throws -> [String] {
            try questions.map { a, b, direction, filter in
                let path = try store.shortestPath(from: a, to: b, direction: direction, filter: filter)
                XCTAssertEqual(path, try GraphQuery(store: store, filter: filter).shortestPaths(from: a, to: b, direction: direction).first, "\(a)→\(b) \(direction)")
                return "\(path.map { "\($0.nodes) \($0.edges)" } ?? "none") \(try store.chokepoints(of: b, filter: filter).chokepoints.map { "\($0.id)@\($0.tier) via \($0.viaEdge ?? "")" })"
            }
        }
        XCTAssertTrue(try store.hasSupplyIndex())
        let indexed = try answers()
        try store.connection.execute("DELETE FROM supply_index")
        XCTAssertEqual(try answers(), indexed)
        XCTAssertGreaterThan(indexed.filter { !$0.hasPrefix("none") }.count, 40, "most pairs are connected")
        XCTAssertEqual(try store.chokepoints(of: "n42"), try snapshot.chokepoints(of: "n42"))
    }

    func testEveryChangeToAnEdgeOrAFlowEmptiesTheIndex() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        try importRandomGraph(into: store, scratch: scratch)
        func emptied(by change: String, _ body: () throws -> Void) throws {
            XCTAssertTrue(try store.rebuildSupplyIndex())
            try body()
            XCTAssertFalse(try store.hasSupplyIndex(), change)
        }
        try emptied(by: "adding an edge") {
            try store.write { _ = try $0.write(Edge(id: "new", source: "n1", target: "n2", kind: "supplies")) }
        }
        try emptied(by: "removing an edge") { try store.removeEdge(id: "e5") }
        try emptied(by: "removing a node with its edges") { _ = try store.removeNode("n4", cascade: true) }
        try emptied(by: "SQL changing an edge's kind") {
            try store.connection.execute("UPDATE edges SET kind = 'owns' WHERE id = 'e7'")
        }
        try emptied(by: "SQL changing a kind's flow") {
            try store.connection.execute("UPDATE edge_kinds SET flow = 'none' WHERE name = 'orders'")
        }
        try emptied(by: "SQL deleting an edge") { try store.connection.execute("DELETE FROM edges WHERE id = 'e8'") }
        // Changes that cannot alter supply neighbours keep it.
        XCTAssertTrue(try store.rebuildSupplyIndex())
        try store.write { try $0.write(Node(id: "lonely", kind: "company", name: "Lonely")) }
        try store.write { try $0.define(EdgeKind(name: "licenses_to", flow: .with)) }
        try store.connection.execute("UPDATE edges SET volume = 5 WHERE id = 'e9'")
        XCTAssertTrue(try store.hasSupplyIndex())
        // A dry run, and an import that fails, leave it exactly as it was; an import rebuilds it.
        let before = try store.dump()
        var dryRun = ImportOptions()
        dryRun.dryRun = true
        _ = try store.importFiles([try scratch.write("more.csv", "source,target,kind\nn1,n2,supplies\n")], options: dryRun)
        XCTAssertThrowsError(try store.importFiles([try scratch.write("bad.csv", "source,target,kind\nn1,n2,supplies\nn1,nobody,supplies\n")]))
        XCTAssertEqual(try store.dump(), before)
        _ = try store.importFiles([scratch.path("more.csv")])
        XCTAssertTrue(try store.hasSupplyIndex())
        XCTAssertNotEqual(try store.dump(), before)
    }

    func testCheckFindsAnIndexThatNoLongerMatchesItsEdges() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        try importRandomGraph(into: store, scratch: scratch)
        XCTAssertEqual(try store.check(), [])
        // Only a writer that drops the triggers can make it stale.
        try store.connection.execute("""
            DROP TRIGGER supply_index_edge_insert;
            INSERT INTO edges(id, source, target, kind) VALUES
                ('sneaky', (SELECT nid FROM nodes WHERE id = 'n600'), (SELECT nid FROM nodes WHERE id = 'n601'), 'supplies');
            """)
        XCTAssertEqual(try store.check().map(\.code.rawValue), ["supply_index"])
        XCTAssertTrue(try store.rebuildSupplyIndex())
        XCTAssertEqual(try store.check(), [])
        XCTAssertEqual(try store.shortestPath(from: "n600", to: "n601")?.edges, ["sneaky"])
        // An edge to no node (foreign keys off) is reported by check and left out of the index.
        try store.connection.execute("""
            PRAGMA foreign_keys = OFF;
            INSERT INTO edges(id, source, target, kind) VALUES ('nowhere', 1, 1000000000, 'supplies'), ('before', -5, 1, 'orders');
            PRAGMA foreign_keys = ON;
            """)
        XCTAssertTrue(try store.rebuildSupplyIndex())
        XCTAssertEqual(Set(try store.check().map(\.code.rawValue)), ["dangling_edge", "foreign_key"])
    }

    func testAnOlderFileIsUpgradedAndIndexedByReindex() throws {
        let scratch = try Scratch()
        let path = scratch.path("v1.db")
        let old = try Connection(path: path)
        try old.execute(Schema.version1)
        try old.execute("""
            INSERT INTO edge_kinds(name, flow, builtin) VALUES ('supplies', 'with', 1), ('orders', 'against', 1);
            INSERT INTO nodes(nid, id, kind, name, name_key) VALUES (1, 'a', 'company', 'A', 'a'), (2, 'b', 'company', 'B', 'b'), (3, 'c', 'company', 'C', 'c');
            INSERT INTO edges(eid, id, source, target, kind) VALUES (1, 'ab', 1, 2, 'supplies'), (2, 'cb', 3, 2, 'orders');
            PRAGMA application_id = \(Schema.applicationID); PRAGMA user_version = 1;
            """)
        let store = try GraphStore(path: path)
        XCTAssertEqual(try store.schemaVersion(), Schema.currentVersion)
        XCTAssertFalse(try store.hasSupplyIndex())
        XCTAssertEqual(try store.shortestPath(from: "a", to: "c")?.nodes, ["a", "b", "c"])
        XCTAssertTrue(try store.rebuildSupplyIndex())
        XCTAssertEqual(try store.shortestPath(from: "a", to: "c")?.edges, ["ab", "cb"])
        XCTAssertEqual(try store.chokepoints(of: "c").chokepoints.map(\.id), ["b", "a"])
    }

    /// Version 2 → 3: edges get `input`, the flow check takes `gate`, and the built-in
    /// `licenses` becomes a gate; nothing else changes.
    func testAVersion2FileGetsInputsAndGates() throws {
        let scratch = try Scratch()
        let path = scratch.path("v2.db")
        let old = try Connection(path: path)
        try old.execute(Schema.version1 + Schema.version2)
        try old.execute("""
            INSERT INTO edge_kinds(name, flow, description, builtin) VALUES
                ('supplies', 'with', 'old', 1), ('licenses', 'with', 'old', 1), ('mine', 'with', 'user kind', 0);
            INSERT INTO nodes(nid, id, kind, name, name_key) VALUES (1, 'gov', 'government', 'Gov', 'gov'), (2, 'b', 'company', '台積電', '台積電');
            INSERT INTO aliases(node, alias, alias_key) VALUES (1, '華為', '華為');
            INSERT INTO edges(eid, id, source, target, kind) VALUES (1, 'l', 1, 2, 'licenses'), (2, 's', 1, 2, 'mine');
            PRAGMA application_id = \(Schema.applicationID); PRAGMA user_version = 2;
            """)
        let before = try GraphStore(path: path).edges(of: "b").incoming
        let store = try GraphStore(path: path)
        XCTAssertEqual(try store.schemaVersion(), Schema.currentVersion)
        let kinds = Dictionary(uniqueKeysWithValues: try store.edgeKinds().map { ($0.name, $0) })
        XCTAssertEqual(kinds["licenses"]?.flow, .gate)
        XCTAssertEqual(kinds["mine"]?.flow, .with, "user kinds keep their flow")
        XCTAssertEqual(kinds["supplies"]?.description, "old", "only licenses changes")
        XCTAssertEqual(try store.edges(of: "b").incoming, before, "every edge kept")
        XCTAssertEqual(try store.connection.scalar("PRAGMA integrity_check")?.string, "ok")
        XCTAssertEqual(try store.resolveNode("台积电").id, "b", "search keys recomputed: Traditional folds to Simplified")
        XCTAssertEqual(try store.resolveNode("华为").id, "gov")
        _ = try store.write { try $0.write(Edge(id: "x", source: "gov", target: "b", kind: "mine", input: "chips")) }
        XCTAssertEqual(try store.edge(id: "x")?.input, "chips")
        XCTAssertNoThrow(try store.connection.execute("INSERT INTO edge_kinds(name, flow) VALUES ('permits', 'gate')"))
        XCTAssertThrowsError(try store.connection.execute("INSERT INTO edge_kinds(name, flow) VALUES ('odd', 'sideways')"))
        XCTAssertEqual(try store.chokepoints(of: "b").chokepoints.map(\.inputs), [["chips", "licenses", "mine"]])
    }
}
