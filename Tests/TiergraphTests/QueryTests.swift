import XCTest
@testable import Tiergraph

/// Query behaviour on a small hand-made graph whose answers can be checked by eye.
final class QueryTests: XCTestCase {
    /// Supply: sand → wafer → tsmc → h200 → bytedance (an `orders` edge stored buyer → seller),
    /// nvidia → h200 (designs), smic → h200 only in 2020. Ownership: fund owns 60% of holdco,
    /// holdco 50% of nvidia, fund 10% of nvidia directly. A market with three share claims.
    private func supplyChain(_ scratch: Scratch) throws -> GraphStore {
        let store = try scratch.store()
        try scratch.write("g/nodes.csv", """
            id,kind
            sand,supplier
            wafer,supplier
            tsmc,foundry
            smic,foundry
            h200,chip
            nvidia,company
            bytedance,csp
            fund,fund
            holdco,company
            market,market
            amd,company
            island,company

            """)
        try scratch.write("g/edges.csv", """
            id,source,target,kind,share,volume,valid_from,valid_to,source_ref,lead_days
            e1,sand,wafer,supplies,,,,,a,10
            e2,wafer,tsmc,supplies,,,,,a,5
            e3,tsmc,h200,manufactures,0.9,100,,,a,30
            e4,nvidia,h200,designs,,,,,b,
            e5,bytedance,h200,orders,0.5,16e9,2025,,b,7
            e6,smic,h200,manufactures,0.1,5,2020,2020,c,1
            e7,fund,holdco,owns,60%,,,,b,
            e8,holdco,nvidia,owns,50%,,,,b,
            e9,fund,nvidia,owns,10%,,,,b,
            e10,nvidia,market,market_share,70%,,,,a,
            e11,amd,market,market_share,20%,,,,a,
            e12,amd,market,market_share,10%,,,,b,
            e13,nvidia,fund,owns,5%,,,,b,

            """)
        _ = try store.importFiles([scratch.path("g")])
        return store
    }

    func testPathFollowsSupplyDirectionWhateverTheStoredDirection() throws {
        let scratch = try Scratch()
        let query = try GraphQuery(store: try supplyChain(scratch))
        let path = try XCTUnwrap(try query.shortestPaths(from: "sand", to: "bytedance").first)
        XCTAssertEqual(path.nodes, ["sand", "wafer", "tsmc", "h200", "bytedance"])
        XCTAssertEqual(path.edges, ["e1", "e2", "e3", "e5"])
        XCTAssertEqual(path.cost, 4)
        XCTAssertEqual(try query.shortestPaths(from: "bytedance", to: "sand"), [], "goods do not flow back")
        XCTAssertEqual(try query.shortestPaths(from: "bytedance", to: "sand", direction: .any).first?.edges.count, 4)
        XCTAssertEqual(try query.shortestPaths(from: "fund", to: "h200"), [], "ownership is not supply")
        XCTAssertEqual(try query.shortestPaths(from: "fund", to: "h200", direction: .any).first?.nodes, ["fund", "nvidia", "h200"])
    }

    func testStoredSearchMatchesTheSnapshotUnderEveryFilter() throws {
        let scratch = try Scratch()
        let store = try supplyChain(scratch)
        let filters = [
            QueryFilter(), QueryFilter(asOf: try PartialDate(parsing: "2020")), QueryFilter(source: "a"),
            QueryFilter(edgeKinds: ["owns", "designs"]), QueryFilter(nodeKinds: ["fund", "company"]), QueryFilter(avoid: ["holdco"]),
            QueryFilter(source: "b"), QueryFilter(edgeKinds: ["market_share"]),
        ]
        let ids = ["sand", "tsmc", "h200", "bytedance", "nvidia", "fund", "holdco", "smic", "island", "market"]
        for filter in filters {
            let query = try GraphQuery(store: store, filter: filter)
            for a in ids {
                for b in ids {
                    for direction in [Direction.downstream, .upstream, .any] {
                        XCTAssertEqual(try store.shortestPath(from: a, to: b, direction: direction, filter: filter),
                                       try query.shortestPaths(from: a, to: b, direction: direction).first, "\(a)→\(b) \(direction)")
                        for (depth, limit) in [(4, 1000), (6, 2)] {
                            let stored = try store.simplePaths(from: a, to: b, direction: direction, maxDepth: depth, limit: limit, filter: filter)
                            let loaded = try query.simplePaths(from: a, to: b, direction: direction, maxDepth: depth, limit: limit)
                            XCTAssertEqual(stored.paths, loaded.paths, "paths \(a)→\(b) \(direction) \(depth)")
                            XCTAssertEqual(stored.truncated, loaded.truncated)
                        }
                    }
                }
                XCTAssertEqual(try store.chokepoints(of: a, filter: filter), try query.chokepoints(of: a), "chokepoints of \(a)")
                XCTAssertEqual(try store.exposure(of: a, filter: filter), try query.exposure(of: a), "exposure of \(a)")
                for direction in [Direction.downstream, .upstream, .any] {
                    for depth in [nil, 1, 2] {
                        XCTAssertEqual(try store.closure(of: a, direction: direction, depth: depth, filter: filter),
                                       Array(try query.closure(of: a, direction: direction, depth: depth)), "closure of \(a) \(direction) \(String(describing: depth))")
                    }
                }
            }
        }
        XCTAssertThrowsError(try store.shortestPath(from: "nobody", to: "tsmc"))
        XCTAssertThrowsError(try store.closure(of: "nobody", direction: .upstream))
        // A file-backed query inside a write sees the write's own rows (it joins the open
        // transaction instead of beginning a read transaction of its own).
        let seen = try store.write { writer in
            try writer.write(Node(id: "newcomer", kind: "company"))
            try writer.write(Edge(source: "tsmc", target: "newcomer", kind: "supplies"))
            return try store.closure(of: "newcomer", direction: .upstream, depth: 1).map(\.id)
        }
        XCTAssertEqual(seen, ["tsmc"])
    }

