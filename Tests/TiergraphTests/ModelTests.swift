import XCTest
@testable import Tiergraph

final class ShareTests: XCTestCase {
    func testParsesFractionsPercentagesAndRanges() throws {
        XCTAssertEqual(try Share(parsing: "0.25"), try Share(0.25))
        XCTAssertEqual(try Share(parsing: "25%"), try Share(0.25))
        XCTAssertEqual(try Share(parsing: " 25 % "), try Share(0.25))
        XCTAssertEqual(try Share(parsing: "59.45%").low, 0.5945, accuracy: 1e-12)
        XCTAssertEqual(try Share(parsing: "40-60%"), try Share(low: 0.4, high: 0.6))
        XCTAssertEqual(try Share(parsing: "40%-60%"), try Share(low: 0.4, high: 0.6))
        XCTAssertEqual(try Share(parsing: "20%—25%"), try Share(low: 0.2, high: 0.25))
        XCTAssertEqual(try Share(parsing: "0.4-0.6"), try Share(low: 0.4, high: 0.6))
        XCTAssertEqual(try Share(parsing: "0"), try Share(0))
        XCTAssertEqual(try Share(parsing: "1"), try Share(1))
        XCTAssertEqual(try Share(parsing: "1e-3"), try Share(0.001))
    }

    func testRejectsOutOfRangeAndMalformedShares() {
        for text in ["120%", "1.5", "-5%", "abc", "", "60-40%", "25%%", "nan", "inf"] {
            XCTAssertThrowsError(try Share(parsing: text), "'\(text)' should be rejected")
        }
    }

    func testDescriptionAndMidpoint() throws {
        XCTAssertEqual(try Share(0.5945).description, "59.45%")
        let range = try Share(low: 0.4, high: 0.6)
        XCTAssertEqual(range.description, "40%–60%")
        XCTAssertEqual(range.value, 0.5, accuracy: 1e-12)
        XCTAssertTrue(range.isRange)
    }
}

final class DateAndPeriodTests: XCTestCase {
    func testPartialDates() throws {
        let year = try PartialDate(parsing: "2025")
        XCTAssertEqual(year.lowerBound, "2025-01-01")
        XCTAssertEqual(year.upperBound, "2025-12-31")
        XCTAssertEqual(try PartialDate(parsing: "2024-02").upperBound, "2024-02-29")
        XCTAssertEqual(try PartialDate(parsing: "2025-02").upperBound, "2025-02-28")
        XCTAssertEqual(try PartialDate(parsing: "2025/3/7").description, "2025-03-07")
        for text in ["25", "2025-13", "2025-02-29", "2025-04-31", "December 2025", "2025-1x", ""] {
            XCTAssertThrowsError(try PartialDate(parsing: text), "'\(text)' should be rejected")
        }
    }

    func testPeriodContainsAndOrder() throws {
        let period = try Period(from: PartialDate(parsing: "2025-04"), to: PartialDate(parsing: "2025"))
        XCTAssertTrue(period.contains(try PartialDate(parsing: "2025-04-01")))
        XCTAssertTrue(period.contains(try PartialDate(parsing: "2025-12-31")))
        XCTAssertFalse(period.contains(try PartialDate(parsing: "2025-03-31")))
        XCTAssertFalse(period.contains(try PartialDate(parsing: "2026")))
        XCTAssertTrue(Period.always.contains(try PartialDate(parsing: "1999")))
        XCTAssertThrowsError(try Period(from: PartialDate(parsing: "2025"), to: PartialDate(parsing: "2024-12")))
    }
}

final class VolumeTests: XCTestCase {
    func testParsesNumbersWithUnits() throws {
        XCTAssertEqual(try Volume(parsing: "16e9 USD"), try Volume(amount: 16e9, unit: "USD"))
        XCTAssertEqual(try Volume(parsing: "1,500,000 cards"), try Volume(amount: 1_500_000, unit: "cards"))
        XCTAssertEqual(try Volume(parsing: "150000", unit: "cards"), try Volume(amount: 150_000, unit: "cards"))
        XCTAssertEqual(try Volume(parsing: "2 nm", unit: "wafers").unit, "wafers", "an explicit unit wins")
        XCTAssertEqual(try Volume(parsing: "16e9 USD").description, "16000000000 USD")
        for text in ["lots", "", "USD 16e9", "inf"] {
            XCTAssertThrowsError(try Volume(parsing: text), "'\(text)' should be rejected")
        }
    }
}

