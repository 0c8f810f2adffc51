import XCTest
@testable import Tiergraph

/// `edges --where`: conditions on edge fields, ends, citations and properties, on a real file.
final class EdgeSearchTests: XCTestCase {
    private func store(_ scratch: Scratch) throws -> GraphStore {
        let store = try scratch.store()
        try store.write { writer in
            for (id, kind, name) in [("asml", "company", "ASML"), ("tsmc", "foundry", "TSMC"), ("smic", "foundry", "SMIC"), ("nvidia", "company", "Nvidia")] {
                try writer.write(Node(id: id, kind: kind, name: name))
            }
            try writer.write(Edge(id: "euv", source: "asml", target: "tsmc", kind: "supplies", input: "EUV lithography tools",
                                  share: try Share(1), asOf: try PartialDate(parsing: "2025-06"),
                                  properties: ["units": .int(40)], citations: [Citation(source: "s1", quote: "ASML 是唯一的 EUV 供应商")]))
            try writer.write(Edge(id: "duv", source: "asml", target: "smic", kind: "supplies", input: "DUV lithography tools",
                                  share: try Share(low: 0.4, high: 0.6), status: "ended", citations: [Citation(source: "s2", quote: "禁令之后停止供货")]))
            try writer.write(Edge(id: "wafers", source: "tsmc", target: "nvidia", kind: "manufactures", properties: ["units": .int(5)]))
        }
        return store
    }

    private func ids(_ store: GraphStore, _ conditions: [String], kinds: [String] = [], from: String? = nil, to: String? = nil) throws -> [String] {
        let query = EdgeQuery(kinds: kinds, conditions: try conditions.map { try EdgeCondition(parsing: $0) }, from: from, to: to)
        return try store.edges(matching: query).map(\.edge.effectiveID)
    }

    func testConditionsOnFieldsEndsCitationsAndProperties() throws {
        let scratch = try Scratch()
        let store = try store(scratch)
        XCTAssertEqual(try ids(store, ["input~euv"]), ["euv"], "contains is case-insensitive")
        XCTAssertEqual(try ids(store, ["input~lithography"]), ["duv", "euv"])
        XCTAssertEqual(try ids(store, ["share>=50%"]), ["euv"], ">= tests the low end of a range")
        XCTAssertEqual(try ids(store, ["share<=0.6"]), ["duv"], "<= tests the high end")
        XCTAssertEqual(try ids(store, ["share=0.5"]), ["duv"], "= tests whether the range holds the value")
        XCTAssertEqual(try ids(store, ["status=ended"]), ["duv"])
        XCTAssertEqual(try ids(store, ["status!=ended"]), ["wafers", "euv"], "!= keeps edges without the field")
        XCTAssertEqual(try ids(store, ["as_of>=2025"]), ["euv"])
        XCTAssertEqual(try ids(store, ["quote~禁令"]), ["duv"])
        XCTAssertEqual(try ids(store, ["source_ref=s1"]), ["euv"])
        XCTAssertEqual(try ids(store, ["source_ref!=s1"]), ["wafers", "duv"], "by kind first")
        XCTAssertEqual(try ids(store, ["units>10"]), ["euv"])
        XCTAssertEqual(try ids(store, ["target_kind=foundry", "source_name=ASML"]), ["duv", "euv"])
        XCTAssertEqual(try ids(store, [], kinds: ["manufactures"]), ["wafers"])
        XCTAssertEqual(try ids(store, [], kinds: ["supplies,manufactures"], to: "TSMC"), ["euv"], "ends resolve by name")
        XCTAssertEqual(try ids(store, [], from: "tsmc"), ["wafers"])
        let named = try store.edges(matching: EdgeQuery(conditions: [try EdgeCondition(parsing: "id=euv")]))
        guard case .object(let object)? = named.first?.json else { return XCTFail("no edge") }
        XCTAssertEqual(object["source_name"], .string("ASML"))
        XCTAssertEqual(object["target_name"], .string("TSMC"))
        XCTAssertEqual(try store.edges(matching: EdgeQuery(limit: 2)).count, 2)
    }

    func testTyposAreErrorsNamingTheClosestNames() throws {
        let scratch = try Scratch()
        let store = try store(scratch)
        XCTAssertThrowsError(try ids(store, ["inptu~EUV"])) { XCTAssertTrue("\($0)".contains("known ones are input"), "\($0)") }
        XCTAssertThrowsError(try ids(store, ["unit>3"])) { XCTAssertTrue("\($0)".contains("unit is text"), "\($0)") }
        XCTAssertThrowsError(try ids(store, [], kinds: ["suplies"])) { XCTAssertTrue("\($0)".contains("known ones are supplies"), "\($0)") }
        XCTAssertThrowsError(try ids(store, ["kind=manufacture"])) { XCTAssertTrue("\($0)".contains("known ones are manufactures"), "\($0)") }
        XCTAssertThrowsError(try ids(store, ["share~4"])) { XCTAssertTrue("\($0)".contains("share is a number"), "\($0)") }
        XCTAssertThrowsError(try EdgeCondition(parsing: "share>=half")) { XCTAssertTrue("\($0)".contains("compares numbers"), "\($0)") }
        XCTAssertThrowsError(try EdgeCondition(parsing: "input")) { XCTAssertTrue("\($0)".contains("is no condition"), "\($0)") }
        XCTAssertThrowsError(try ids(store, [], from: "nobody")) { XCTAssertTrue("\($0)".contains("no node"), "\($0)") }
    }
}