    func testEdgeCasesGiveClearAnswers() throws {
        let scratch = try Scratch()
        let query = try GraphQuery(store: try supplyChain(scratch))
        XCTAssertEqual(try query.shortestPaths(from: "tsmc", to: "tsmc"), [Path(nodes: ["tsmc"], edges: [], cost: 0)])
        XCTAssertEqual(try query.shortestPaths(from: "island", to: "tsmc"), [])
        XCTAssertThrowsError(try query.shortestPaths(from: "nobody", to: "tsmc")) { error in
            XCTAssertEqual((error as? QueryError)?.code, .unknownNode("nobody"))
            XCTAssertEqual("\(error)", "no node with id 'nobody'")
        }
        XCTAssertTrue(try query.closure(of: "island", direction: .upstream).isEmpty)
        XCTAssertEqual(try query.chokepoints(of: "sand").chokepoints, [], "nothing upstream, nothing to fail")
        let empty = try GraphQuery(store: try Scratch().store())
        XCTAssertThrowsError(try empty.closure(of: "x", direction: .downstream))
    }

    func testKShortestAndSimplePathsAreOrderedAndBounded() throws {
        let scratch = try Scratch()
        let query = try GraphQuery(store: try supplyChain(scratch))
        let paths = try query.shortestPaths(from: "tsmc", to: "bytedance", direction: .any, k: 5)
        XCTAssertEqual(paths.map(\.edges.count), paths.map(\.edges.count).sorted())
        XCTAssertEqual(paths.first?.nodes, ["tsmc", "h200", "bytedance"])
        XCTAssertEqual(Set(paths.map(\.edges)).count, paths.count, "paths are distinct")
        for path in paths { XCTAssertEqual(Set(path.nodes).count, path.nodes.count, "loopless") }
        let all = try query.simplePaths(from: "fund", to: "nvidia", direction: .any, maxDepth: 3, limit: 100)
        XCTAssertFalse(all.truncated)
        XCTAssertEqual(all.paths.first?.nodes, ["fund", "holdco", "nvidia"], "depth-first, neighbours by id")
        let cut = try query.simplePaths(from: "fund", to: "nvidia", direction: .any, maxDepth: 3, limit: 1)
        XCTAssertTrue(cut.truncated)
        XCTAssertEqual(cut.paths.count, 1)
    }

    func testWeights() throws {
        let scratch = try Scratch()
        let query = try GraphQuery(store: try supplyChain(scratch))
        let share = try XCTUnwrap(try query.shortestPaths(from: "tsmc", to: "bytedance", weight: .share).first)
        XCTAssertEqual(share.cost, -log(0.9) - log(0.5), accuracy: 1e-12)
        XCTAssertEqual(try query.shortestPaths(from: "sand", to: "bytedance", weight: .share), [], "edges without a share are not used")
        XCTAssertEqual(try query.shortestPaths(from: "sand", to: "h200", weight: .property("lead_days")).first?.cost, 45)
        XCTAssertEqual(try query.shortestPaths(from: "smic", to: "bytedance", weight: .volume).first?.cost, 5 + 16e9)
    }

