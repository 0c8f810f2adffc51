import Foundation
import XCTest
@testable import Tiergraph

/// Export → import gives the same graph, for every format that can carry it.
final class ExportTests: XCTestCase {
    /// Every node and edge with all their facts, sorted: equal exactly when the graphs are.
    private func content(_ store: GraphStore) throws -> ([Node], [Edge], [Source]) {
        let selection = try store.select(.all)
        let sources = try store.connection.query("SELECT id FROM sources ORDER BY id") { $0.string(0) ?? "" }
        return (selection.nodes, selection.edges, try sources.compactMap { try store.source(id: $0) })
    }

    private func assertSame<T: Equatable>(_ a: [T], _ b: [T], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (x, y) in zip(a, b) where x != y { XCTFail("\(x)\n!=\n\(y)", file: file, line: line) }
    }

    static func richStore(_ scratch: Scratch) throws -> GraphStore {
        let store = try scratch.store()
        _ = try store.importFiles([try Fixture.folder(in: scratch)])
        try store.write { writer in
            try writer.write(Source(id: "seed-0", title: "标题, with \"quotes\"", publisher: "某网", date: try PartialDate(parsing: "2025-12"), url: "file:seed-0"))
            try writer.write(Node(id: "odd,id \"x\"", kind: "fund", name: " spaced ", aliases: ["a", "b"],
                                  properties: ["code": "007", "flag": true, "ratio": 0.5, "count": 3, "note": "line\nbreak"],
                                  citations: [Citation(source: "seed-0", quote: "引文, \"quoted\""), Citation(source: "seed-1")],
                                  claims: [
                                      PropertyClaim(key: "shipments", value: "超过2.5万", unit: "颗", asOf: try PartialDate(parsing: "2025"),
                                                    claimant: "TrendForce", modality: .estimate, citation: Citation(source: "seed-0", quote: "超过2.5万颗")),
                                      PropertyClaim(key: "shipments", value: "3万", unit: "颗", citation: Citation(source: "seed-2")),
                                      PropertyClaim(key: "released", value: "2023-11", citation: Citation(source: "seed-1", quote: "2023年11月")),
                                  ]))
            try writer.write(Edge(source: "odd,id \"x\"", target: "nvidia", kind: "owns", share: try Share(low: 0.4, high: 0.6),
                                  period: try Period(from: PartialDate(parsing: "2024-02-29")), properties: ["board_seats": 2],
                                  citations: [Citation(source: "seed-1", quote: "q1"), Citation(source: "seed-0", quote: "q0")]))
            // An input, and a gate: every format must carry both back.
            try writer.write(Edge(source: "tsmc", target: "nvidia", kind: "supplies", input: "foundry services, \"4N\"",
                                  citations: [Citation(source: "seed-0")]))
            try writer.write(Edge(source: "usgov", target: "bytedance", kind: "licenses", input: "H200", citations: [Citation(source: "seed-0")]))
            // Claims: bounds with their wording, and every qualifier.
            try writer.write(Edge(
                source: "nvidia", target: "bytedance", kind: "market_share", share: try Share(parsing: "超过95%"),
                asOf: try PartialDate(parsing: "2022"), status: "ended", modality: .reported, claimant: "黄仁勋, \"CEO\"",
                shareOf: .market, citations: [Citation(source: "seed-0", quote: "曾一度垄断中国超过95%的市场份额")]))
            try writer.write(Edge(
                source: "bytedance", target: "nvidia", kind: "orders", share: try Share(parsing: ">=20% <25%"),
                volume: try Volume(parsing: "超过2.5万颗"), status: "placed", modality: .forecast, shareOf: .sellerOrders,
                citations: [Citation(source: "seed-1")]))
            try writer.write(Edge(
                source: "usgov", target: "bytedance", kind: "licenses", input: "H200", asOf: try PartialDate(parsing: "2026-01-15"),
                status: "pending", modality: .rumour, citations: [Citation(source: "seed-1", quote: "有消息称")]))
            try writer.write(Edge(
                source: "tsmc", target: "bytedance", kind: "market_share", share: try Share(parsing: "个位数"),
                volume: try Volume(parsing: "~150亿至200亿美元"), modality: .estimate, claimant: "TrendForce", shareOf: .productSales,
                citations: [Citation(source: "seed-0")]))
        }
        return store
    }

