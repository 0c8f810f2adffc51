import Foundation
import XCTest
@testable import Tiergraph

/// The claims model: values with bounds, qualifiers, resolution at a date, the migration.
final class ClaimsTests: XCTestCase {
    private typealias Expected = (low: Double?, high: Double?, lowExclusive: Bool, highExclusive: Bool, approximate: Bool, inferred: Bool)

    func testBoundsAsPeopleTypeThemAndAsTheArticlesWordThem() throws {
        let shares: [(String, Expected, Bool)] = [
            ("25%", (0.25, 0.25, false, false, false, false), false),
            ("0.25", (0.25, 0.25, false, false, false, false), false),
            ("20%—25%", (0.2, 0.25, false, false, false, false), false),
            ("40-60%", (0.4, 0.6, false, false, false, false), false),
            (">95%", (0.95, 1, true, false, false, false), true),
            ("超过95%", (0.95, 1, true, false, false, false), true),
            ("逾95%", (0.95, 1, true, false, false, false), true),
            ("over 95%", (0.95, 1, true, false, false, false), true),
            (">=50%", (0.5, 1, false, false, false, false), true),
            ("≥50%", (0.5, 1, false, false, false, false), true),
            ("50%以上", (0.5, 1, false, false, false, false), true),
            ("至少50%", (0.5, 1, false, false, false, false), true),
            ("<10%", (0, 0.1, false, true, false, false), true),
            ("不到10%", (0, 0.1, false, true, false, false), true),
            ("不超过10%", (0, 0.1, false, false, false, false), true),
            ("10%以下", (0, 0.1, false, false, false, false), true),
            ("~30%", (0.3, 0.3, false, false, true, false), true),
            ("约30%", (0.3, 0.3, false, false, true, false), true),
            ("30%左右", (0.3, 0.3, false, false, true, false), true),
            ("个位数", (0.01, 0.1, false, true, false, true), true),
            (">=20% <25%", (0.2, 0.25, false, true, false, false), true),
            (">0.2, <=0.3", (0.2, 0.3, true, false, false, false), true),
            ("<=10% (inferred)", (0, 0.1, false, false, false, true), true),
        ]
        for (text, expected, worded) in shares {
            let share = try Share(parsing: text)
            XCTAssertEqual(share.low, try XCTUnwrap(expected.low), accuracy: 1e-12, text)
            XCTAssertEqual(share.high, try XCTUnwrap(expected.high), accuracy: 1e-12, text)
            XCTAssertEqual(
                [share.bounds.lowExclusive, share.bounds.highExclusive, share.bounds.approximate, share.bounds.inferred],
                [expected.lowExclusive, expected.highExclusive, expected.approximate, expected.inferred], text)
            XCTAssertEqual(share.wording, worded ? text : nil, text)
            XCTAssertEqual(try Share(parsing: share.exactText), share, "\(text) reads back from \(share.exactText)")
            XCTAssertEqual(try Share(parsing: share.canonical).bounds.lowExclusive, share.bounds.lowExclusive, share.canonical)
        }
        XCTAssertEqual(try Share(parsing: "超过95%").canonical, ">95%")
        XCTAssertEqual(try Share(parsing: "个位数").canonical, ">=1% <10% (inferred)")

        let volumes: [(String, Expected, String?)] = [
            ("16e9 USD", (16e9, 16e9, false, false, false, false), "USD"),
            ("1,500,000 cards", (1.5e6, 1.5e6, false, false, false, false), "cards"),
            ("超过2.5万颗", (25_000, nil, true, false, false, false), "颗"),
            ("150亿至200亿美元", (1.5e10, 2e10, false, false, false, false), "美元"),
            ("<10 wafers", (nil, 10, false, true, false, false), "wafers"),
            ("约400万张", (4e6, 4e6, false, false, true, false), "张"),
        ]
        for (text, expected, unit) in volumes {
            let volume = try Volume(parsing: text)
            XCTAssertEqual(volume.bounds.low, expected.low, text)
            XCTAssertEqual(volume.bounds.high, expected.high, text)
            XCTAssertEqual(volume.bounds.lowExclusive, expected.lowExclusive, text)
            XCTAssertEqual(volume.bounds.highExclusive, expected.highExclusive, text)
            XCTAssertEqual(volume.bounds.approximate, expected.approximate, text)
            XCTAssertEqual(volume.unit, unit, text)
            XCTAssertEqual(try Volume(parsing: volume.exactText, unit: volume.unit), volume, text)
        }
        XCTAssertNil(try Volume(parsing: "超过2.5万颗").amount, "a bound is not an amount")
    }

