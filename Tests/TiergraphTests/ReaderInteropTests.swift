import Foundation
import XCTest
@testable import Tiergraph

/// Each export read by the real third-party reader with its defaults: networkx 2.x, 3.3 and the
/// current 3.x for node-link JSON, pydot and pygraphviz for DOT, networkx for GraphML's labels
/// (what Gephi and yEd show), and the Cypher export's typed properties.
final class ReaderInteropTests: XCTestCase {
    /// networkx 2.x to 3.5 read `links` by default, 3.6 and later `edges`: the export carries both,
    /// every version reads it with `node_link_graph(data)`, and what each version writes back
    /// with its own defaults (`links` or `edges`) imports into the same graph.
    func testEveryNetworkxReadsTheNodeLinkJSONWithItsDefaults() throws {
        let scratch = try Scratch()
        let store = try RestoreTests.restoreStore(scratch)
        let (selection, catalogue) = try store.wholeGraph()
        let path = try scratch.write("graph.json", NodeLinkExporter.document(selection, catalogue: catalogue).serialized())
        let pairs = Dictionary(grouping: selection.edges) { [$0.source, $0.target] }
        let parallel = pairs.values.filter { $0.count > 1 }.map(\.count).reduce(0, +)
        XCTAssertGreaterThan(parallel, 0)
        var versions: [String] = []
        for (index, importPath) in [nil, Python.networkx("2.8.8"), Python.networkx("3.3")].enumerated() {
            let back = scratch.path("back-\(index).json")
            let text = try Python.run("""
                import json, sys, warnings
                import networkx as nx
                with warnings.catch_warnings():
                    warnings.simplefilter("error")  # no warning either (3.4 and 3.5, not run here, warn on any call with the default)
                    g = nx.node_link_graph(json.load(open(sys.argv[1], encoding="utf-8")))
                kinds = {k["name"]: k["flow"] for k in g.graph["edge_kinds"]}
                parallel = sum(1 for a, b in g.edges() if g.number_of_edges(a, b) > 1)  # edges beside another
                print(nx.__version__, g.number_of_nodes(), g.number_of_edges(), g.is_directed(), g.is_multigraph(),
                      g.nodes["chip:h200"]["hbm_gb"], kinds["routes_via"], len(g.graph["sources"]), parallel)
                data = nx.node_link_data(g)
                print(" ".join(sorted(k for k in data if k in ("links", "edges"))))
                json.dump(data, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
                """, [path, back], importPath: importPath)
            let lines = text.split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.count, 2, text)
            let words = lines[0].split(separator: " ").map(String.init)
            versions.append(words[0])
            XCTAssertEqual(Array(words.dropFirst()), ["\(selection.nodes.count)", "\(selection.edges.count)", "True", "True", "141", "with",
                                                      "\(catalogue.sources.count)", "\(parallel)"], "networkx \(words[0])")
            XCTAssertEqual(lines[1], words[0].hasPrefix("2.") || words[0] == "3.3" ? "links" : "edges", "networkx \(words[0]) writes")
            let copy = try scratch.store("back-\(index).db")
            _ = try copy.importFiles([back])
            XCTAssertEqual(try RestoreTests.tables(copy), try RestoreTests.tables(store), "networkx \(words[0]): written back, imported")
        }
        XCTAssertEqual(versions.map { $0.prefix(2) }, ["3.", "2.", "3."], "the current networkx, 2.x and 3.3 (scripts/setup.sh installs them)")
        XCTAssertEqual(Array(versions.dropFirst()), ["2.8.8", "3.3"])
        XCTAssertGreaterThanOrEqual(versions[0].split(separator: ".").dropFirst().first.flatMap { Int($0) } ?? 0, 6, "the current one reads edges")
    }

    /// pydot (`nx.nx_pydot.read_dot`) and pygraphviz (`nx.nx_agraph.read_dot`) read the DOT data
    /// export: every node and edge, no legend, each edge from its stored source to its stored
    /// target with its kind's flow, names under `display_name`. (networkx's pydot reader strips
    /// every quote from the ends of a node's name, `strip('"')`, so an id that ends in a quote
    /// loses it there: that one node and its edges are left out of pydot's check; pygraphviz
    /// reads every id exactly.)
    func testPydotAndPygraphvizReadTheDOTDataExport() throws {
        let scratch = try Scratch()
        let store = try RestoreTests.restoreStore(scratch)
        let kinds = try store.edgeKinds()
        let flows = Dictionary(uniqueKeysWithValues: kinds.map { ($0.name, $0.flow) })
        let selection = try store.select(.all)
        let path = try scratch.write("graph.dot", DOTWriter(purpose: .data).write(selection, flows: flows))
        let text = try Python.run("""
            import json, sys
            import networkx as nx

            def plain(value):
                # pydot hands values over as written, quotes and escapes included; pygraphviz unquoted.
                if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
                    value = value[1:-1].replace('\\\\"', '"')
                return value.replace('\\\\"', '"') if isinstance(value, str) else value

            for reader in (nx.nx_pydot.read_dot, nx.nx_agraph.read_dot):
                g = reader(sys.argv[1])
                print(json.dumps({
                    "nodes": sorted(plain(n) for n in g.nodes),
                    "names": {plain(n): plain(d.get("display_name")) for n, d in g.nodes(data=True)},
                    "edges": sorted([plain(a), plain(b), plain(d["id"]), plain(d["flow"])] for a, b, d in g.edges(data=True)),
                }, ensure_ascii=False, sort_keys=True))
            """, [path])
        let expectedEdges = selection.edges.map { [$0.source, $0.target, $0.effectiveID, flows[$0.kind]!.rawValue] }.sorted { $0.lexicographicallyPrecedes($1) }
        let readers = text.split(separator: "\n")
        XCTAssertEqual(readers.count, 2)
        for (reader, line) in zip(["pydot", "pygraphviz"], readers) {
            let read = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let exact = { (id: String) in reader == "pygraphviz" || !id.hasSuffix("\"") }
            let all = read["nodes"] as? [String] ?? []
            XCTAssertEqual(all.count, selection.nodes.count, "\(reader): the nodes and no legend")
            let nodes = all.filter { id in reader == "pygraphviz" || selection.nodes.contains { $0.id == id } }
            XCTAssertEqual(nodes, selection.nodes.map(\.id).filter(exact).sorted(), reader)
            XCTAssertEqual((read["names"] as? [String: String])?.filter { exact($0.key) && nodes.contains($0.key) },
                           Dictionary(uniqueKeysWithValues: selection.nodes.filter { exact($0.id) }.map { ($0.id, $0.name) }), reader)
            XCTAssertEqual((read["edges"] as? [[String]])?.filter { exact($0[0]) && exact($0[1]) && nodes.contains($0[0]) && nodes.contains($0[1]) },
                           expectedEdges.filter { exact($0[0]) && exact($0[1]) }, "\(reader): stored direction and flow")
            XCTAssertEqual((read["edges"] as? [[String]])?.count, expectedEdges.count, reader)
        }
        XCTAssertTrue(expectedEdges.contains(["bytedance", "nvidia", selection.edges.first { $0.kind == "orders" }!.effectiveID, "against"]),
                      "an orders edge points from the buyer to the seller")
    }

    /// Gephi and yEd show a node's or edge's `label`: the name, the kind. Typed keys stay typed.
    func testGraphMLHasLabelsAndTypedAttributes() throws {
        let scratch = try Scratch()
        let store = try RestoreTests.restoreStore(scratch)
        let (selection, catalogue) = try store.wholeGraph()
        let path = try scratch.write("graph.graphml", GraphMLExporter.document(selection, catalogue: catalogue))
        let text = try Python.run("""
            import json, sys
            import networkx as nx
            g = nx.read_graphml(sys.argv[1])
            print(all(d["label"] == d["name"] for _, d in g.nodes(data=True)), all(d["label"] == d["kind"] for _, _, d in g.edges(data=True)))
            print(type(g.nodes["chip:h200"]["hbm_gb"]).__name__, json.loads(g.nodes["hub:hk"]["tags"]), g.nodes["hub:hk"]["ratio"])
            print(sorted(k["name"] for k in json.loads(g.graph["edge_kinds"]) if not k["builtin"]), len(json.loads(g.graph["sources"])))
            """, [path])
        XCTAssertEqual(text, "True True\nint ['a', 'b'] 0.25\n['audits', 'buys_from', 'routes_via', 'unused_kind'] 5")
    }

    /// Numbers are numbers, booleans booleans, lists lists: a Neo4j user can ask `n.hbm_gb > 100`.
    func testCypherPropertiesAreTyped() throws {
        let scratch = try Scratch()
        let store = try RestoreTests.restoreStore(scratch)
        let neo4j = CypherExporter.script(try store.select(.all), dialect: .neo4j)
        for typed in ["`hbm_gb`: 141", "`code`: '007'", "`flag`: true", "`ratio`: 0.5", "`count`: 3", "`board_seats`: 2", "`tags`: ['a', 'b']",
                      "`lanes`: [1.0, 2.5]", "`nested`: '{\"x\":1,\"y\":[true,\"z\"]}'", "share: 0.5", "share_low: 0.0", "share_high: 1.0"] {
            XCTAssertTrue(neo4j.contains(typed), typed)
        }
        XCTAssertFalse(neo4j.contains("properties:"), "no property is hidden in one JSON string")
        let kuzu = CypherExporter.script(try store.select(.all), dialect: .kuzu)
        XCTAssertTrue(kuzu.contains(", `hbm_gb` INT64, ") && kuzu.contains(", `tags` STRING[], ") && kuzu.contains(", `lanes` DOUBLE[]"), kuzu.prefix(600).description)
        // The neo4j-admin import files type each property in their header.
        let files = Dictionary(uniqueKeysWithValues: CSVExporter.neo4jFiles(try store.select(.all)).map { ($0.name, $0.content) })
        let nodes = try XCTUnwrap(files["nodes.csv"]).split(separator: "\n")
        XCTAssertTrue(nodes[0].hasSuffix(",:LABEL,code,count:long,flag:boolean,hbm_gb:long,nested,note,ratio:double,tags:string[]"), String(nodes[0]))
        XCTAssertTrue(nodes.contains { $0.hasPrefix("hub:hk,") && $0.hasSuffix(",\"{\"\"x\"\":1,\"\"y\"\":[true,\"\"z\"\"]}\",,0.25,a;b") }, files["nodes.csv"]!)
        XCTAssertTrue(try XCTUnwrap(files["relationships.csv"]).split(separator: "\n")[0].hasSuffix(",citations,board_seats:long,lanes:double[]"))
    }
}
