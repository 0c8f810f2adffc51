import Foundation
import XCTest
@testable import Tiergraph

/// An export of the whole graph, imported into a new database, gives the same database: every
/// table, row for row, for CSV, node-link JSON and GraphML.
final class RestoreTests: XCTestCase {
    /// The rich store of the export tests, plus what a restore used to lose: edge kinds of the
    /// user's own (one that no edge uses), sources that nothing cites, and list and object
    /// properties, bounded volumes and claims on a new node.
    static func restoreStore(_ scratch: Scratch) throws -> GraphStore {
        let store = try ExportTests.richStore(scratch)
        try store.write { writer in
            try writer.define(EdgeKind(name: "routes_via", flow: .with, description: "the chip (source) travels through the hub (target), \"re-exported\""))
            try writer.define(EdgeKind(name: "audits", flow: .gate, description: "the auditor (source) must sign off the target"))
            try writer.define(EdgeKind(name: "buys_from", flow: .against, description: ""))
            try writer.define(EdgeKind(name: "unused_kind", flow: .none, description: "defined, never used"))
            try writer.write(Source(id: "uncited", title: "A report nothing cites", publisher: "BIS", date: try PartialDate(parsing: "2025-01-15"),
                                    url: "https://example.org/r?a=1,b=2"))
            try writer.write(Source(id: "bare"))
            try writer.write(Node(id: "hub:hk", kind: "market", name: "Hong Kong hub", aliases: ["香港"], country: "HK",
                                  properties: ["tags": ["a", "b"], "nested": ["x": 1, "y": [true, "z"]], "ratio": 0.25],
                                  claims: [PropertyClaim(key: "throughput", value: "1-2万颗", unit: "颗", claimant: "海关",
                                                         modality: .estimate, citation: Citation(source: "seed-2", quote: "约1至2万颗"))]))
            try writer.write(Edge(source: "chip:h200", target: "hub:hk", kind: "routes_via", share: try Share(parsing: "约30%"),
                                  volume: try Volume(parsing: "1万至2万颗"), period: try Period(from: PartialDate(parsing: "2025-12"), to: PartialDate(parsing: "2026")),
                                  properties: ["lanes": [1, 2.5]], citations: [Citation(source: "seed-2", quote: "经香港转运")]))
            try writer.write(Edge(source: "hub:hk", target: "bytedance", kind: "routes_via", input: "H200"))
            try writer.write(Edge(source: "usgov", target: "hub:hk", kind: "audits", status: "pending"))
            try writer.write(Edge(source: "bytedance", target: "hub:hk", kind: "buys_from", share: try Share(low: 0, high: 1)))
        }
        return store
    }

