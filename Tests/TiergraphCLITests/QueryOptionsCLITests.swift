import Foundation
import XCTest

/// Every option of the query commands, on a graph built so that each one changes the answer:
/// each case names the answer with the option and (where it differs) without it.
final class QueryOptionsCLITests: CLITestCase {
    /// Two fabs make the chip: tsmc (valid 2019–2022, cited by s1) and smic (always, s2); a third
    /// is only a forecast. Owners: fund 40 % (s2), bank 50 % of fund (2019–2022), vc a forecast.
    /// The GPU market: nvidia 80 %, amd 20 % (as of 2023) superseded by 15 % (as of 2024).
    private func writeGraph() throws {
        try write("f/nodes.csv", """
            id,kind,name,country
            sand,supplier,Sand,CN
            quartz,supplier,Quartz,US
            tsmc,foundry,TSMC,TW
            smic,foundry,SMIC,CN
            h200,chip,H200,US
            nvidia,company,Nvidia,US
            bytedance,csp,ByteDance,CN
            fund,fund,Fund,US
            rumoured,foundry,Rumoured Fab,KR
            bank,bank,Bank,US
            vc,fund,VC,US
            amd,company,AMD,US
            market:gpu,market,GPU market,

            """)
        try write("f/edges.csv", """
            id,source,target,kind,share,valid_from,valid_to,modality,source_ref,as_of
            e1,sand,tsmc,supplies,,,,,s1,
            e2,quartz,smic,supplies,,,,,s2,
            e3,tsmc,h200,manufactures,,2019,2022,,s1,
            e4,smic,h200,manufactures,,,,,s2,
            e5,nvidia,h200,designs,,,,,s1,
            e6,bytedance,h200,orders,,,,,s1,
            e7,fund,nvidia,owns,40%,,,,s2,
            e8,rumoured,h200,manufactures,,,,forecast,s3,
            e9,bank,fund,owns,50%,2019,2022,,s1,
            e10,vc,nvidia,owns,10%,,,forecast,s3,
            e11,nvidia,market:gpu,market_share,80%,,,,s1,2024
            e12,amd,market:gpu,market_share,20%,,,,s2,2023
            e13,amd,market:gpu,market_share,15%,,,,s1,2024

            """)
        _ = try ok(["import", "f", "--db", "g.db"])
    }

    /// The answer of a query's JSON in one line: paths as their nodes, tiers as their nodes,
    /// chokepoints with whether the node is supplied, impact as who loses all and who loses some,
    /// exposure as owners and market shares.
    private func answer(_ arguments: [String]) throws -> String {
        let document = try json(try ok(arguments + ["--db", "g.db", "--format", "json"]))
        func ids(_ key: String) -> String { ((document[key] as? [[String: Any]]) ?? []).map { $0["id"] as? String ?? "?" }.joined(separator: " ") }
        if let paths = document["paths"] as? [[String: Any]] {
            return paths.map { ($0["nodes"] as? [String] ?? []).joined(separator: ">") }.joined(separator: " | ")
        }
        if document["loses_all"] != nil { return "all: \(ids("loses_all")); some: \(ids("loses_some"))" }
        if let supplied = document["supplied"] as? Bool { return ids("nodes") + (supplied ? "" : " (unsupplied)") }
        if document["owners"] != nil {
            let market = (document["market"] as? [String: Any])?["shares"] as? [[String: Any]] ?? []
            return "owners: \(ids("owners")); market: " + market.map { $0["id"] as? String ?? "?" }.joined(separator: " ")
        }
        return ids("nodes") + ((document["truncated"] as? Bool) == true ? " (truncated)" : "")
    }

