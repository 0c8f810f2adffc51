import XCTest
@testable import Tiergraph

final class ImportTests: XCTestCase {
    /// A folder is read recursively, through a symbolic link too, leaving out dot-files and
    /// what its `.tiergraphignore` lists.
    func testAFolderIsReadThroughALinkWithoutWhatItIgnores() throws {
        let scratch = try Scratch()
        _ = try scratch.write("real/nodes.csv", "id,kind\na,company\nb,company\n")
        _ = try scratch.write("real/deep/edges.csv", "source,target,kind\na,b,supplies\n")
        _ = try scratch.write("real/notes/ledger.csv", "this is not a graph\n")
        _ = try scratch.write("real/draft.csv", "id,kind\nc,company\n")
        _ = try scratch.write("real/.hidden.csv", "id,kind\nd,company\n")
        _ = try scratch.write("real/.tiergraphignore", "# notes beside the data\nnotes/\ndraft.csv\n")
        try FileManager.default.createSymbolicLink(atPath: scratch.path("link"), withDestinationPath: scratch.path("real"))
        XCTAssertEqual(try GraphStore.expand([scratch.path("link")]), [scratch.path("link/deep/edges.csv"), scratch.path("link/nodes.csv")])
        let store = try scratch.store()
        let report = try store.importFiles([scratch.path("link")])
        XCTAssertEqual([report.nodes, report.edges], [2, 1])
    }