final class JSONValueTests: XCTestCase {
    func testSerializationIsCanonical() {
        let value: JSONValue = ["b": 1, "a": [true, .null, 2.5], "c": "引号\"\\\n\u{1}"]
        XCTAssertEqual(value.serialized(), #"{"a":[true,null,2.5],"b":1,"c":"引号\"\\\n\u0001"}"#)
        XCTAssertEqual(JSONValue.double(141).serialized(), "141")
        XCTAssertEqual(JSONValue.double(0.1).serialized(), "0.1")
    }

    func testInferenceKeepsNumbersAndCodes() {
        XCTAssertEqual(JSONValue(inferring: "141"), .int(141))
        XCTAssertEqual(JSONValue(inferring: "-3"), .int(-3))
        XCTAssertEqual(JSONValue(inferring: "4.8"), .double(4.8))
        XCTAssertEqual(JSONValue(inferring: "true"), .bool(true))
        XCTAssertEqual(JSONValue(inferring: "007"), .string("007"), "leading zeros are codes, not numbers")
        XCTAssertEqual(JSONValue(inferring: "+5"), .string("+5"))
        XCTAssertEqual(JSONValue(inferring: "0"), .int(0))
        XCTAssertEqual(JSONValue(inferring: "0.5"), .double(0.5))
        XCTAssertEqual(JSONValue(inferring: "-0.5"), .double(-0.5))
        XCTAssertEqual(JSONValue(inferring: ".5"), .double(0.5))
        XCTAssertEqual(JSONValue(inferring: "HBM3e"), .string("HBM3e"))
        XCTAssertEqual(JSONValue(inferring: "nan"), .string("nan"))
        XCTAssertEqual(JSONValue(inferring: "4.8TB/s"), .string("4.8TB/s"))
    }

    func testRoundTripThroughDecoder() throws {
        let value: JSONValue = ["hbm_gb": 141, "bandwidth": 4.8, "flags": [true, false], "name": "H200", "none": .null]
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(value.serialized().utf8))
        XCTAssertEqual(decoded, value)
    }
}

final class EdgeIDTests: XCTestCase {
    func testDerivedIDsAreStableAndDistinguishNaturalKeys() throws {
        let edge = Edge(source: "tsmc", target: "nvidia", kind: "supplies", citations: [Citation(source: "a")])
        XCTAssertTrue(edge.effectiveID.hasPrefix("e"))
        XCTAssertEqual(edge.effectiveID.count, 17)
        var other = edge
        other.period = try Period(from: PartialDate(parsing: "2025"))
        XCTAssertNotEqual(other.effectiveID, edge.effectiveID)
        other = edge
        other.citations = [Citation(source: "b")]
        XCTAssertNotEqual(other.effectiveID, edge.effectiveID)
        other = edge
        other.share = try Share(0.5)
        XCTAssertEqual(other.effectiveID, edge.effectiveID, "the share is a fact about the edge, not part of its identity")
        other = edge
        other.citations = [Citation(source: "a", quote: "another quote")]
        XCTAssertEqual(other.effectiveID, edge.effectiveID)
        let swapped = Edge(source: "tsmcn", target: "vidia", kind: "supplies", citations: [Citation(source: "a")])
        XCTAssertNotEqual(swapped.effectiveID, edge.effectiveID, "fields are separated inside the hash")
        XCTAssertEqual(Edge(id: "mine", source: "a", target: "b", kind: "owns").effectiveID, "mine")
    }

    func testDerivedIDMatchesAnIndependentFNV1aComputation() {
        // Computed outside Swift (Python) from the documented recipe: 64-bit FNV-1a over
        // source, target, kind, valid_from, valid_to and the sorted source refs, each followed by 0x1f.
        let edge = Edge(source: "tsmc", target: "nvidia", kind: "supplies", citations: [Citation(source: "a")])
        XCTAssertEqual(edge.effectiveID, "eb73c081ce0a26e83")
    }
}