    func testEveryFilterChangesEveryQueryCommandsAnswer() throws {
        try writeGraph()
        let chain = "sand>tsmc>h200>bytedance"
        let cases: [(arguments: [String], expected: String)] = [
            (["path", "sand", "bytedance"], chain),
            (["path", "sand", "bytedance", "--as-of", "2021"], chain),
            (["path", "sand", "bytedance", "--as-of", "2024"], ""),
            (["path", "sand", "bytedance", "--source", "s1"], chain),
            (["path", "sand", "bytedance", "--source", "s2"], ""),
            (["path", "sand", "bytedance", "--avoid", "smic"], chain),
            (["path", "sand", "bytedance", "--avoid", "TSMC"], ""),
            (["path", "sand", "bytedance", "--node-kinds", "foundry,chip"], chain),
            (["path", "sand", "bytedance", "--node-kinds", "supplier"], ""),
            (["path", "sand", "bytedance", "--edge-kinds", "supplies,manufactures,orders"], chain),
            (["path", "sand", "bytedance", "--edge-kinds", "supplies", "manufactures"], ""),
            (["path", "rumoured", "bytedance", "--include", "forecast"], "rumoured>h200>bytedance"),
            (["path", "sand", "bytedance", "--timeout", "30"], chain),
            (["paths", "sand", "bytedance", "--max-depth", "5", "--as-of", "2021"], chain),
            (["paths", "sand", "bytedance", "--max-depth", "5", "--as-of", "2024"], ""),
            (["paths", "sand", "bytedance", "--max-depth", "5", "--source", "s2"], ""),
            (["paths", "sand", "bytedance", "--max-depth", "5", "--avoid", "tsmc"], ""),
            (["paths", "sand", "bytedance", "--max-depth", "5", "--node-kinds", "supplier"], ""),
            (["paths", "sand", "bytedance", "--max-depth", "5", "--edge-kinds", "supplies,manufactures"], ""),
            (["paths", "sand", "bytedance", "--max-depth", "5", "--include", "forecast,rumour"], chain),
            (["upstream", "h200"], "nvidia rumoured smic tsmc quartz sand"),
            (["upstream", "h200", "--as-of", "2024"], "nvidia rumoured smic quartz"),
            (["upstream", "h200", "--source", "s2"], "smic quartz"),
            (["upstream", "h200", "--avoid", "smic"], "nvidia rumoured tsmc sand"),
            (["upstream", "h200", "--node-kinds", "foundry,chip"], "rumoured smic tsmc"),
            (["upstream", "h200", "--edge-kinds", "supplies,manufactures"], "rumoured smic tsmc quartz sand"),
            (["upstream", "h200", "--limit", "2"], "nvidia rumoured (truncated)"),
            (["upstream", "h200", "--depth", "1", "--timeout", "30"], "nvidia rumoured smic tsmc"),
            (["downstream", "quartz"], "smic h200 bytedance"),
            (["downstream", "sand", "--as-of", "2021"], "tsmc h200 bytedance"),
            (["downstream", "sand", "--as-of", "2024"], "tsmc"),
            (["downstream", "quartz", "--source", "s1"], ""),
            (["downstream", "quartz", "--source", "s2"], "smic h200"),
            (["downstream", "quartz", "--avoid", "h200"], "smic"),
            (["downstream", "quartz", "--node-kinds", "foundry"], "smic"),
            (["downstream", "quartz", "--edge-kinds", "supplies"], "smic"),
            (["downstream", "quartz", "--include", "forecast", "--timeout", "30"], "smic h200 bytedance"),
            (["downstream", "quartz", "--limit", "1"], "smic (truncated)"),
            (["neighbors", "h200"], "bytedance nvidia rumoured smic tsmc"),
            (["neighbors", "h200", "--as-of", "2024"], "bytedance nvidia rumoured smic"),
            (["neighbors", "h200", "--source", "s2"], "smic"),
            (["neighbors", "h200", "--avoid", "smic"], "bytedance nvidia rumoured tsmc"),
            (["neighbors", "h200", "--node-kinds", "foundry"], "rumoured smic tsmc"),
            (["neighbors", "h200", "--edge-kinds", "designs"], "nvidia"),
            (["neighbors", "h200", "--include", "forecast", "--timeout", "30"], "bytedance nvidia rumoured smic tsmc"),
            (["neighbors", "h200", "--hops", "2", "--edge-kinds", "manufactures,supplies"], "rumoured smic tsmc quartz sand"),
            (["neighbors", "h200", "--depth", "2", "--edge-kinds", "manufactures,supplies"], "rumoured smic tsmc quartz sand"),
            (["neighbors", "h200", "--limit", "2"], "bytedance nvidia (truncated)"),
            (["chokepoints", "bytedance"], "h200 nvidia"),
            (["chokepoints", "bytedance", "--as-of", "2024"], "h200 nvidia smic quartz"),
            (["chokepoints", "bytedance", "--as-of", "2024", "--include", "forecast"], "h200 nvidia"),
            (["chokepoints", "bytedance", "--source", "s1"], "h200 nvidia tsmc sand"),
            (["chokepoints", "bytedance", "--avoid", "smic"], "h200 nvidia tsmc sand"),
            (["chokepoints", "bytedance", "--node-kinds", "foundry,chip"], " (unsupplied)"),
            (["chokepoints", "bytedance", "--edge-kinds", "orders,manufactures"], "h200"),
            (["impact", "--remove", "smic"], "all: ; some: h200"),
            (["impact", "--remove", "smic", "--as-of", "2024"], "all: h200 bytedance; some: "),
            (["impact", "--remove", "smic", "--as-of", "2024", "--include", "forecast"], "all: ; some: h200"),
            (["impact", "--remove", "smic", "--avoid", "tsmc"], "all: h200 bytedance; some: "),
            (["impact", "--remove", "smic", "--source", "s2"], "all: h200; some: "),
            (["impact", "--remove", "smic", "--node-kinds", "chip,csp,company,foundry,supplier"], "all: ; some: h200"),
            (["impact", "--remove", "smic", "--node-kinds", "chip,csp,company,foundry"], "all: ; some: "),
            (["impact", "--remove", "quartz"], "all: smic; some: h200"),
            (["impact", "--remove", "quartz", "--edge-kinds", "manufactures,orders,designs"], "all: ; some: "),
            (["impact", "--remove", "quartz", "--of", "chip"], "all: ; some: h200"),
            (["exposure", "nvidia"], "owners: fund bank; market: "),
            (["exposure", "nvidia", "--as-of", "2024"], "owners: fund; market: "),
            (["exposure", "nvidia", "--source", "s2"], "owners: fund; market: "),
            (["exposure", "nvidia", "--avoid", "fund"], "owners: ; market: "),
            (["exposure", "nvidia", "--node-kinds", "fund"], "owners: fund; market: "),
            (["exposure", "nvidia", "--edge-kinds", "orders"], "owners: ; market: "),
            (["exposure", "nvidia", "--include", "forecast"], "owners: fund bank vc; market: "),
            (["exposure", "market:gpu"], "owners: ; market: nvidia amd"),
            (["exposure", "market:gpu", "--source", "s2"], "owners: ; market: amd"),
        ]
        for (arguments, expected) in cases {
            XCTAssertEqual(try answer(arguments), expected, arguments.joined(separator: " "))
        }
        // --claims: the superseded market share is printed only with `all`.
        let resolved = try ok(["exposure", "market:gpu", "--db", "g.db"])
        let all = try ok(["exposure", "market:gpu", "--claims", "all", "--db", "g.db"])
        XCTAssertFalse(resolved.contains("superseded"), resolved)
        XCTAssertTrue(all.contains("superseded\t20%\te12\ts2\t(as of 2023)"), all)
        XCTAssertEqual(try ok(["exposure", "market:gpu", "--claims", "resolved", "--db", "g.db"]), resolved)
        // --include: a forecast supplier is in force in upstream's needs only when included.
        let needs = try ok(["upstream", "h200", "--depth", "1", "--db", "g.db"])
        XCTAssertTrue(needs.contains("manufactures ← smic | tsmc (rumoured: not in force)"), needs)
        let included = try ok(["upstream", "h200", "--depth", "1", "--include", "forecast", "--db", "g.db"])
        XCTAssertTrue(included.contains("manufactures ← rumoured | smic | tsmc\n"), included)
    }