    func testNodeLinkJSONRoundTrip() throws {
        let scratch = try Scratch()
        let store = try Self.richStore(scratch)
        let json = NodeLinkExporter.document(try store.wholeGraph().selection, catalogue: try store.wholeGraph().catalogue).serialized(pretty: true)
        let copy = try scratch.store("copy.db")
        _ = try copy.importFiles([try scratch.write("export.json", json)])
        let (nodes, edges, _) = try content(store)
        let (copiedNodes, copiedEdges, _) = try content(copy)
        assertSame(copiedNodes, nodes)
        assertSame(copiedEdges, edges)
        XCTAssertEqual(NodeLinkExporter.document(try copy.wholeGraph().selection, catalogue: try copy.wholeGraph().catalogue).serialized(pretty: true), json, "byte for byte")
    }

    func testDOTRoundTripThroughGraphvizsParser() throws {
        let scratch = try Scratch()
        let store = try Self.richStore(scratch)
        try store.write { writer in
            for id in RenderTests.evilIDs { try writer.write(Node(id: id, kind: "company", name: "n " + id)) }
            try writer.write(Edge(source: RenderTests.evilIDs[0], target: RenderTests.evilIDs[2], kind: "orders", share: try Share(0.3)))
        }
        var flows: [String: Flow] = [:]
        for kind in try store.edgeKinds() { flows[kind.name] = kind.flow }
        let dot = DOTWriter(clustering: .kind).write(try store.select(.all), flows: flows)
        let copy = try scratch.store("copy.db")
        _ = try copy.importFiles([try scratch.write("export.dot", dot)])
        let (nodes, edges, _) = try content(store)
        let (copiedNodes, copiedEdges, _) = try content(copy)
        assertSame(copiedNodes, nodes)
        assertSame(copiedEdges, edges)
    }

    func testGraphMLRoundTripAndNetworkxGraphML() throws {
        let scratch = try Scratch()
        let store = try Self.richStore(scratch)
        let copy = try scratch.store("copy.db")
        _ = try copy.importFiles([try scratch.write("export.graphml", GraphMLExporter.document(try store.wholeGraph().selection, catalogue: try store.wholeGraph().catalogue))])
        let (nodes, edges, _) = try content(store)
        let (copiedNodes, copiedEdges, _) = try content(copy)
        assertSame(copiedNodes, nodes)
        assertSame(copiedEdges, edges)

        let written = scratch.path("nx.graphml")
        _ = try Python.run("""
            import sys, networkx as nx
            g = nx.DiGraph()
            g.add_node("smic", label="SMIC 中芯国际", kind="foundry", capacity=7)
            g.add_node("huawei", kind="company")
            g.add_edge("smic", "huawei", kind="supplies", weight=2.5)
            nx.write_graphml(g, sys.argv[1])
            """, [written])
        let foreign = try scratch.store("foreign.db")
        _ = try foreign.importFiles([written])
        XCTAssertEqual(try foreign.node(id: "smic")?.name, "SMIC 中芯国际")
        XCTAssertEqual(try foreign.node(id: "smic")?.properties, ["capacity": 7])
        XCTAssertEqual(try foreign.edges(of: "smic").outgoing.first?.properties, ["weight": 2.5])
        let before = try foreign.dump()
        XCTAssertThrowsError(try foreign.importFiles([try scratch.write("bad.graphml", "<graphml><graph><node id=\"a\"></graph>")])) { error in
            XCTAssertTrue("\(error)".contains("bad.graphml"), "\(error)")
        }
        XCTAssertEqual(try foreign.dump(), before)
    }