    func testFiltersAsOfSourceKindsAndAvoid() throws {
        let scratch = try Scratch()
        let store = try supplyChain(scratch)
        let upstream = { (filter: QueryFilter) in
            try GraphQuery(store: store, filter: filter).closure(of: "h200", direction: .upstream).map(\.id)
        }
        XCTAssertEqual(try upstream(QueryFilter()), ["nvidia", "smic", "tsmc", "wafer", "sand"])
        XCTAssertEqual(try upstream(QueryFilter(asOf: try PartialDate(parsing: "2024"))), ["nvidia", "tsmc", "wafer", "sand"])
        XCTAssertEqual(try upstream(QueryFilter(asOf: try PartialDate(parsing: "2020-06"))), ["nvidia", "smic", "tsmc", "wafer", "sand"])
        XCTAssertEqual(try upstream(QueryFilter(source: "a")), ["tsmc", "wafer", "sand"])
        XCTAssertEqual(try upstream(QueryFilter(edgeKinds: ["manufactures"])), ["smic", "tsmc"])
        XCTAssertEqual(try upstream(QueryFilter(nodeKinds: ["foundry", "supplier"])), ["smic", "tsmc", "wafer", "sand"])
        XCTAssertEqual(try upstream(QueryFilter(avoid: ["tsmc"])), ["nvidia", "smic"])
        let tiers = try GraphQuery(store: store).closure(of: "h200", direction: .upstream)
        XCTAssertEqual(tiers.first { $0.id == "sand" }, TieredNode(id: "sand", tier: 3, viaEdge: "e1", input: "supplies"))
        XCTAssertEqual(try GraphQuery(store: store).closure(of: "h200", direction: .upstream, depth: 1).map(\.id), ["nvidia", "smic", "tsmc"])
    }

    func testChokepoints() throws {
        let scratch = try Scratch()
        let query = try GraphQuery(store: try supplyChain(scratch))
        // bytedance gets h200 only; h200 needs a design (nvidia only) and a fab (tsmc or smic).
        XCTAssertEqual(try query.chokepoints(of: "bytedance").chokepoints.map(\.id), ["h200", "nvidia"])
        XCTAssertEqual(try query.chokepoints(of: "bytedance").chokepoints.map(\.inputs), [["orders"], ["orders"]])
        XCTAssertEqual(try query.chokepoints(of: "h200").chokepoints.map(\.inputs), [["designs"]])
        XCTAssertEqual(try query.chokepoints(of: "tsmc").chokepoints.map(\.id), ["wafer", "sand"], "closest first")
        // Avoiding smic leaves tsmc the only fab; avoiding nvidia leaves no design at all.
        let noSMIC = try GraphQuery(store: try supplyChain(scratch), filter: QueryFilter(avoid: ["smic"]))
        XCTAssertEqual(try noSMIC.chokepoints(of: "bytedance").chokepoints.map(\.id), ["h200", "nvidia", "tsmc", "wafer", "sand"])
        let noDesign = try GraphQuery(store: try supplyChain(scratch), filter: QueryFilter(avoid: ["nvidia"])).chokepoints(of: "bytedance")
        XCTAssertFalse(noDesign.supplied)
        XCTAssertEqual(noDesign.unmetInputs, ["orders"])
    }

