import Foundation
import XCTest

/// The query commands end to end: documented JSON shapes, text output, errors.
final class QueryCLITests: CLITestCase {
    private func writeChain() throws {
        try write("q/nodes.csv", "id,kind,name,aliases\nsand,supplier,Sand,\ntsmc,foundry,TSMC,台积电\nh200,chip,H200,\nbytedance,csp,ByteDance,字节跳动\nnvidia,company,Nvidia,英伟达\nfund,fund,Fund,\n")
        try write("q/edges.csv", """
            id,source,target,kind,share,source_ref,quote
            e1,sand,tsmc,supplies,,s1,
            e2,tsmc,h200,manufactures,0.9,s1,台积电代工
            e3,nvidia,h200,designs,,s1,
            e4,bytedance,h200,orders,,s2,字节跳动采购
            e5,fund,nvidia,owns,40%,s2,

            """)
        _ = try ok(["import", "q", "--db", "g.db"])
    }

    func testPathJSONCarriesEdgeFacts() throws {
        try writeChain()
        let result = try json(try ok(["path", "台积电", "字节跳动", "--db", "g.db", "--format", "json"]))
        let path = try XCTUnwrap((result["paths"] as? [[String: Any]])?.first)
        XCTAssertEqual(path["nodes"] as? [String], ["tsmc", "h200", "bytedance"])
        XCTAssertEqual(path["cost"] as? Int, 2)
        let edges = try XCTUnwrap(path["edges"] as? [[String: Any]])
        XCTAssertEqual(edges.map { $0["id"] as? String }, ["e2", "e4"])
        XCTAssertEqual(edges[1]["kind"] as? String, "orders")
        XCTAssertEqual(edges[1]["source"] as? String, "bytedance", "stored direction is kept in the edge")
        XCTAssertEqual((edges[0]["citations"] as? [[String: Any]])?.first?["quote"] as? String, "台积电代工")
        let text = try ok(["path", "tsmc", "bytedance", "--db", "g.db"])
        XCTAssertTrue(text.contains("h200 ← bytedance  orders"), text)
        let none = try ok(["path", "bytedance", "tsmc", "--db", "g.db"])
        XCTAssertTrue(none.contains("no path"), none)
        XCTAssertEqual((try json(try ok(["path", "bytedance", "tsmc", "--db", "g.db", "--format", "json"]))["paths"] as? [Any])?.count, 0)
        let owned = try json(try ok(["path", "fund", "h200", "--any-direction", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(((owned["paths"] as? [[String: Any]])?.first?["nodes"]) as? [String], ["fund", "nvidia", "h200"])
    }

    func testPathsUpstreamDownstreamNeighbors() throws {
        try writeChain()
        let paths = try json(try ok(["paths", "sand", "bytedance", "--max-depth", "5", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(paths["truncated"] as? Bool, false)
        XCTAssertEqual((paths["paths"] as? [Any])?.count, 1)
        let upstream = try json(try ok(["upstream", "bytedance", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(upstream["root"] as? String, "bytedance")
        let nodes = try XCTUnwrap(upstream["nodes"] as? [[String: Any]])
        XCTAssertEqual(nodes.map { $0["id"] as? String }, ["h200", "nvidia", "tsmc", "sand"])
        XCTAssertEqual(nodes.map { $0["tier"] as? Int }, [1, 2, 2, 3])
        XCTAssertEqual(nodes.first?["via_edge"] as? String, "e4")
        let down = try json(try ok(["downstream", "sand", "--depth", "2", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((down["nodes"] as? [[String: Any]])?.map { $0["id"] as? String }, ["tsmc", "h200"])
        let near = try json(try ok(["neighbors", "h200", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((near["nodes"] as? [[String: Any]])?.count, 3)
        let filtered = try json(try ok(["upstream", "bytedance", "--edge-kinds", "orders,manufactures", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((filtered["nodes"] as? [[String: Any]])?.map { $0["id"] as? String }, ["h200", "tsmc"])
        let sourced = try json(try ok(["upstream", "bytedance", "--source", "s2", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((sourced["nodes"] as? [[String: Any]])?.map { $0["id"] as? String }, ["h200"])
    }

    func testChokepointsImpactExposure() throws {
        try writeChain()
        // h200 needs a design (nvidia) and a fab (tsmc, which needs sand): every one is a chokepoint.
        let choke = try json(try ok(["chokepoints", "bytedance", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((choke["nodes"] as? [[String: Any]])?.map { $0["id"] as? String }, ["h200", "nvidia", "tsmc", "sand"])
        XCTAssertEqual((choke["nodes"] as? [[String: Any]])?.first?["name"] as? String, "H200")
        XCTAssertEqual((choke["nodes"] as? [[String: Any]])?.first?["inputs"] as? [String], ["orders"])
        XCTAssertEqual(choke["supplied"] as? Bool, true)
        let text = try ok(["chokepoints", "h200", "--db", "g.db"])
        XCTAssertTrue(text.contains("tsmc (TSMC)\tcuts: manufactures"), text)
        let grouped = try json(try ok(["chokepoints", "h200", "--by", "kind", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((grouped["groups"] as? [[String: Any]])?.map { $0["value"] as? String }, ["company", "foundry", "supplier"])
        let foundries = try json(try ok(["chokepoints", "tsmc", "--from", "supplier", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((foundries["nodes"] as? [[String: Any]])?.map { $0["id"] as? String }, ["sand"])
        let impact = try json(try ok(["impact", "--remove", "h200", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((impact["loses_all"] as? [[String: Any]])?.map { $0["id"] as? String }, ["bytedance"])
        XCTAssertEqual(impact["removed_nodes"] as? [String], ["h200"])
        let byEdge = try json(try ok(["impact", "--remove", "e2", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(byEdge["removed_edges"] as? [String], ["e2"])
        let lost = try XCTUnwrap((byEdge["loses_all"] as? [[String: Any]])?.first)
        XCTAssertEqual(lost["id"] as? String, "h200")
        let input = try XCTUnwrap((lost["inputs"] as? [[String: Any]])?.first)
        XCTAssertEqual(input["input"] as? String, "manufactures")
        XCTAssertEqual(input["lost"] as? [String], ["tsmc"])
        XCTAssertEqual((input["share_lost"] as? [String: Any])?["low"] as? Double, 0.9)
        let group = try json(try ok(["impact", "--remove-where", "kind=foundry", "--of", "csp", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(group["removed_nodes"] as? [String], ["tsmc"])
        XCTAssertEqual((group["loses_all"] as? [[String: Any]])?.map { $0["id"] as? String }, ["bytedance"])
        XCTAssertTrue(try ok(["impact", "--remove", "tsmc", "nvidia", "--db", "g.db"]).contains("loses all supply (2)"))
        let exposure = try json(try ok(["exposure", "nvidia", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((exposure["owners"] as? [[String: Any]])?.first?["share"] as? Double, 0.4)
        XCTAssertTrue(exposure["market"] is NSNull)
    }

    func testQueryErrors() throws {
        try writeChain()
        try fails(["path", "tsmc", "nobody", "--db", "g.db"], saying: "no node")
        try fails(["paths", "tsmc", "h200", "--max-depth", "0", "--db", "g.db"], saying: "--max-depth")
        try fails(["upstream", "h200", "--as-of", "someday", "--db", "g.db"], saying: "YYYY")
        try fails(["impact", "--remove", "nothing", "--db", "g.db"], saying: "no node")
        try fails(["path", "tsmc", "h200", "--k", "0", "--db", "g.db"], saying: "--k")
        // A typo in a kind or a field is an error naming what exists, never an empty answer.
        try fails(["chokepoints", "h200", "--from", "foundries", "--db", "g.db"], saying: "known ones are foundry")
        try fails(["impact", "--remove", "tsmc", "--of", "csps", "--db", "g.db"], saying: "known ones are csp")
        try fails(["upstream", "h200", "--edge-kinds", "order", "--db", "g.db"], saying: "known ones are orders")
        try fails(["upstream", "h200", "--node-kinds", "chips", "--db", "g.db"], saying: "known ones are chip")
        try fails(["chokepoints", "h200", "--by", "contry", "--db", "g.db"], saying: "known ones are country")
        try fails(["impact", "--remove-where", "kind=fab", "--db", "g.db"], saying: "unknown value of kind 'fab': known ones are")
        try fails(["impact", "--remove-where", "kind", "--db", "g.db"], saying: "FIELD=VALUE")
        try fails(["impact", "--db", "g.db"], saying: "--remove")
        try fails(["path", "tsmc", "bytedance", "--weight", "shar", "--db", "g.db"], saying: "known ones are share")
        try fails(["export", "--format", "cypher", "--dialect", "neo5j", "--db", "g.db"], saying: "neo4j")
        try fails(["export", "--format", "jsonl", "--db", "g.db"], saying: "json")
    }

    /// A complete DAG of 26 nodes has 2^24 simple paths from first to last: searches stop at their
    /// limits, say so, and never hold more than they may print.
    func testSearchesStopAtTheirLimitsOnADenseGraph() throws {
        let ids = (0..<26).map { String(format: "n%02d", $0) }
        var edges = "source,target,kind\n"
        for i in ids.indices { for j in ids.indices where i < j { edges += "\(ids[i]),\(ids[j]),supplies\n" } }
        // `z` is reached only from n00, and comes last among its neighbours: a depth-first search
        // meets it only after every path through n01…n25.
        edges += "n00,z,supplies\n"
        try write("dense/nodes.csv", "id,kind\n" + (ids + ["z"]).map { "\($0),company\n" }.joined())
        try write("dense/edges.csv", edges)
        _ = try ok(["import", "dense", "--db", "d.db"])
        let capped = try json(try ok(["paths", "n00", "n25", "--max-depth", "25", "--limit", "5000", "--db", "d.db", "--format", "json"]))
        XCTAssertEqual((capped["paths"] as? [Any])?.count, 5000)
        XCTAssertEqual(capped["truncated"] as? Bool, true)
        XCTAssertEqual(capped["timed_out"] as? Bool, false)
        let start = Date()
        let slow = try json(try ok(["paths", "n00", "z", "--max-depth", "25", "--timeout", "1", "--db", "d.db", "--format", "json"]))
        XCTAssertLessThan(Date().timeIntervalSince(start), 15, "the search stops soon after its deadline")
        XCTAssertEqual(slow["timed_out"] as? Bool, true)
        XCTAssertTrue(try ok(["paths", "n00", "z", "--max-depth", "25", "--timeout", "0.5", "--db", "d.db"]).contains("stopped after 0.5 s"))
        try fails(["paths", "n00", "n25", "--max-depth", "25", "--limit", "100001", "--db", "d.db"], saying: "at most 100000")
        try fails(["path", "n00", "n25", "--k", "1001", "--db", "d.db"], saying: "at most 1000")
        let k = try json(try ok(["path", "n00", "n25", "--k", "50", "--db", "d.db", "--format", "json"]))
        XCTAssertEqual((k["paths"] as? [Any])?.count, 50)
    }

    /// `show` takes an edge id (as queries print them) and a source id; `sources` lists sources.
    func testShowEdgesAndSourcesAndListSources() throws {
        try writeChain()
        let edge = try json(try ok(["show", "e2", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((edge["edge"] as? [String: Any])?["kind"] as? String, "manufactures")
        XCTAssertEqual((edge["source_node"] as? [String: Any])?["name"] as? String, "TSMC")
        XCTAssertTrue(try ok(["show", "e2", "--db", "g.db"]).contains("台积电代工"))
        let source = try json(try ok(["show", "s2", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual(source["edges"] as? [String], ["e4", "e5"])
        let sources = try json(try ok(["sources", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((sources["sources"] as? [[String: Any]])?.map { ($0["source"] as? [String: Any])?["id"] as? String }, ["s1", "s2"])
        XCTAssertTrue(try ok(["sources", "--db", "g.db"]).contains("s1\t(0 node(s), 3 edge(s))"))
        try fails(["show", "e99", "--db", "g.db"], saying: "no node")
    }

    /// `list --where` and `find --where`: fields, properties, numbers, contains; typos are errors.
    func testListAndFindWhere() throws {
        try write("w/nodes.csv", "id,kind,name,country,hbm_gb,listed\nh200,chip,H200,US,141,true\nh20,chip,H20,US,96,false\nascend,chip,Ascend,CN,64,\ntsmc,foundry,TSMC,TW,,true\n")
        _ = try ok(["import", "w", "--db", "w.db"])
        let ids = { (arguments: [String]) throws -> [String] in
            ((try self.json(try self.ok(["list"] + arguments + ["--db", "w.db", "--format", "json"]))["nodes"] as? [[String: Any]]) ?? [])
                .compactMap { $0["id"] as? String }
        }
        XCTAssertEqual(try ids(["--where", "hbm_gb>=96"]), ["h20", "h200"])
        XCTAssertEqual(try ids(["--where", "hbm_gb<96"]), ["ascend"])
        XCTAssertEqual(try ids(["--where", "country=US", "--where", "listed=true"]), ["h200"])
        XCTAssertEqual(try ids(["--where", "kind!=chip"]), ["tsmc"])
        XCTAssertEqual(try ids(["--where", "name~as"]), ["ascend"], "contains, any case")
        XCTAssertEqual(try ids(["--kind", "chip", "--where", "country=CN"]), ["ascend"])
        let found = try json(try ok(["find", "H2", "--where", "hbm_gb>100", "--db", "w.db", "--format", "json"]))
        XCTAssertEqual((found["nodes"] as? [[String: Any]])?.map { $0["id"] as? String }, ["h200"])
        try fails(["list", "--where", "hbm>=1", "--db", "w.db"], saying: "known ones are hbm_gb")
        try fails(["list", "--where", "hbm_gb>=lots", "--db", "w.db"], saying: "compares numbers")
        try fails(["list", "--where", "country>1", "--db", "w.db"], saying: "is text")
        try fails(["list", "--where", "oops", "--db", "w.db"], saying: "is no condition")
        try fails(["list", "--kind", "chips", "--db", "w.db"], saying: "known ones are chip")
    }

    /// Options that no other test exercises from the command line.
    func testWeightLimitHopsAndDialect() throws {
        try writeChain()
        // By share, the cost is −log(0.9) for e2; e4 states no share, so it is not used at all.
        let shares = try json(try ok(["path", "tsmc", "h200", "--weight", "share", "--db", "g.db", "--format", "json"]))
        let best = try XCTUnwrap((shares["paths"] as? [[String: Any]])?.first)
        XCTAssertEqual(best["nodes"] as? [String], ["tsmc", "h200"])
        XCTAssertEqual(try XCTUnwrap(best["cost"] as? Double), -log(0.9), accuracy: 1e-12)
        let none = try json(try ok(["path", "tsmc", "bytedance", "--weight", "share", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((none["paths"] as? [Any])?.count, 0)
        let limited = try json(try ok(["paths", "nvidia", "bytedance", "--max-depth", "3", "--limit", "1", "--any-direction", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((limited["paths"] as? [Any])?.count, 1)
        let near = try json(try ok(["neighbors", "tsmc", "--hops", "2", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((near["nodes"] as? [[String: Any]])?.map { $0["id"] as? String }, ["h200", "sand", "bytedance", "nvidia"])
        XCTAssertTrue(try ok(["export", "--format", "cypher", "--dialect", "kuzu", "--db", "g.db"]).contains("CREATE NODE TABLE"))
    }
}
