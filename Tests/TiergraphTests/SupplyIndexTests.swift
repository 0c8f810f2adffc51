import XCTest
@testable import Tiergraph

/// The supply index: what it holds, that queries answer the same with it and without it, and
/// that no write can leave it stale.
final class SupplyIndexTests: XCTestCase {
    /// A seeded multigraph of 800 nodes (keys across four index rows) with every flow, parallel
    /// edges and self-loops. Nodes 500–779 have no edges, so one whole chunk (keys 512–767) has
    /// empty rows, which must read as "no neighbours".
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
        let slots = try store.connection.query("SELECT slot FROM supply_index WHERE slot >= 0") { $0.int64(0) }
        XCTAssertEqual(slots.sorted(), Array(0..<8), "every chunk has both rows")
        XCTAssertEqual(try store.connection.scalar("SELECT length(data) FROM supply_index WHERE slot = ?", [.integer(SupplyIndex.slot(of: 600, .downstream))])?.int64, 0)
        XCTAssertTrue(slots.contains(SupplyIndex.slot(of: 790, .upstream)))
        try store.connection.reading {
            let reader = try XCTUnwrap(try SupplyIndex.Reader(connection: store.connection, keyLimit: 800))
            let adjacency = try StoredAdjacency(store: store, filter: QueryFilter(edgeKinds: ["supplies", "orders", "owns", "manufactures", "depends_on", "market_share"]))
            let keys = try store.connection.query("SELECT nid FROM nodes") { $0.int64(0) }
            var total = 0
            for key in keys {
                for direction in [Direction.downstream, .upstream] {
                    var expected = Set<Int64>()
                    try adjacency.forEachEdge(of: [key], direction) { _, other, _, _ in expected.insert(other) }
                    var listed: [Int64] = []
                    XCTAssertTrue(try reader.forEachNeighbor(of: key, direction) { listed.append($0) })
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
        // Rows missing here and there (as plain-SQL writes leave them), then all of them.
        try store.connection.execute("DELETE FROM supply_index WHERE slot % 3 = 0")
        XCTAssertEqual(try answers(), indexed)
        try store.connection.execute("DELETE FROM supply_index")
        XCTAssertEqual(try answers(), indexed)
        XCTAssertGreaterThan(indexed.filter { !$0.hasPrefix("none") }.count, 40, "most pairs are connected")
        XCTAssertEqual(try store.chokepoints(of: "n42"), try snapshot.chokepoints(of: "n42"))
    }

    /// Tiergraph's writes rebuild the rows they touched before they commit, so the index stays
    /// whole and equal to a fresh build; plain-SQL writes leave rows missing, never wrong, until
    /// the next write; a change to a kind's flow empties it.
    func testWritesPatchTheIndexAndPlainSQLLeavesItIncompleteNeverWrong() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        try importRandomGraph(into: store, scratch: scratch)
        func stored() throws -> [Int64: [UInt8]] {
            Dictionary(uniqueKeysWithValues: try store.connection.query("SELECT slot, data FROM supply_index WHERE slot >= 0") {
                ($0.int64(0), $0.withBlob(1) { Array($0.bindMemory(to: UInt8.self)) })
            })
        }
        func fresh() throws -> [Int64: [UInt8]] {
            Dictionary(uniqueKeysWithValues: try SupplyIndex.rows(on: store.connection).filter { $0.slot >= 0 }.map { ($0.slot, $0.data) })
        }
        /// The slots whose rows differ from a fresh build's (missing, extra or other bytes).
        func differing() throws -> [Int64] {
            let (stored, fresh) = (try stored(), try fresh())
            return Set(stored.keys).union(fresh.keys).filter { stored[$0] != fresh[$0] }.sorted()
        }
        func sameAnswers(_ change: String) throws {
            let query = try GraphQuery(store: store)
            for (a, b) in [("n1", "n2"), ("n3", "n490"), ("n400", "n7"), ("n785", "n12"), ("n1", "n901")] {
                for direction in [Direction.downstream, .upstream] {
                    XCTAssertEqual(try store.shortestPath(from: a, to: b, direction: direction),
                                   try query.shortestPaths(from: a, to: b, direction: direction).first, "\(change): \(a)→\(b)")
                }
            }
            XCTAssertEqual(try store.check(), [], change)
        }
        func patched(by change: String, _ body: () throws -> Void) throws {
            let before = try stored()
            try body()
            XCTAssertTrue(try store.hasSupplyIndex(), change)
            XCTAssertEqual(try differing(), [], change)
            XCTAssertTrue(try stored() != before, "\(change) changed some row")
            try sameAnswers(change)
        }
        try store.write { try $0.write(Node(id: "n901", kind: "company", name: "Far")) }  // a chunk of its own
        XCTAssertTrue(try store.hasSupplyIndex(), "a node in a new chunk gets its (empty) rows")
        try patched(by: "adding an edge") {
            try store.write { _ = try $0.write(Edge(id: "new", source: "n1", target: "n2", kind: "supplies")) }
        }
        try patched(by: "adding an edge to a new chunk") {
            try store.write { _ = try $0.write(Edge(id: "far", source: "n3", target: "n901", kind: "orders")) }
        }
        try patched(by: "changing an edge's ends and kind") {
            try store.write { _ = try $0.write(Edge(id: "new", source: "n400", target: "n7", kind: "depends_on")) }
        }
        try patched(by: "removing an edge") { try store.removeEdge(id: "new") }
        try patched(by: "removing a node with its edges") { _ = try store.removeNode("n4", cascade: true) }
        try patched(by: "undoing that") { _ = try store.undo() }
        // Plain SQL: the triggers delete the rows, the next Tiergraph write rebuilds them.
        for change in [
            "UPDATE edges SET kind = 'owns' WHERE id = (SELECT min(id) FROM edges WHERE kind = 'supplies')",
            "DELETE FROM edges WHERE id = (SELECT max(id) FROM edges WHERE kind = 'orders')",
            "INSERT INTO edges(id, source, target, kind) SELECT 'sql', a.nid, b.nid, 'supplies' FROM nodes a, nodes b WHERE a.id = 'n785' AND b.id = 'n12'",
        ] {
            try store.connection.execute(change)
            XCTAssertFalse(try store.hasSupplyIndex(), change)
            XCTAssertLessThan(try stored().count, try fresh().count, change)
            try sameAnswers(change)
            try store.write { try $0.write(Node(id: "n0", kind: "company", name: "n0 again")) }
            XCTAssertTrue(try store.hasSupplyIndex(), change)
            XCTAssertEqual(try differing(), [], change)
        }
        // Changes that cannot alter supply neighbours keep every row.
        let whole = try stored()
        try store.write { try $0.define(EdgeKind(name: "licenses_to", flow: .with)) }
        try store.connection.execute("UPDATE edges SET volume = 5, input = 'x' WHERE id = 'e9'")
        try store.write { _ = try $0.write(Edge(id: "plain", source: "n1", target: "n2", kind: "invests_in")) }
        XCTAssertTrue(try stored() == whole)
        XCTAssertTrue(try store.hasSupplyIndex())
        try store.connection.execute("UPDATE edge_kinds SET flow = 'none' WHERE name = 'orders'")
        XCTAssertFalse(try store.hasSupplyIndex(), "a flow changed")
        XCTAssertTrue(try stored().isEmpty)
        // A dry run, and an import that fails, leave it exactly as it was; an import rebuilds it.
        XCTAssertTrue(try store.rebuildSupplyIndex())
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
        // An edge to no node (foreign keys off) is reported by check; `reindex`, a write, refuses
        // such a file as every write does; the index built anyway leaves the edge out.
        try store.connection.execute("""
            PRAGMA foreign_keys = OFF;
            INSERT INTO edges(id, source, target, kind) VALUES ('nowhere', 1, 1000000000, 'supplies'), ('before', -5, 1, 'orders');
            PRAGMA foreign_keys = ON;
            """)
        XCTAssertThrowsError(try store.rebuildSupplyIndex()) { error in
            guard case GraphStoreError.damaged(_, let problems) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(problems.contains { $0.contains("nowhere") }, "\(problems)")
        }
        try store.connection.transaction { try SupplyIndex.rebuild(on: store.connection) }
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