    func testClaimsThatCanAllBeTrueNarrowEachOtherDown() throws {
        XCTAssertEqual(try Share(parsing: ">=20%").intersection(try Share(parsing: "20-25%")), try Share(low: 0.2, high: 0.25))
        XCTAssertEqual(try Share(parsing: ">=95%").intersection(try Share(parsing: "<=95%")), try Share(0.95))
        XCTAssertNil(try Share(parsing: ">95%").intersection(try Share(parsing: "<=95%")), "an excluded end leaves nothing")
        XCTAssertNil(try Share(parsing: "40%").intersection(try Share(parsing: "50%")))
        let edges = try ["20%以上", "20%至25%"].map { text in
            Edge(source: "a", target: "m", kind: "market_share", share: try Share(parsing: text), citations: [Citation(source: text)])
        }
        let agreeing = ClaimResolution.resolve(edges, at: nil, include: Modality.counted, sourceDates: [:])
        XCTAssertFalse(agreeing.conflicting)
        XCTAssertEqual(agreeing.value, try Share(low: 0.2, high: 0.25))
        let disagreeing = ClaimResolution.resolve(
            edges + [Edge(source: "a", target: "m", kind: "market_share", share: try Share(0.1), citations: [Citation(source: "x")])],
            at: nil, include: Modality.counted, sourceDates: [:])
        XCTAssertTrue(disagreeing.conflicting)
        XCTAssertEqual(disagreeing.value, try Share(low: 0.1, high: 1), "the span of what the claims say")
    }

