import Foundation
import XCTest

/// `tiergraph check --sources DIR`: the curated graph's quotes against the seed articles.
final class QuoteCheckCLITests: CLITestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The seed articles beside the checkout. CI always has them (`CI=true`): there a missing
    /// folder fails; elsewhere the tests that need them are skipped (as in CuratedGraphTests).
    private func seeds() throws -> String {
        let seeds = Self.root.deletingLastPathComponent().appendingPathComponent("shared/seeds")
        guard FileManager.default.fileExists(atPath: seeds.path) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw CocoaError(.fileNoSuchFile) }
            throw XCTSkip("the seed articles (../shared/seeds) are not beside this checkout")
        }
        return seeds.path
    }

    /// Runs `sqlite3` on the test's database and returns its output.
    @discardableResult
    private func sqlite(_ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path("g.db"), sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, sql)
        return text.trimmingCharacters(in: .newlines)
    }

    func testEveryQuoteOfTheCuratedGraphIsInItsSeedArticle() throws {
        let seeds = try seeds()
        _ = try ok(["import", Self.root.appendingPathComponent("Graph").path, "--db", "g.db"])
        let result = try run(["check", "--db", "g.db", "--sources", seeds])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        // The conflicts between articles are information lines, not findings about quotes.
        let lines = result.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("info: conflicting_claims: ") }
        XCTAssertEqual(lines.count, 2, result.stdout)
        XCTAssertEqual(lines.first, "ok: no problems found")
        let total = try XCTUnwrap(Int(try sqlite("""
            SELECT (SELECT count(*) FROM node_citations WHERE quote <> '') + (SELECT count(*) FROM edge_citations WHERE quote <> '')
                + (SELECT count(*) FROM node_claims WHERE quote <> '')
            """)))
        XCTAssertGreaterThan(total, 90)
        XCTAssertEqual(lines.last, "quotes: \(total) of \(total) found verbatim in \(seeds)")

        let report = try json(try ok(["check", "--db", "g.db", "--sources", seeds, "--format", "json"]))
        XCTAssertEqual(report["ok"] as? Bool, true)
        XCTAssertEqual((report["quotes"] as? [Any])?.count, 0)
        XCTAssertEqual(report["quotes_found"] as? Int, total)
        XCTAssertEqual(report["quotes_checked"] as? Int, total)
    }

    func testAnAlteredQuoteFailsTheCheckAndIsNamed() throws {
        let seeds = try seeds()
        _ = try ok(["import", Self.root.appendingPathComponent("Graph").path, "--db", "g.db"])
        let invented = "H200由三星代工（测试中伪造的引文）"
        let row = try sqlite("""
            SELECT e.id || '|' || s.id FROM edge_citations c JOIN edges e ON e.eid = c.edge JOIN sources s ON s.sid = c.source
            WHERE c.quote <> '' AND s.id LIKE '%#%' ORDER BY e.id, s.id LIMIT 1
            """).split(separator: "|").map(String.init)
        XCTAssertEqual(row.count, 2, "the curated graph cites a part of the bundle")
        guard row.count == 2 else { return }
        try sqlite("""
            UPDATE edge_citations SET quote = '\(invented)'
            WHERE edge = (SELECT eid FROM edges WHERE id = '\(row[0])') AND source = (SELECT sid FROM sources WHERE id = '\(row[1])')
            """)
        let result = try run(["check", "--db", "g.db", "--sources", seeds])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertFalse(result.stdout.contains("ok:"), result.stdout)
        XCTAssertTrue(result.stdout.contains("quote_not_found: edge \(row[0]): quote not found in \(row[1]) (part "), result.stdout)
        XCTAssertTrue(result.stdout.contains("“\(invented)”\n"), result.stdout)
        XCTAssertEqual(result.stdout.components(separatedBy: "quote_not_found").count, 2, "one quote is reported: \(result.stdout)")

        let report = try json(try run(["check", "--db", "g.db", "--sources", seeds, "--format", "json"]).stdout)
        XCTAssertEqual(report["ok"] as? Bool, false)
        let quotes = try XCTUnwrap(report["quotes"] as? [[String: Any]])
        XCTAssertEqual(quotes.count, 1)
        XCTAssertEqual(quotes.first?["code"] as? String, "quote_not_found")
        XCTAssertEqual(quotes.first?["source"] as? String, row[1])
        XCTAssertEqual(quotes.first?["quote"] as? String, invented)
        XCTAssertEqual(quotes.first?["owner"] as? [String: String], ["type": "edge", "id": row[0]])
    }

    func testAMissingOrNonFolderSourcesIsAnError() throws {
        try writeFixture()
        _ = try ok(["import", "data", "--db", "g.db"])
        try fails(["check", "--db", "g.db", "--sources", "nowhere"], saying: "--sources: no folder at '\(path("nowhere"))'")
        try fails(["check", "--db", "g.db", "--sources", "data/nodes.csv"], saying: "is not a folder")
        // The fixture's sources are named by citations only: no file for seed-0 here.
        let result = try run(["check", "--db", "g.db", "--sources", "data"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.hasPrefix("source_file_missing: source seed-0: no file "), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix("quotes: 0 of 2 found verbatim in data (2 not checked)\n"), result.stdout)
    }
}