    /// Every table but the derived supply index (and its pending rows), the import log and the history (which record how
    /// a file came to be, not the graph: a restore is an import of its own), as sorted rows of text. Integer keys are left
    /// out and references through them are replaced by the text id they stand for, so two
    /// databases compare equal when they hold the same graph, whatever order it was written in.
    /// Fails on a table it does not know, so a new table cannot slip past the restore tests.
    static func tables(_ store: GraphStore) throws -> [String: [String]] {
        let names = try store.connection.query(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name") { $0.string(0) ?? "" }
        XCTAssertEqual(Set(names), ["edge_kinds", "nodes", "aliases", "sources", "edges", "node_citations", "edge_citations", "node_claims", "supply_index", "supply_index_pending", "imports", "import_edges", "history"],
                       "a table was added: compare it here, or say why a restore need not carry it")
        var tables: [String: [String]] = [:]
        for table in names where !["supply_index", "supply_index_pending", "imports", "import_edges", "history"].contains(table) {
            let columns = try store.connection.query("SELECT name, type, pk FROM pragma_table_info(?)", [.text(table)]) {
                (name: $0.string(0) ?? "", type: $0.string(1) ?? "", key: $0.int64(2) == 1)
            }
            let references = Dictionary(uniqueKeysWithValues: try store.connection.query(
                "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?)", [.text(table)]) { ($0.string(0) ?? "", ($0.string(1) ?? "", $0.string(2) ?? "")) })
            let expressions: [String] = columns.compactMap { column in
                if column.key && column.type == "INTEGER" { return nil }  // the row's own integer key
                if let (target, key) = references[column.name], ["nid", "eid", "sid"].contains(key) {
                    return "(SELECT id FROM \(target) WHERE \(key) = t.\(column.name))"
                }
                return "t.\(column.name)"
            }
            tables[table] = try store.connection.query("SELECT \(expressions.joined(separator: ", ")) FROM \(table) t") { row in
                zip(columns.filter { !($0.key && $0.type == "INTEGER") }, 0..<Int32(row.count)).map { "\($0.name)=\(row.value($1))" }.joined(separator: "|")
            }.sorted()
        }
        return tables
    }

    private func assertRestores(_ store: GraphStore, from files: [String], in scratch: Scratch, _ format: String,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let copy = try scratch.store("restored-\(format).db")
        _ = try copy.importFiles(files)
        let (original, restored) = (try Self.tables(store), try Self.tables(copy))
        XCTAssertEqual(Set(restored.keys), Set(original.keys), file: file, line: line)
        for (table, rows) in original.sorted(by: { $0.key < $1.key }) {
            let copied = restored[table] ?? []
            XCTAssertEqual(copied.count, rows.count, "\(format): rows of \(table)", file: file, line: line)
            for row in Set(rows).symmetricDifference(copied) {
                XCTFail("\(format): \(table) \(rows.contains(row) ? "lost" : "gained") \(row)", file: file, line: line)
            }
        }
        XCTAssertTrue(try copy.check().isEmpty, "\(format): the restored file passes check", file: file, line: line)
        // The order edges were stored in breaks ties between parallel edges: a restore keeps it.
        let storedOrder = "SELECT id FROM edges ORDER BY eid"
        XCTAssertEqual(try copy.connection.query(storedOrder) { $0.string(0) ?? "" }, try store.connection.query(storedOrder) { $0.string(0) ?? "" },
                       "\(format): the edges in the order they were stored", file: file, line: line)
    }

    func testCSVExportRestoresEveryTable() throws {
        let scratch = try Scratch()
        let store = try Self.restoreStore(scratch)
        try FileManager.default.createDirectory(atPath: scratch.path("csv"), withIntermediateDirectories: true)
        _ = try CSVExporter.stream(store, filter: QueryFilter(), to: scratch.path("csv"))
        let sources = try String(contentsOfFile: scratch.path("csv/sources.csv"), encoding: .utf8)
        XCTAssertTrue(sources.contains("\nuncited,A report nothing cites,BIS,2025-01-15,\"https://example.org/r?a=1,b=2\"\n"), sources)
        XCTAssertTrue(sources.contains("\nbare,,,,\n"), sources)
        try assertRestores(store, from: [scratch.path("csv")], in: scratch, "csv")
    }

    func testNodeLinkJSONRestoresEveryTable() throws {
        let scratch = try Scratch()
        let store = try Self.restoreStore(scratch)
        let (selection, catalogue) = try store.wholeGraph()
        let path = try scratch.write("graph.json", NodeLinkExporter.document(selection, catalogue: catalogue).serialized(pretty: true))
        try assertRestores(store, from: [path], in: scratch, "json")
    }

    func testGraphMLRestoresEveryTable() throws {
        let scratch = try Scratch()
        let store = try Self.restoreStore(scratch)
        let (selection, catalogue) = try store.wholeGraph()
        let path = try scratch.write("graph.graphml", GraphMLExporter.document(selection, catalogue: catalogue))
        try assertRestores(store, from: [path], in: scratch, "graphml")
    }

    /// The DOT data export carries each edge's flow, so kinds of the user's own come back with
    /// their flows (DOT has no place for descriptions or uncited sources: those stay behind).
    func testDOTDataExportRestoresNodesEdgesAndFlows() throws {
        let scratch = try Scratch()
        let store = try Self.restoreStore(scratch)
        let flows = Dictionary(uniqueKeysWithValues: try store.edgeKinds().map { ($0.name, $0.flow) })
        let path = try scratch.write("graph.dot", DOTWriter(purpose: .data).write(try store.select(.all), flows: flows))
        let copy = try scratch.store("restored-dot.db")
        _ = try copy.importFiles([path])
        let (original, restored) = (try Self.tables(store), try Self.tables(copy))
        for table in ["nodes", "aliases", "edges", "node_citations", "edge_citations", "node_claims"] {
            XCTAssertEqual(restored[table], original[table], table)
        }
        let kinds = Dictionary(uniqueKeysWithValues: try copy.edgeKinds().map { ($0.name, $0.flow) })
        XCTAssertEqual(kinds["routes_via"], .with)
        XCTAssertEqual(kinds["audits"], .gate)
        XCTAssertEqual(kinds["buys_from"], .against)
    }

    /// A selection carries what it selects: its nodes and edges, the kinds they use and the
    /// sources they cite, and imports on its own.
    func testASelectionExportCarriesTheKindsAndSourcesItUses() throws {
        let scratch = try Scratch()
        let store = try Self.restoreStore(scratch)
        let selection = try store.select(.around("hub:hk", hops: 1), filter: QueryFilter(edgeKinds: ["routes_via", "audits"]))
        XCTAssertFalse(selection.isWholeGraph)
        let catalogue = try store.catalogue(of: selection)
        XCTAssertEqual(catalogue.kinds.map(\.name), ["audits", "routes_via"])
        XCTAssertEqual(catalogue.sources.map(\.id), ["seed-0", "seed-2"], "the neighbours cite seed-0")
        let whole = try store.wholeGraph().catalogue
        XCTAssertEqual(whole.kinds.count, EdgeKind.builtIns.count + 4)
        XCTAssertEqual(whole.sources.map(\.id), ["bare", "seed-0", "seed-1", "seed-2", "uncited"])
        let path = try scratch.write("part.json", NodeLinkExporter.document(selection, catalogue: catalogue).serialized())
        let copy = try scratch.store("part.db")
        let report = try copy.importFiles([path])
        XCTAssertEqual(report.kinds, 2, "only the kinds that are new count")
        XCTAssertEqual(try copy.edgeKinds().first { $0.name == "routes_via" }?.description, "the chip (source) travels through the hub (target), \"re-exported\"")
    }

    func testBothEdgeListsMustAgree() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let path = try scratch.write("two.json", """
            {"nodes": [{"id": "a"}, {"id": "b"}], "links": [{"source": "a", "target": "b"}], "edges": [{"source": "b", "target": "a"}]}
            """)
        XCTAssertThrowsError(try store.importFiles([path])) { error in
            XCTAssertTrue("\(error)".contains("two.json") && "\(error)".contains("keep one of them"), "\(error)")
        }
        let bad = try scratch.write("kinds.json", """
            {"graph": {"edge_kinds": [{"name": "x", "flow": "sideways"}]}, "nodes": [{"id": "a"}], "links": []}
            """)
        XCTAssertThrowsError(try store.importFiles([bad])) { error in
            XCTAssertTrue("\(error)".contains("graph.edge_kinds[0]") && "\(error)".contains("sideways"), "\(error)")
        }
        XCTAssertEqual(try store.nodeCount(), 0, "nothing was written")
    }
}
