import Foundation
import XCTest
@testable import Tiergraph

/// What the fuzz targets of Fuzz/ found (RELIABILITY.md), kept as tests of the normal suite.
final class FuzzFindingsTests: XCTestCase {
    /// fuzz-values: `0%~4` is the range 0–4%, which `exactText` wrote `<=0.04` (the end at 0
    /// left open, as for reading): that reads back as a different share, worded `<=0.04`, and a
    /// DOT or CSV export of the edge imported with that wording added. It is written `0–0.04` now.
    func testAShareFromZeroReadsBackFromItsExactText() throws {
        for text in ["0%~4", "0-4%", "0%–100%", "40%~100%", "<=4%", ">95%", "~30%", "个位数"] {
            let share = try Share(parsing: text)
            XCTAssertEqual(try Share(parsing: share.exactText), share, "\(text) is written \(share.exactText)")
        }
        let scratch = try Scratch()
        let store = try scratch.store()
        _ = try store.importFiles([try scratch.write("g.csv", "source,target,kind,share\na,b,owns,0%~4\n"),
                                   try scratch.write("n.csv", "id,kind\na,company\nb,company\n")])
        let dot = DOTWriter(purpose: .data).write(try store.select(.all), flows: try store.flows())
        let copy = try scratch.store("copy.db")
        _ = try copy.importFiles([try scratch.write("g.dot", dot)])
        XCTAssertEqual(try copy.select(.all).edges, try store.select(.all).edges)
    }
}