    func testForeignDOTImports() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let path = try scratch.write("drawn.gv", """
            digraph supply {
              node [shape=box];
              tsmc [label="TSMC\\n台积电", kind=foundry];
              apple [label="Apple"];
              tsmc -> apple [kind=supplies, share="25%"];
              apple -> tsmc [dir=back, label="orders"];
              subgraph cluster_legend { "legend:x" -> "legend:y" }
            }
            """)
        let report = try store.importFiles([path])
        XCTAssertEqual(report.nodes, 2, "the legend is not data")
        XCTAssertEqual(try store.node(id: "tsmc")?.name, "TSMC 台积电")
        XCTAssertEqual(try store.node(id: "tsmc")?.kind, "foundry")
        XCTAssertEqual(try store.node(id: "apple")?.kind, "entity")
        let out = try store.edges(of: "tsmc").outgoing
        XCTAssertEqual(out.map(\.kind).sorted(), ["link", "supplies"], "dir=back stores head → tail")
        XCTAssertEqual(out.first { $0.kind == "supplies" }?.share, try Share(0.25))
        let before = try store.dump()
        XCTAssertThrowsError(try store.importFiles([try scratch.write("bad.dot", "digraph { a -> }")])) { error in
            XCTAssertTrue("\(error)".contains("bad.dot"), "\(error)")
        }
        XCTAssertEqual(try store.dump(), before)
    }

    func testCSVRoundTrip() throws {
        let scratch = try Scratch()
        let store = try Self.richStore(scratch)
        let (nodes, edges, sources) = try content(store)
        for file in CSVExporter.files(try store.wholeGraph().selection, catalogue: try store.wholeGraph().catalogue) {
            try scratch.write("csv/" + file.name, file.content)
        }
        let copy = try scratch.store("copy.db")
        _ = try copy.importFiles([scratch.path("csv")])
        let (copiedNodes, copiedEdges, copiedSources) = try content(copy)
        assertSame(copiedNodes, nodes)
        assertSame(copiedEdges, edges)
        XCTAssertEqual(copiedSources, sources)
    }

    func testNetworkxReadsGraphMLWithTypedAttributes() throws {
        let scratch = try Scratch()
        let store = try Self.richStore(scratch)
        let path = try scratch.write("export.graphml", GraphMLExporter.document(try store.wholeGraph().selection, catalogue: try store.wholeGraph().catalogue))
        let text = try Python.run("""
            import sys, networkx as nx
            g = nx.read_graphml(sys.argv[1])
            odd = g.nodes['odd,id "x"']
            owns = [d for _, _, d in g.edges(data=True) if d['kind'] == 'owns'][0]
            print(g.number_of_nodes(), g.number_of_edges(), g.nodes['chip:h200']['hbm_gb'], odd['code'], odd['flag'], odd['count'],
                  owns['share_low'], owns['share_high'], owns['board_seats'], odd['note'] == 'line\\nbreak', g.nodes['nvidia']['aliases'])
            pending = [d for _, _, d in g.edges(data=True) if d.get('status') == 'pending'][0]
            print(pending['as_of'], pending['modality'], [d['share_text'] for _, _, d in g.edges(data=True) if d.get('status') == 'ended'][0])
            """, [path])
        XCTAssertEqual(text, "6 12 141 007 True 3 0.4 0.6 2 True NVDA;英伟达\n2026-01-15 rumour 超过95%")
    }

    func testCypherLoadsIntoKuzuAndAnswersAPath() throws {
        let scratch = try Scratch()
        let store = try Self.richStore(scratch)
        let path = try scratch.write("export.cypher", CypherExporter.script(try store.select(.all), dialect: .kuzu))
        let text = try Python.run("""
            import sys, tempfile, os, kuzu
            db = kuzu.Database(os.path.join(tempfile.mkdtemp(), "k"))
            c = kuzu.Connection(db)
            for line in open(sys.argv[1], encoding="utf-8"):
                if line.strip() and not line.startswith("//"):
                    c.execute(line)
            one = lambda q: c.execute(q).get_next()
            print(one("MATCH (n:Node) RETURN count(*)")[0], one("MATCH ()-[e:Edge]->() RETURN count(*)")[0],
                  one("MATCH p=(a:Node {id:'tsmc'})-[:Edge*1..3]->(b:Node {id:'chip:h200'}) RETURN min(length(p))")[0],
                  one("MATCH (n:Node) WHERE n.name = 'spaced' RETURN n.id")[0],
                  one("MATCH ()-[e:Edge {kind:'owns'}]->() RETURN e.share_low")[0],
                  one("MATCH ()-[e:Edge {status:'ended'}]->() RETURN e.share_text, e.claimant, e.share_of"))
            """, [path])
        XCTAssertEqual(text, "6 12 1 odd,id \"x\" 0.4 ['超过95%', '黄仁勋, \"CEO\"', 'market']")
    }

    func testNeo4jAdminImportFilesHaveTypedHeaders() throws {
        let scratch = try Scratch()
        let store = try Self.richStore(scratch)
        let files = Dictionary(uniqueKeysWithValues: CSVExporter.neo4jFiles(try store.select(.all)).map { ($0.name, $0.content) })
        let nodes = try XCTUnwrap(files["nodes.csv"]).split(separator: "\n")
        XCTAssertEqual(nodes.first, "id:ID,kind,name,aliases:string[],country,citations,claims,:LABEL,code,count:long,flag:boolean,hbm_gb:long,note,ratio:double",
                       "each property a typed column of its own")
        XCTAssertTrue(nodes.contains { $0.hasPrefix("nvidia,company,Nvidia,NVDA;英伟达,US,") && $0.hasSuffix(",Node;Company,,,,,,") })
        XCTAssertTrue(nodes.contains { $0.hasPrefix("chip:h200,chip,H200,,US,") && $0.hasSuffix(",Node;Chip,,,,141,,") })
        let relationships = try XCTUnwrap(files["relationships.csv"]).split(separator: "\n")
        XCTAssertTrue(relationships.first?.hasPrefix(":START_ID,:END_ID,:TYPE,id,kind,input,share:double") == true)
        XCTAssertTrue(relationships.contains { $0.hasPrefix("\"odd,id \"\"x\"\"\",nvidia,OWNS,") && $0.contains(",0.5,0.4,0.6,") })
        XCTAssertTrue(relationships.first?.hasSuffix(",share_text,volume:double,volume_low:double,volume_high:double,volume_text,unit,valid_from,valid_to,as_of,status,modality,claimant,share_of,citations,board_seats:long") == true)
        XCTAssertTrue(relationships.contains { $0.contains(",超过95%,") && $0.contains(",2022,ended,reported,\"黄仁勋, \"\"CEO\"\"\",market,") })
        XCTAssertEqual(relationships.count, 1 + 12)
    }

    func testNeo4jCypherMergesByIdWithKindLabelsAndTypes() throws {
        let scratch = try Scratch()
        let store = try Self.richStore(scratch)
        let script = CypherExporter.script(try store.select(.all), dialect: .neo4j)
        XCTAssertTrue(script.contains("CREATE CONSTRAINT tiergraph_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;"))
        XCTAssertTrue(script.contains("MERGE (n:Node {id: 'odd,id \"x\"'}) SET n += {kind: 'fund'"))
        XCTAssertTrue(script.contains("n:`Fund`;"))
        XCTAssertTrue(script.contains("-[r:`OWNS` {id: "))
        XCTAssertEqual(CypherExporter.literal("it's a \\ and\nline"), "'it\\'s a \\\\ and\\nline'")
        XCTAssertTrue(script.contains("status: 'pending', modality: 'rumour'"))
        XCTAssertEqual(script.split(separator: "\n").count, 1 + 1 + 6 + 12, "one statement per line")
    }

    func testStreamedExportsEqualTheInMemoryOnes() throws {
        let scratch = try Scratch()
        let store = try Self.richStore(scratch)
        // The whole graph carries every kind and source; a filtered one what it uses and cites.
        for (name, filter) in [("whole", QueryFilter()), ("owns", QueryFilter(edgeKinds: ["owns"]))] {
            try FileManager.default.createDirectory(atPath: scratch.path(name), withIntermediateDirectories: true)
            let counts = try CSVExporter.stream(store, filter: filter, to: scratch.path(name))
            XCTAssertEqual(counts.nodes, 6)
            let selection = try store.select(.all, filter: filter, storedOrder: true)
            XCTAssertEqual(selection.isWholeGraph, name == "whole")
            for file in CSVExporter.files(selection, catalogue: try store.catalogue(of: selection)) {
                XCTAssertEqual(try String(contentsOfFile: scratch.path(name + "/" + file.name), encoding: .utf8), file.content, file.name)
            }
        }
        XCTAssertEqual(try String(contentsOfFile: scratch.path("owns/kinds.csv"), encoding: .utf8),
                       "kind,flow,description,builtin\nowns,none,the owner (source) holds equity in the target; share = stake,true\n")
        let flows = Dictionary(uniqueKeysWithValues: try store.edgeKinds().map { ($0.name, $0.flow) })
        let styles = try store.styleSheet()
        for clustering in [nil, DOTWriter.Clustering.kind, .country] {
            for purpose in [DOTWriter.Purpose.diagram, .data] {
                var streamed = ""
                try DOTWriter(clustering: clustering, purpose: purpose, styles: styles).stream(
                    title: GraphSelection.wholeGraphTitle, flows: flows,
                    nodes: { emit in try store.forEachNode(groupedBy: clustering?.rawValue, emit) },
                    edges: { emit in try store.forEachEdge(emit) }, to: { streamed += $0 })
                XCTAssertEqual(streamed, DOTWriter(clustering: clustering, purpose: purpose, styles: styles).write(try store.select(.all), flows: flows))
            }
        }
    }

    func testNetworkxReadsTheJSON() throws {
        let scratch = try Scratch()
        let store = try Self.richStore(scratch)
        let path = try scratch.write("export.json", NodeLinkExporter.document(try store.wholeGraph().selection, catalogue: try store.wholeGraph().catalogue).serialized())
        let text = try Python.run("""
            import json, sys, networkx as nx
            g = nx.node_link_graph(json.load(open(sys.argv[1])))
            print(g.number_of_nodes(), g.number_of_edges(), g.is_directed(), g.is_multigraph(), g.nodes['chip:h200']['hbm_gb'])
            """, [path])
        XCTAssertEqual(text, "6 12 True True 141")
    }
}