    /// `--weight` picks the cheapest path by a number on the edges, `--k` how many.
    func testWeightAndKChooseThePaths() throws {
        try write("w/nodes.csv", "id,kind\na,company\nb,company\nc,company\nd,company\n")
        try write("w/edges.csv", """
            id,source,target,kind,share,cost
            ab,a,b,supplies,0.9,5
            bd,b,d,supplies,0.9,5
            ac,a,c,supplies,0.1,1
            cd,c,d,supplies,0.1,1
            ad,a,d,supplies,0.5,20

            """)
        _ = try ok(["import", "w", "--db", "g.db"])
        XCTAssertEqual(try answer(["path", "a", "d"]), "a>d")
        XCTAssertEqual(try answer(["path", "a", "d", "--weight", "cost"]), "a>c>d")
        XCTAssertEqual(try answer(["path", "a", "d", "--weight", "cost", "--k", "3"]), "a>c>d | a>b>d | a>d")
        XCTAssertEqual(try answer(["path", "a", "d", "--weight", "hops", "--k", "2"]), "a>d | a>b>d")
        let costs = try json(try ok(["path", "a", "d", "--weight", "cost", "--k", "3", "--db", "g.db", "--format", "json"]))
        XCTAssertEqual((costs["paths"] as? [[String: Any]])?.compactMap { $0["cost"] as? Double }, [2, 10, 20])
        try fails(["path", "a", "d", "--weight", "colour", "--db", "g.db"], saying: "cost")
    }
}