    func testImportsAFolderWithEveryField() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let report = try store.importFiles([try Fixture.folder(in: scratch)])
        XCTAssertEqual(report.nodes, 5)
        XCTAssertEqual(report.edges, 5)
        XCTAssertEqual(report.sources, 2, "seed-0 and seed-1, named by citations only")
        let h200 = try XCTUnwrap(try store.node(id: "chip:h200"))
        XCTAssertEqual(h200.properties, ["hbm_gb": 141])
        XCTAssertEqual(h200.citations, [Citation(source: "seed-0", quote: "配备141GB HBM3e高带宽内存,显存带宽达4.8TB/s")])
        let nvidia = try store.resolveNode("英伟达")
        XCTAssertEqual(nvidia.aliases, ["NVDA", "英伟达"])
        let share = try XCTUnwrap(try store.edges(of: "nvidia").outgoing.first { $0.kind == "market_share" })
        XCTAssertEqual(share.share, try Share(low: 0.2, high: 0.25))
        XCTAssertEqual(share.period.to?.description, "2025-04")
        let order = try XCTUnwrap(try store.edges(of: "nvidia").incoming.first { $0.kind == "orders" })
        XCTAssertEqual(order.volume, try Volume(amount: 16e9, unit: "USD"))
        XCTAssertEqual(order.citations.map(\.source), ["seed-0", "seed-1"])
        XCTAssertEqual(try store.check(), [])
    }

    func testReimportingChangesNothing() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let folder = try Fixture.folder(in: scratch)
        _ = try store.importFiles([folder])
        let first = try store.dump(graphOnly: true)
        let logged = try store.imports().count
        XCTAssertEqual(try store.importFiles([folder]).sources, 0, "no source is new the second time")
        XCTAssertEqual(try store.dump(graphOnly: true), first)
        XCTAssertEqual(try store.imports().count, 2 * logged, "each import is logged, file by file")
        _ = try store.importFiles([folder + "/edges.csv"])
        XCTAssertEqual(try store.dump(graphOnly: true), first, "an edges-only re-import resolves nodes from the database")
    }

    func testUpsertReplacesFieldsMergesPropertiesAndAddsAliases() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        _ = try store.importFiles([try Fixture.folder(in: scratch)])
        let update = try scratch.write("update.csv", "id,kind,name,aliases,hbm_bandwidth_tbps\nchip:h200,chip,Nvidia H200,H200 SXM,4.8\n")
        _ = try store.importFiles([update])
        let h200 = try XCTUnwrap(try store.node(id: "chip:h200"))
        XCTAssertEqual(h200.name, "Nvidia H200")
        XCTAssertEqual(h200.aliases, ["H200 SXM"])
        XCTAssertEqual(h200.properties, ["hbm_gb": 141, "hbm_bandwidth_tbps": 4.8])
        XCTAssertEqual(h200.country, "US", "a missing country keeps the stored one")
    }

    /// Each bad input fails with file, line and column, and leaves the database exactly as it was.
    func testBadInputIsRejectedWithItsPositionAndLosesNothing() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        _ = try store.importFiles([try Fixture.folder(in: scratch)])
        let before = try store.dump()
        let nodesHeader = "id,kind,name\n"
        let edgesHeader = "source,target,kind,share,volume,valid_from\n"
        let cases: [(name: String, content: [UInt8], line: Int?, column: Int?, words: String)] = [
            ("dangling.csv", Array((edgesHeader + "nvidia,tsmc,supplies,,,\nnvidia,nobody,supplies,,,\n").utf8), 3, 2, "nobody"),
            ("dupnode.csv", Array((nodesHeader + "x,company,X\ny,company,Y\nx,company,X again\n").utf8), 4, 1, "duplicate node id 'x'"),
            ("dupedge.csv", Array("id,source,target,kind\ne1,nvidia,tsmc,supplies\ne1,tsmc,nvidia,supplies\n".utf8), 3, 1, "e1"),
            ("samekey.csv", Array((edgesHeader + "nvidia,tsmc,supplies,,,\nnvidia,tsmc,supplies,,,\n").utf8), 3, nil, "duplicate"),
            ("kind.csv", Array((edgesHeader + "nvidia,tsmc,teleports,,,\n").utf8), 2, 3, "unknown edge kind 'teleports'"),
            ("share.csv", Array((edgesHeader + "nvidia,tsmc,owns,120%,,\n").utf8), 2, 4, "outside 0…1"),
            ("share2.csv", Array((edgesHeader + "nvidia,tsmc,owns,about half,,\n").utf8), 2, 4, "share"),
            ("volume.csv", Array((edgesHeader + "nvidia,tsmc,orders,,lots,\n").utf8), 2, 5, "volume"),
            ("date.csv", Array((edgesHeader + "nvidia,tsmc,orders,,,2025-13\n").utf8), 2, 6, "month 13"),
            ("ragged.csv", Array((nodesHeader + "a,company,A\nb,company\n").utf8), 3, 3, "ragged row"),
            ("utf8.csv", Array(nodesHeader.utf8) + Array("a,company,".utf8) + [0xFF, 0xFE, 0x0A], 2, 3, "UTF-8"),
            ("quote.csv", Array((nodesHeader + "a,company,\"never closed\nb,company,B\n").utf8), 2, 3, "unterminated"),
            ("header.csv", Array("name,type\nx,y\n".utf8), 1, nil, "cannot tell"),
            ("empty.csv", [], 1, nil, "empty"),
        ]
        for bad in cases {
            let path = try scratch.write(bad.name, bytes: bad.content)
            XCTAssertThrowsError(try store.importFiles([path]), bad.name) { error in
                guard let error = error as? ImportError else { return XCTFail("\(bad.name): \(error)") }
                XCTAssertEqual(error.file, path, bad.name)
                if let line = bad.line { XCTAssertEqual(error.line, line, "\(bad.name): \(error)") }
                if let column = bad.column { XCTAssertEqual(error.column, column, "\(bad.name): \(error)") }
                XCTAssertTrue(error.description.contains(bad.words), "\(bad.name): \(error)")
            }
            XCTAssertEqual(try store.dump(), before, "\(bad.name) changed the database")
        }
    }

    /// Rows are read on a second thread in batches of 4,096: errors far into a file, on either
    /// thread, are still reported at their own line, the first in file order wins, and nothing is kept.
    func testErrorsPastTheFirstBatchesAreReportedInFileOrder() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let nodes = try scratch.write("nodes.csv", "id,kind\n" + (0..<100).map { "n\($0),company\n" }.joined())
        _ = try store.importFiles([nodes])
        let before = try store.dump()
        let good = (0..<20_000).map { "n\($0 % 100),n\(($0 / 100 + $0 + 1) % 100),supplies,\($0)\n" }
        func file(_ name: String, _ replace: [Int: String]) throws -> String {
            var rows = good
            for (index, row) in replace { rows[index] = row }
            return try scratch.write(name, "source,target,kind,id\n" + rows.joined())
        }
        let cases: [(file: String, line: Int, words: String)] = [
            (try file("late-ragged.csv", [12_345: "n1,n2\n"]), 12_347, "ragged row"),
            (try file("late-dangling.csv", [9_000: "n1,nobody,supplies,x\n"]), 9_002, "nobody"),
            (try file("writer-first.csv", [5_000: "n1,nobody,supplies,x\n", 15_000: "n1,n2\n"]), 5_002, "nobody"),
            (try file("reader-first.csv", [5_000: "n1,n2\n", 15_000: "n1,nobody,supplies,x\n"]), 5_002, "ragged row"),
        ]
        for bad in cases {
            XCTAssertThrowsError(try store.importFiles([bad.file])) { error in
                XCTAssertEqual((error as? ImportError)?.line, bad.line, "\(error)")
                XCTAssertTrue("\(error)".contains(bad.words), "\(error)")
            }
            XCTAssertEqual(try store.dump(), before, "\(bad.file) changed the database")
        }
        let report = try store.importFiles([try file("good.csv", [:])])
        XCTAssertEqual(report.edges, 20_000)
        XCTAssertEqual(try store.statistics().edges, 20_000)
    }

    func testAnErrorInALaterFileUndoesEarlierFiles() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let before = try store.dump()
        let nodes = try scratch.write("nodes.csv", "id,kind\na,company\nb,company\n")
        let edges = try scratch.write("edges.csv", "source,target,kind\na,b,supplies\nb,c,supplies\n")
        XCTAssertThrowsError(try store.importFiles([nodes, edges]))
        XCTAssertEqual(try store.dump(), before, "a bulk load that fails restores the indexes it dropped")
        _ = try store.importFiles([nodes])
        XCTAssertEqual(try store.statistics().nodes, 2)
    }

    func testDryRunValidatesWithoutWriting() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let before = try store.dump()
        var options = ImportOptions()
        options.dryRun = true
        let report = try store.importFiles([try Fixture.folder(in: scratch)], options: options)
        XCTAssertEqual(report.edges, 5)
        XCTAssertTrue(report.dryRun)
        XCTAssertEqual(try store.dump(), before)
    }

    func testColumnMappingForThirdPartyFiles() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let people = try scratch.write("entities.csv", "key,type,label\nacme,company,Acme\nwidget,product,Widget\n")
        let links = try scratch.write("links.csv", "from,to,relation,weight\nacme,widget,manufactures,3\n")
        var options = ImportOptions()
        options.columns = [.nodeID: "key", .nodeKind: "type", .nodeName: "label", .edgeSource: "from", .edgeTarget: "to", .edgeKind: "relation"]
        _ = try store.importFiles([links, people], options: options)  // nodes are read first whatever the order
        XCTAssertEqual(try store.node(id: "acme")?.kind, "company")
        XCTAssertEqual(try store.node(id: "widget")?.name, "Widget")
        let edge = try XCTUnwrap(try store.edges(of: "acme").outgoing.first)
        XCTAssertEqual(edge.kind, "manufactures")
        XCTAssertEqual(edge.properties, ["weight": 3])
    }

    func testKindsSourcesCitationsAndTSVFiles() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        try scratch.write("data/kinds.csv", "kind,flow,description\npackages,with,OSAT packaging\n")
        try scratch.write("data/sources.csv", "id,title,publisher,date,url\nseed-4,国产AI芯片,某网,2026-01,https://example.org/a\n")
        try scratch.write("data/nodes.tsv", "id\tkind\tname\njcet\tsupplier\tJCET\nhuawei\tcompany\tHuawei\n")
        try scratch.write("data/citations.csv", "node,source_ref,quote\nhuawei,seed-4,华为昇腾\n")
        // `pays` is new: the flow column defines it on its first row.
        try scratch.write("data/edges.csv", "source,target,kind,flow,source_ref\njcet,huawei,packages,,seed-4\nhuawei,jcet,pays,none,seed-4\n")
        let report = try store.importFiles([scratch.path("data")])
        XCTAssertEqual(report.kinds, 2)
        XCTAssertEqual(try store.edgeKinds().first { $0.name == "pays" }?.flow, Flow.none)
        XCTAssertEqual(try store.source(id: "seed-4"), Source(
            id: "seed-4", title: "国产AI芯片", publisher: "某网", date: try PartialDate(parsing: "2026-01"), url: "https://example.org/a"))
        XCTAssertEqual(try store.node(id: "huawei")?.citations, [Citation(source: "seed-4", quote: "华为昇腾")])
        XCTAssertEqual(try store.node(id: "jcet")?.kind, "supplier")
    }

    func testNodeLinkJSONFromNetworkx() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let json = """
            {"directed": true, "multigraph": true, "graph": {},
             "nodes": [{"id": 1, "kind": "foundry", "name": "SMIC", "aliases": ["中芯国际"], "capacity": 100},
                       {"id": "huawei", "kind": "company"}],
             "links": [{"source": 1, "target": "huawei", "kind": "supplies", "key": 0, "share": "40-60%",
                        "citations": [{"source": "seed-4", "quote": "中芯国际代工"}]},
                       {"source": 1, "target": "huawei", "kind": "supplies", "key": 1, "weight": 2.5}]}
            """
        let report = try store.importFiles([try scratch.write("g.json", json)])
        XCTAssertEqual(report.nodes, 2)
        XCTAssertEqual(report.edges, 2, "parallel multigraph edges stay apart")
        XCTAssertEqual(try store.resolveNode("中芯国际").properties, ["capacity": 100])
        let edges = try store.edges(of: "1").outgoing
        XCTAssertEqual(edges.count, 2)
        XCTAssertTrue(edges.contains { $0.share == (try? Share(low: 0.4, high: 0.6)) && $0.citations.first?.quote == "中芯国际代工" })
        XCTAssertTrue(edges.contains { $0.properties == ["weight": 2.5] })
        _ = try store.importFiles([scratch.path("g.json")])
        XCTAssertEqual(try store.statistics().edges, 2, "re-import is idempotent")

        let before = try store.dump()
        for (name, text, words) in [
            ("bad1.json", "{\"nodes\": [{\"id\": \"a\"}], \"links\": [{\"source\": \"a\", \"target\": \"zz\"}]}", "bad1.json:1:36: "),
            ("bad2.json", "{\"nodes\": [{\"kind\": \"x\"}]}", "bad2.json:1:12: "),
            ("bad3.json", "{\"nodes\": [", "not valid JSON"),
            ("bad4.json", "[1, 2]", "node-link"),
            ("bad5.json", "{\"nodes\": [{\"id\": \"a\"}], \"links\": [{\"source\": \"a\", \"target\": \"a\", \"share\": 2}]}", "outside"),
        ] {
            XCTAssertThrowsError(try store.importFiles([try scratch.write(name, text)])) { error in
                XCTAssertTrue("\(error)".contains(words), "\(name): \(error)")
                XCTAssertTrue("\(error)".contains(name), "\(name): \(error)")
            }
            XCTAssertEqual(try store.dump(), before, name)
        }
    }

    func testGeneratedGraphImportsAndChecksClean() throws {
        let scratch = try Scratch()
        let generator = SupplyChainGenerator(nodes: 2_000, seed: 7)
        try generator.write(to: scratch.url.path)
        let first = try Data(contentsOf: scratch.url.appendingPathComponent("edges.csv"))
        try generator.write(to: scratch.url.path)
        XCTAssertEqual(try Data(contentsOf: scratch.url.appendingPathComponent("edges.csv")), first, "same seed, same bytes")
        let store = try scratch.store()
        let report = try store.importFiles([scratch.path("nodes.csv"), scratch.path("edges.csv")])
        XCTAssertEqual(report.nodes, 2_000)
        XCTAssertEqual(report.edges, 10_000)
        XCTAssertEqual(try store.statistics().edges, 10_000)
        XCTAssertEqual(try store.check(), [])
        // The bulk path rebuilt the indexes it dropped.
        XCTAssertEqual(try store.connection.scalar(
            "SELECT count(*) FROM sqlite_schema WHERE name IN ('edges_by_id', 'edges_out', 'edges_in')")?.int64, 3)
    }
}
