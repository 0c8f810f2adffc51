import XCTest
@testable import Tiergraph

final class GraphStoreTests: XCTestCase {
    func testNewDatabaseHasSchemaAndBuiltInKinds() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        XCTAssertEqual(try store.schemaVersion(), Schema.currentVersion)
        let kinds = try store.edgeKinds()
        XCTAssertEqual(Set(kinds.map(\.name)), Set(EdgeKind.builtIns.map(\.name)))
        XCTAssertEqual(kinds.first { $0.name == "orders" }?.flow, .against)
        XCTAssertEqual(kinds.first { $0.name == "supplies" }?.flow, .with)
        XCTAssertEqual(kinds.first { $0.name == "owns" }?.flow, Flow.none)
        XCTAssertEqual(try store.connection.scalar("PRAGMA journal_mode")?.string, "wal")
        XCTAssertEqual(try store.connection.scalar("PRAGMA foreign_keys")?.int64, 1)
    }

    func testReopeningKeepsContentAndMissingFileIsAnError() throws {
        let scratch = try Scratch()
        try scratch.store().write { try $0.write(Node(id: "a", kind: "company")) }
        XCTAssertNotNil(try GraphStore(path: scratch.path("graph.db")).node(id: "a"))
        XCTAssertThrowsError(try GraphStore(path: scratch.path("missing.db"))) { error in
            XCTAssertEqual(error as? GraphStoreError, .missingDatabase(path: scratch.path("missing.db")))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("missing.db")))
    }

    func testForeignNewerAndNonSQLiteFilesAreRefusedUntouched() throws {
        let scratch = try Scratch()
        let foreign = scratch.path("foreign.db")
        try Connection(path: foreign).execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
        let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
        XCTAssertThrowsError(try GraphStore(path: foreign, create: true)) { error in
            guard case .notATiergraphDatabase = error as? GraphStoreError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: foreign)), before)

        let newer = scratch.path("newer.db")
        _ = try GraphStore(path: newer, create: true)
        try Connection(path: newer).execute("PRAGMA user_version = 99")
        XCTAssertThrowsError(try GraphStore(path: newer)) { error in
            XCTAssertEqual(error as? GraphStoreError, .newerSchema(path: newer, found: 99, supported: Schema.currentVersion))
        }

        let text = try scratch.write("notes.db", "these are my notes, not a database\n")
        XCTAssertThrowsError(try GraphStore(path: text)) { error in
            guard case .notATiergraphDatabase = error as? GraphStoreError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try String(contentsOfFile: text, encoding: .utf8), "these are my notes, not a database\n")
    }

    func testNodeAndEdgeRoundTripWithChineseTextAndTypedProperties() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let node = Node(
            id: "cambricon", kind: "company", name: "Cambricon", aliases: ["寒武纪", "688256.SH"], country: "CN",
            properties: ["founded": 2016, "revenue_growth": 43.9, "listed": true, "board": "科创板"],
            citations: [Citation(source: "004.txt", quote: "寒武纪营收暴增")])
        let edge = Edge(
            source: "tsmc", target: "cambricon", kind: "manufactures", share: try Share(low: 0.4, high: 0.6),
            volume: try Volume(amount: 150_000, unit: "wafers"),
            period: try Period(from: PartialDate(parsing: "2023"), to: PartialDate(parsing: "2024-06")),
            properties: ["process": "7nm"], citations: [Citation(source: "004.txt"), Citation(source: "003.txt", quote: "台积电代工")])
        let id = try store.write { writer -> String in
            try writer.write(node)
            try writer.write(Node(id: "tsmc", kind: "foundry", name: "TSMC"))
            return try writer.write(edge)
        }
        XCTAssertEqual(try store.node(id: "cambricon"), Node(
            id: "cambricon", kind: "company", name: "Cambricon", aliases: ["688256.SH", "寒武纪"], country: "CN",
            properties: node.properties, citations: node.citations))
        var expected = edge
        expected.id = id
        expected.citations.sort { $0.source < $1.source }
        XCTAssertEqual(try store.edge(id: id), expected)
        XCTAssertEqual(try store.edges(of: "tsmc").outgoing.map(\.effectiveID), [id])
        XCTAssertEqual(try store.edges(of: "cambricon").incoming.map(\.effectiveID), [id])
    }

    func testResolveByIdNameAndAliasCaseAndWidthInsensitively() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        try store.write { writer in
            try writer.write(Node(id: "tsmc", kind: "foundry", name: "TSMC", aliases: ["台积电", "Taiwan Semiconductor"]))
            try writer.write(Node(id: "nvidia", kind: "company", name: "Nvidia", aliases: ["英伟达"]))
            try writer.write(Node(id: "h20-a", kind: "chip", name: "H20"))
            try writer.write(Node(id: "h20-b", kind: "chip", name: "h20"))
        }
        XCTAssertEqual(try store.resolveNode("tsmc").id, "tsmc")
        XCTAssertEqual(try store.resolveNode("台积电").id, "tsmc")
        XCTAssertEqual(try store.resolveNode("ＴＳＭＣ").id, "tsmc", "full-width Latin matches")
        XCTAssertEqual(try store.resolveNode("taiwan semiconductor").id, "tsmc")
        XCTAssertEqual(try store.resolveNode("NVIDIA").id, "nvidia")
        XCTAssertEqual(try store.resolveNode("英伟达").id, "nvidia")
        // Traditional and Simplified Chinese are one key, both ways.
        XCTAssertEqual(try store.resolveNode("台積電").id, "tsmc")
        XCTAssertEqual(try store.resolveNode("英偉達").id, "nvidia")
        try store.write { try $0.write(Node(id: "huawei", kind: "company", name: "Huawei", aliases: ["華為"])) }
        XCTAssertEqual(try store.resolveNode("华为").id, "huawei")
        XCTAssertEqual(try store.find("为").map(\.id), ["huawei"], "a part of the name, in the other script")
        XCTAssertThrowsError(try store.resolveNode("H20")) { error in
            XCTAssertEqual(error as? GraphStoreError, .ambiguousNode(reference: "H20", candidates: ["h20-a", "h20-b"]))
            XCTAssertTrue("\(error)".contains("h20-a, h20-b"))
        }
        XCTAssertThrowsError(try store.resolveNode("nvid")) { error in
            XCTAssertEqual(error as? GraphStoreError, .nodeNotFound(reference: "nvid", suggestions: ["nvidia"]))
        }
    }

    func testFindRanksExactMatchesFirst() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        try store.write { writer in
            try writer.write(Node(id: "h200", kind: "chip", name: "H200"))
            try writer.write(Node(id: "h20", kind: "chip", name: "H20", aliases: ["特供版"]))
            try writer.write(Node(id: "nvidia", kind: "company", name: "Nvidia", aliases: ["英伟达"]))
            try writer.write(Node(id: "x", kind: "fund", name: "100%_fund"))
        }
        XCTAssertEqual(try store.find("h20").map(\.id), ["h20", "h200"])
        XCTAssertEqual(try store.find("伟").map(\.id), ["nvidia"])
        XCTAssertEqual(try store.find("特供").map(\.id), ["h20"])
        XCTAssertEqual(try store.find("%_").map(\.id), ["x"], "LIKE wildcards in the query are literal")
        XCTAssertEqual(try store.find("zzz"), [])
        XCTAssertEqual(try store.find("h", limit: 1).count, 1)
    }

    func testRemovingNodesAndEdges() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        _ = try store.importFiles([try Fixture.folder(in: scratch)])
        let before = try store.dump()
        XCTAssertThrowsError(try store.removeNode("tsmc")) { error in
            XCTAssertEqual(error as? GraphStoreError, .nodeHasEdges(id: "tsmc", count: 1))
        }
        XCTAssertEqual(try store.dump(), before)
        XCTAssertEqual(try store.removeNode("台积电", cascade: true).edgesRemoved, 1)
        XCTAssertNil(try store.node(id: "tsmc"))
        XCTAssertEqual(try store.statistics().edges, 4)
        XCTAssertEqual(try store.connection.scalar("SELECT count(*) FROM aliases WHERE alias = '台积电'")?.int64, 0)
        let edge = try XCTUnwrap(try store.edges(of: "nvidia").outgoing.first)
        try store.removeEdge(id: edge.effectiveID)
        XCTAssertNil(try store.edge(id: edge.effectiveID))
        XCTAssertThrowsError(try store.removeEdge(id: "nope")) { error in
            XCTAssertEqual(error as? GraphStoreError, .edgeNotFound(id: "nope"))
        }
        XCTAssertEqual(try store.check(), [])
    }

    func testKindsCanBeAddedButNotRedefined() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        try store.write { try $0.define(EdgeKind(name: "Packages", flow: .with, description: "OSAT")) }
        XCTAssertEqual(try store.edgeKinds().first { $0.name == "packages" }?.flow, .with)
        try store.write { try $0.define(EdgeKind(name: "packages", flow: .with)) }  // same flow: no-op
        XCTAssertThrowsError(try store.write { try $0.define(EdgeKind(name: "packages", flow: .against)) })
        XCTAssertThrowsError(try store.write { try $0.define(EdgeKind(name: "orders", flow: .with)) })
    }

    func testStatisticsCountByKind() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        _ = try store.importFiles([try Fixture.folder(in: scratch)])
        let stats = try store.statistics()
        XCTAssertEqual(stats.nodes, 5)
        XCTAssertEqual(stats.edges, 5)
        XCTAssertEqual(stats.sources, 2)
        XCTAssertEqual(stats.nodesByKind, ["company": 1, "foundry": 1, "chip": 1, "csp": 1, "government": 1])
        XCTAssertEqual(stats.edgesByKind["orders"], 1)
        XCTAssertEqual(stats.citations, 2 + 6)
    }

    func testCheckReportsProblemsWrittenBehindTiergraphsBack() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        _ = try store.importFiles([try Fixture.folder(in: scratch)])
        XCTAssertEqual(try store.check(), [])
        let raw = try Connection(path: store.path)
        try raw.execute("PRAGMA foreign_keys = OFF")
        try raw.execute("""
            INSERT INTO edges(id, source, target, kind) VALUES ('ghost', 999, 1, 'supplies');
            INSERT INTO edges(id, source, target, kind) VALUES ('odd', 1, 2, 'teleports');
            INSERT INTO edges(id, source, target, kind, valid_from, valid_to) VALUES ('late', 1, 2, 'owns', '2025-06', '2024');
            """)
        let codes = Set(try store.check().map(\.code.rawValue))
        XCTAssertTrue(codes.isSuperset(of: ["foreign_key", "dangling_edge", "unknown_kind", "bad_period"]), "\(codes)")
        // A citation of a source that is gone, and a share whose ends are half missing.
        try raw.execute("""
            INSERT INTO edge_citations(edge, source, quote) SELECT eid, 999, 'q' FROM edges WHERE id = 'late';
            UPDATE edges SET share_low = 0.2, share_high = NULL WHERE id = 'late';
            """)
        let problems = try store.check()
        XCTAssertTrue(problems.contains { $0.code == .danglingCitation && $0.message == "a citation of edge late refers to missing source 999" },
                      "\(problems)")
        XCTAssertTrue(problems.contains { $0.code == .badShare && $0.message.hasPrefix("edge late has share 0.2") }, "\(problems)")
    }

    /// The kinds in use, read by stepping through the index, are the kinds the nodes have.
    func testNodeKindsAreTheKindsInUse() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        XCTAssertEqual(try store.nodeKinds(), [])
        _ = try store.importFiles([try Fixture.folder(in: scratch)])
        XCTAssertEqual(try store.nodeKinds(), try store.nodeCountsByKind().keys.sorted())
        XCTAssertGreaterThan(try store.nodeKinds().count, 2)
    }
}