    /// A hub with more neighbours than the short-row sort handles, written in shuffled order with
    /// parallel edges, and a chokepoint fed by many independent sources (the dominator search's
    /// virtual root gets a long row too): both engines agree with answers worked out here.
    func testHubsOfHighDegree() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        var generator = SplitMix64(seed: 7)
        let spokes = (0..<120).map { String(format: "s%03d", $0) }
        try store.write { writer in
            for id in ["hub", "fab", "buyer"] + spokes { try writer.write(Node(id: id, kind: "company")) }
            for (n, spoke) in spokes.shuffled(using: &generator).enumerated() {
                // Two parallel edges per spoke, the higher id written first.
                try writer.write(Edge(id: "b\(n)", source: spoke, target: "hub", kind: "supplies"))
                try writer.write(Edge(id: "a\(n)", source: spoke, target: "hub", kind: "supplies"))
            }
            try writer.write(Edge(id: "h", source: "hub", target: "fab", kind: "supplies"))
            try writer.write(Edge(id: "f", source: "fab", target: "buyer", kind: "supplies"))
        }
        let query = try GraphQuery(store: store)
        let upstream = try query.closure(of: "hub", direction: .upstream)
        XCTAssertEqual(upstream.map(\.id), spokes, "one tier, in id order")
        for node in upstream {
            // The via-edge is the first of the two parallel edges in edge order (written first).
            XCTAssertEqual(try store.edges(of: node.id).outgoing.filter { $0.target == "hub" }.count, 2)
            XCTAssertEqual(node.viaEdge?.first, "b", "\(node)")
        }
        XCTAssertEqual(try store.closure(of: "hub", direction: .upstream), Array(upstream))
        let chokepoints = try query.chokepoints(of: "buyer")
        XCTAssertEqual(chokepoints.chokepoints, [
            Chokepoint(id: "fab", name: "fab", tier: 1, viaEdge: "f", inputs: ["supplies"]),
            Chokepoint(id: "hub", name: "hub", tier: 2, viaEdge: "h", inputs: ["supplies"]),
        ])
        XCTAssertEqual(try store.chokepoints(of: "buyer"), chokepoints)
        XCTAssertEqual(try store.chokepoints(of: "hub").chokepoints, [], "120 independent sources: no single point of failure")
    }

    func testImpactOfRemovingAFoundryOrAnEdge() throws {
        let scratch = try Scratch()
        let query = try GraphQuery(store: try supplyChain(scratch))
        // h200 keeps its fab input through smic, losing tsmc's 90 %; bytedance loses no supplier.
        let foundry = try query.impact(removingNodes: ["tsmc"], edges: [])
        XCTAssertEqual(foundry.losesAll, [])
        XCTAssertEqual(foundry.losesSome, [SupplyLoss(id: "h200", name: "h200", tier: 1, inputs: [
            InputLoss(input: "manufactures", gate: false, lost: ["tsmc"], suppliers: 2, shareLost: try Share(0.9)),
        ])])
        let wafer = try query.impact(removingNodes: ["wafer"], edges: [])
        XCTAssertEqual(wafer.losesAll.map(\.id), ["tsmc"])
        XCTAssertEqual(wafer.losesAll.first?.inputs.map(\.input), ["supplies"])
        XCTAssertEqual(wafer.losesSome.map(\.id), ["h200"])
        let order = try query.impact(removingNodes: [], edges: ["e5"])
        XCTAssertEqual(order.losesAll.map(\.id), ["bytedance"])
        XCTAssertEqual(order.losesAll.first?.tier, 1)
        XCTAssertEqual(try query.impact(removingNodes: ["wafer"], edges: [], ofKind: "chip").losesSome.map(\.id), ["h200"])
        XCTAssertEqual(try query.impact(removingNodes: ["wafer"], edges: [], ofKind: "csp").losesSome, [])
        XCTAssertThrowsError(try query.impact(removingNodes: [], edges: ["nope"])) { error in
            XCTAssertEqual((error as? QueryError)?.code, .unknownEdge("nope"))
        }
    }

    func testExposureWithAnOwnershipCycleAndUnevenMarketShares() throws {
        let scratch = try Scratch()
        let query = try GraphQuery(store: try supplyChain(scratch))
        let nvidia = try query.exposure(of: "nvidia")
        let owners = Dictionary(uniqueKeysWithValues: nvidia.owners.map { ($0.id, $0) })
        XCTAssertEqual(try XCTUnwrap(owners["fund"]).share, 0.6 * 0.5 + 0.1, accuracy: 1e-12, "chains multiply, parallel chains add")
        XCTAssertEqual(owners["fund"]?.chains, 2)
        XCTAssertEqual(try XCTUnwrap(owners["holdco"]).share, 0.5, accuracy: 1e-12)
        // nvidia owns 5% of fund: a cycle, followed once and never forever.
        XCTAssertEqual(try XCTUnwrap(nvidia.holdings.first { $0.id == "fund" }).share, 0.05, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(nvidia.holdings.first { $0.id == "holdco" }).share, 0.05 * 0.6, accuracy: 1e-12)
        let direct = Dictionary(uniqueKeysWithValues: try query.exposure(of: "nvidia", maxDepth: 1).owners.map { ($0.id, $0.share) })
        XCTAssertEqual(try XCTUnwrap(direct["fund"]), 0.1, accuracy: 1e-12, "one edge deep: only the direct stake")
        XCTAssertEqual(direct.count, 2, "\(direct)")
        let market = try query.exposure(of: "market")
        XCTAssertEqual(market.marketShares.map(\.id), ["nvidia", "amd"])
        XCTAssertEqual(market.marketShares[1].edges, ["e11", "e12"], "conflicting claims are both cited")
        XCTAssertTrue(market.marketShares[1].conflicting, "two undated claims of different sources disagree")
        XCTAssertEqual(market.marketShares[1].share, try Share(low: 0.1, high: 0.2), "a conflict spans its claims, never averages them")
        XCTAssertEqual(try XCTUnwrap(market.marketTotal).lowerBound, 0.8, accuracy: 1e-12, "shares need not sum to 1")
        XCTAssertEqual(try XCTUnwrap(market.marketTotal).upperBound, 0.9, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(market.herfindahl).lowerBound, 70 * 70 + 10 * 10, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(market.herfindahl).upperBound, 70 * 70 + 20 * 20, accuracy: 1e-9)
        XCTAssertTrue(market.warnings.contains { $0.hasPrefix("amd: the claims that hold disagree") }, "\(market.warnings)")
        XCTAssertNil(try query.exposure(of: "sand").herfindahl)
    }
}