    func testMalformedBoundsAreRefusedWithTheirPlaceInTheFile() throws {
        for text in ["", ">", "abc", "95%%x1", ">95% <90%", ">=5% >=6%", "25% cards", ">1%-5%", "120%", "超过", "1 2 3"] {
            XCTAssertThrowsError(try Share(parsing: text), "'\(text)' should be refused")
        }
        for text in ["x", "5%", ">5 <3", "1e999"] {
            XCTAssertThrowsError(try Volume(parsing: text), "'\(text)' should be refused")
        }
        let scratch = try Scratch()
        let store = try scratch.store()
        let nodes = try scratch.write("nodes.csv", "id,kind\na,company\nb,market\n")
        let edges = try scratch.write("edges.csv", "source,target,kind,share,status\na,b,market_share,>95%,active\na,b,market_share,>95% <90%,\n")
        XCTAssertThrowsError(try store.importFiles([nodes, edges])) { error in
            XCTAssertEqual((error as? ImportError)?.description.hasPrefix("\(edges):3:4: share '>95% <90%'"), true, "\(error)")
        }
        let status = try scratch.write("status.csv", "source,target,kind,status\na,b,licenses,aproved\n")
        XCTAssertThrowsError(try store.importFiles([nodes, status])) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("\(status):2:4: unknown status for kind 'licenses' (flow gate) 'aproved'; valid: announced"), text)
        }
        let modality = try scratch.write("modality.csv", "source,target,kind,modality\na,b,owns,rumor\n")
        XCTAssertThrowsError(try store.importFiles([nodes, modality])) { error in
            XCTAssertTrue("\(error)".contains(":2:4: unknown modality 'rumor'; valid: reported, estimate, forecast, rumour, statement"), "\(error)")
        }
        XCTAssertEqual(try store.statistics().edges, 0, "nothing was imported")
    }

    /// A market with claims from sources of different dates, undated claims, an ended state,
    /// a forecast and two sources that disagree about the same month.
    private func market(_ scratch: Scratch) throws -> GraphStore {
        let store = try scratch.store()
        let folder = scratch.path("market")
        try scratch.write("market/sources.csv", "id,title,date\nold,Old,2022-10\nmid,Mid,2024-06\nnew,New,2025-12\nx,X,\ny,Y,2025-12\n")
        try scratch.write("market/nodes.csv", "id,kind\nm,market\nnvidia,company\nhuawei,company\ncambricon,company\n")
        try scratch.write("market/edges.csv", """
            source,target,kind,share,as_of,status,modality,claimant,source_ref,quote
            nvidia,m,market_share,超过95%,,ended,,,new,曾一度垄断
            nvidia,m,market_share,20-25%,,,,,old,
            nvidia,m,market_share,50%,,,,,mid,
            nvidia,m,market_share,个位数,,,,,new,
            nvidia,m,market_share,0%,2027,,forecast,JPMorgan,new,
            huawei,m,market_share,40%,,,,,x,
            cambricon,m,market_share,10%,2025-12,,,,new,
            cambricon,m,market_share,15%,2025-12,,,,y,

            """)
        _ = try store.importFiles([folder])
        return store
    }

    func testClaimsResolveByDateNeverByAverage() throws {
        let scratch = try Scratch()
        let store = try market(scratch)
        let now = try store.exposure(of: "m")
        let shares = Dictionary(uniqueKeysWithValues: now.marketShares.map { ($0.id, $0) })
        let nvidia = try XCTUnwrap(shares["nvidia"])
        XCTAssertEqual(nvidia.share, try Share(parsing: "个位数"), "the latest dated claim holds; the ended 95% loses to it")
        XCTAssertFalse(nvidia.conflicting)
        XCTAssertEqual(nvidia.claims.map(\.role), [.current, .superseded, .superseded, .superseded, .excluded])
        XCTAssertEqual(nvidia.claims.last?.claimant, "JPMorgan")
        XCTAssertEqual(shares["huawei"]?.share, try Share(0.4), "an undated claim holds while nothing dated speaks")
        let cambricon = try XCTUnwrap(shares["cambricon"])
        XCTAssertTrue(cambricon.conflicting, "two sources about the same month disagree")
        XCTAssertEqual(cambricon.share, try Share(low: 0.1, high: 0.15))
        XCTAssertTrue(now.warnings.contains { $0.hasPrefix("cambricon: the claims that hold disagree") }, "\(now.warnings)")
        XCTAssertTrue(now.warnings.contains("1 claim(s) not counted (forecast): --include forecast counts them"), "\(now.warnings)")

        let mid = try store.exposure(of: "m", filter: QueryFilter(asOf: try PartialDate(parsing: "2024-06")))
        let then = Dictionary(uniqueKeysWithValues: mid.marketShares.map { ($0.id, $0) })
        XCTAssertEqual(then["nvidia"]?.share, try Share(0.5), "in mid-2024 the mid-2024 claim holds")
        XCTAssertEqual(then["nvidia"]?.claims.filter { $0.role == .later }.map(\.share), [try Share(parsing: "个位数")],
                       "dated by its 2025-12 source, the single digits are later; the ended 95% is only superseded")
        XCTAssertNil(then["cambricon"], "claims as of 2025-12 are not part of the graph as of 2024-06")
        XCTAssertEqual(mid.uncounted.map(\.id), [])
        XCTAssertEqual(try XCTUnwrap(mid.marketTotal).upperBound, 0.9, accuracy: 1e-12)

        let forecast = try store.exposure(of: "m", filter: QueryFilter(include: Modality.counted.union([.forecast])))
        XCTAssertEqual(forecast.marketShares.first { $0.id == "nvidia" }?.share, try Share(0), "included, the 2027 forecast is the latest")
        XCTAssertEqual(try GraphQuery(store: store).exposure(of: "m"), now, "both engines resolve alike")
    }

    func testCheckListsContradictionsAsInformationAndImpossibleClaimsAsProblems() throws {
        let scratch = try Scratch()
        let store = try market(scratch)
        let conflicts = try store.claimConflicts()
        XCTAssertEqual(conflicts.map(\.code.rawValue), ["conflicting_claims"], "\(conflicts)")
        XCTAssertTrue(conflicts.first?.message.hasPrefix("market_share cambricon → m, as of 2025-12: 10% (e") == true, "\(conflicts)")
        XCTAssertTrue(conflicts.first?.message.contains("; new) against 15% (e") == true, "\(conflicts)")
        XCTAssertTrue(conflicts.first?.message.hasSuffix("; y)") == true, "\(conflicts)")
        XCTAssertEqual(try store.check(), [], "a conflict between sources is no problem of the file")
        try store.connection.execute("""
            UPDATE edges SET status = 'approved' WHERE share_low = 0.4;
            UPDATE edges SET as_of = '2025-13' WHERE share_low = 0.1;
            UPDATE edges SET volume = 5, volume_high = 3 WHERE share_low = 0.15;
            """)
        let problems = try store.check()
        XCTAssertEqual(problems.map(\.code.rawValue).sorted(), ["bad_qualifier", "bad_qualifier", "bad_volume"], "\(problems)")
        XCTAssertTrue(problems.contains { $0.message.hasSuffix("has status 'approved', not one of its kind's: active, ended") }, "\(problems)")
    }

    func testOpenBoundsGiveAnHHIRangeAndTotalsAbove100PercentWarn() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        try scratch.write("g/nodes.csv", "id,kind\nm,market\na,company\nb,company\n")
        try scratch.write("g/edges.csv", "source,target,kind,share,source_ref\na,m,market_share,超过95%,s1\nb,m,market_share,40%,s2\n")
        _ = try store.importFiles([scratch.path("g")])
        let report = try store.exposure(of: "m")
        let hhi = try XCTUnwrap(report.herfindahl), total = try XCTUnwrap(report.marketTotal)
        XCTAssertEqual(hhi.lowerBound, 95 * 95 + 40 * 40, accuracy: 1e-6)
        XCTAssertEqual(hhi.upperBound, 100 * 100 + 40 * 40, accuracy: 1e-6)
        XCTAssertEqual(total.lowerBound, 1.35, accuracy: 1e-12)
        XCTAssertTrue(report.warnings.first?.hasPrefix("the shares add up to at least 135%, more than 100%") == true, "\(report.warnings)")
    }

    /// A permission announced or pending is a closed gate, one approved later opens it, one
    /// revoked after that closes it again; a declined order supplies nothing. Both engines.
    func testStatusDecidesWhetherAGateOrASupplyIsInForce() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        try scratch.write("g/nodes.csv", "id,kind\ngov,government\nfab,foundry\nchip,chip\nbuyer,csp\nother,csp\n")
        try scratch.write("g/edges.csv", """
            source,target,kind,input,as_of,status,source_ref
            fab,chip,manufactures,,,,s
            chip,buyer,supplies,H200,,,s
            gov,buyer,licenses,H200,2025-12,announced,s
            other,fab,orders,,,declined,s

            """)
        _ = try store.importFiles([scratch.path("g")])
        func supplied(_ node: String) throws -> Bool {
            let stored = try store.chokepoints(of: node), inMemory = try GraphQuery(store: store).chokepoints(of: node)
            XCTAssertEqual(stored, inMemory, node)
            return stored.supplied
        }
        XCTAssertFalse(try supplied("buyer"), "an announced licence is not one in force")
        XCTAssertEqual(try store.chokepoints(of: "buyer").unmetInputs, ["H200"])
        XCTAssertEqual(try store.chokepoints(of: "buyer").notInForce, ["gov"], "why: the licence is only announced")
        XCTAssertEqual(try store.requirements(of: "buyer").map(\.notInForce), [[], ["gov"]], "the grantor whose licence is not in force")
        XCTAssertFalse(try supplied("other"), "a declined order supplies nothing, and the need for it stays")
        _ = try store.write { try $0.write(Edge(
            source: "gov", target: "buyer", kind: "licenses", input: "H200", asOf: try PartialDate(parsing: "2026-02"), status: "approved",
            citations: [Citation(source: "t")])) }
        XCTAssertTrue(try supplied("buyer"), "approved later: the latest claim decides")
        XCTAssertEqual(try store.chokepoints(of: "buyer").disputed, [])
        _ = try store.write { try $0.write(Edge(
            source: "gov", target: "buyer", kind: "licenses", input: "H200", asOf: try PartialDate(parsing: "2026-02"), status: "pending",
            citations: [Citation(source: "v")])) }
        XCTAssertTrue(try supplied("buyer"), "equally late, one approval is enough")
        XCTAssertEqual(try store.chokepoints(of: "buyer").disputed.count, 2, "and the answer says it rests on both claims")
        XCTAssertEqual(try store.impact(removingNodes: ["fab"]).disputed.count, 2)
        XCTAssertEqual(try store.chokepoints(of: "buyer").chokepoints.map(\.id).sorted(), ["chip", "fab", "gov"])
        _ = try store.write { try $0.write(Edge(
            source: "gov", target: "buyer", kind: "licenses", input: "H200", asOf: try PartialDate(parsing: "2026-03"), status: "revoked",
            citations: [Citation(source: "u")])) }
        XCTAssertFalse(try supplied("buyer"), "revoked after that")
    }

    /// A forecast or a rumoured supply counts only when included, in both engines.
    func testForecastSupplyCountsOnlyWhenIncluded() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        try scratch.write("g/nodes.csv", "id,kind\nfab,foundry\nchip,chip\n")
        try scratch.write("g/edges.csv", "source,target,kind,modality,source_ref\nfab,chip,manufactures,forecast,s\n")
        _ = try store.importFiles([scratch.path("g")])
        let included = QueryFilter(include: Modality.counted.union([.forecast]))
        XCTAssertFalse(try store.chokepoints(of: "chip").supplied)
        XCTAssertFalse(try GraphQuery(store: store).chokepoints(of: "chip").supplied)
        XCTAssertTrue(try store.chokepoints(of: "chip", filter: included).supplied)
        XCTAssertTrue(try GraphQuery(store: store, filter: included).chokepoints(of: "chip").supplied)
        XCTAssertEqual(try store.requirements(of: "chip").first?.notInForce, ["fab"])
    }

    /// Version 3 → 4: every edge keeps its facts (a volume's high end is its amount), the new
    /// built-in kinds join, a user's kind of the same name stays the user's.
    func testAVersion3FileGetsClaims() throws {
        let scratch = try Scratch()
        let path = scratch.path("v3.db")
        let old = try Connection(path: path)
        try old.execute(Schema.version1 + Schema.version2)
        try Schema.migrateToVersion3(old)
        try old.execute("""
            INSERT INTO edge_kinds(name, flow, description, builtin) VALUES ('supplies', 'with', '', 1), ('member_of', 'with', 'mine', 0);
            INSERT INTO nodes(nid, id, kind, name, name_key) VALUES (1, 'a', 'company', 'A', 'a'), (2, 'b', 'company', 'B', 'b');
            INSERT INTO edges(eid, id, source, target, kind, share_low, share_high, volume, unit, valid_from, input)
                VALUES (1, 'ab', 1, 2, 'supplies', 0.2, 0.25, 150000, 'wafers', '2024', 'HBM');
            PRAGMA application_id = \(Schema.applicationID); PRAGMA user_version = 3;
            """)
        let store = try GraphStore(path: path)
        XCTAssertEqual(try store.schemaVersion(), Schema.currentVersion)
        let edge = try XCTUnwrap(try store.edge(id: "ab"))
        XCTAssertEqual(edge.share, try Share(low: 0.2, high: 0.25))
        XCTAssertEqual(edge.volume, try Volume(amount: 150_000, unit: "wafers"))
        XCTAssertEqual(edge.input, "HBM")
        XCTAssertEqual(edge.period.from?.description, "2024")
        XCTAssertNil(edge.asOf)
        let kinds = Dictionary(uniqueKeysWithValues: try store.edgeKinds().map { ($0.name, $0) })
        XCTAssertEqual(kinds["compares_to"]?.flow, EdgeKind.none.flow)
        XCTAssertEqual(kinds["member_of"]?.description, "mine")
        XCTAssertEqual(try store.check(), [])
    }
}

private extension EdgeKind {
    static let none = EdgeKind(name: "", flow: .none)
}
