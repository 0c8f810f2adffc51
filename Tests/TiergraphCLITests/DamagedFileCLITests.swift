import Foundation
@testable import Tiergraph
import XCTest

/// Issue 22: `add` and `import` wrote into a file that `check` reports as corrupt, without a word.
/// Each test damages a real file one way, then every write must refuse it, exit non-zero, name
/// the damage, and leave the file exactly as it was (byte for byte, no `-wal` left beside it).
final class DamagedFileCLITests: CLITestCase {
    /// Imports the fixture into `g.db`, closes it, and hands back its path.
    private func graph() throws -> String {
        try writeFixture()
        _ = try ok(["import", "data", "--db", "g.db"])
        return path("g.db")
    }

    /// The writes a user makes, each of which must refuse the damaged `g.db` saying `words`.
    private func assertEveryWriteRefuses(saying words: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try XCTUnwrap(FileManager.default.contents(atPath: path("g.db")))
        for command in [
            ["add", "node", "smic", "--kind", "foundry"], ["add", "edge", "tsmc", "nvidia", "--kind", "supplies"],
            ["import", "data"], ["import", "data", "--dry-run"], ["remove", "node", "h20-a"], ["reindex"],
        ] {
            let result = try run(command + ["--db", "g.db"])
            XCTAssertNotEqual(result.status, 0, "tiergraph \(command.joined(separator: " ")) wrote into a damaged file", file: file, line: line)
            XCTAssertTrue(result.stderr.contains(words), "\(command): \(result.stderr)", file: file, line: line)
            XCTAssertEqual(result.stdout, "", file: file, line: line)
            XCTAssertEqual(FileManager.default.contents(atPath: path("g.db")), before, "\(command) changed the file", file: file, line: line)
            XCTAssertFalse(FileManager.default.fileExists(atPath: path("g.db-wal")), file: file, line: line)
        }
    }

    /// Overwrites `bytes` at `offset` of page `page` (1-based) of `g.db`.
    private func overwrite(page: Int64, offset: Int64, with bytes: [UInt8]) throws {
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: path("g.db")))
        try handle.seek(toOffset: UInt64((page - 1) * 4096 + offset))
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    /// The root page of `table` in `g.db` (read, then the connection closed).
    private func rootPage(of table: String) throws -> Int64 {
        let connection = try Connection(path: path("g.db"), create: false)
        return try XCTUnwrap(connection.scalar("SELECT rootpage FROM sqlite_schema WHERE name = ?", [.text(table)])?.int64)
    }

    func testBytesFlippedInAPageOfEdgesAreRefusedByEveryWrite() throws {
        _ = try graph()
        // The edges' b-tree page: its cell pointers now point beyond the page (a leaf here: 8-byte header).
        try overwrite(page: try rootPage(of: "edges"), offset: 8, with: [0xFF, 0xF0, 0xFF, 0xF0])
        let report = try run(["check", "--db", "g.db"])
        XCTAssertEqual(report.status, 1)
        XCTAssertTrue(report.stdout.contains("integrity: "), "check names the damage: \(report.stdout)")
        try assertEveryWriteRefuses(saying: "'g.db' is damaged, so nothing was written")
        try assertEveryWriteRefuses(saying: "out of range")
        try assertEveryWriteRefuses(saying: "run `tiergraph check --db g.db`")
    }

    func testATruncatedFileIsRefusedAsDamaged() throws {
        let file = try graph()
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        XCTAssertEqual(truncate(file, off_t(size / 2 / 4096 * 4096)), 0)
        try assertEveryWriteRefuses(saying: "'g.db' is damaged: SQLite cannot read it (database disk image is malformed")
        try fails(["check", "--db", "g.db"], saying: "restore the file from a backup")
    }

    func testRowsThatBreakTheGraphsRulesAreRefused() throws {
        _ = try graph()
        do {  // closed before the commands run
            let connection = try Connection(path: path("g.db"), create: false)
            try connection.execute("PRAGMA foreign_keys = OFF; UPDATE edges SET target = 9999 WHERE eid = (SELECT min(eid) FROM edges)")
        }
        let report = try run(["check", "--db", "g.db"])
        XCTAssertEqual(report.status, 1)
        XCTAssertTrue(report.stdout.contains("dangling_edge: "), report.stdout)
        try assertEveryWriteRefuses(saying: "has no target node")
        // A search builds its index on first use: not into a damaged file, but for itself alone.
        let before = try XCTUnwrap(FileManager.default.contents(atPath: path("g.db")))
        let found = try ok(["search", "TSMC", "--db", "g.db"])
        XCTAssertTrue(found.contains("tsmc"), found)
        XCTAssertEqual(FileManager.default.contents(atPath: path("g.db")), before, "search wrote its index into a damaged file")
        let connection = try Connection(path: path("g.db"), create: false)
        XCTAssertEqual(try connection.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'search_text'")?.int64, 0)
    }

    func testAPeriodEndingBeforeItStartsWrittenBySQLIsRefused() throws {
        _ = try graph()
        do {  // closed before the commands run
            let connection = try Connection(path: path("g.db"), create: false)
            try connection.execute("UPDATE edges SET valid_from = '2025', valid_to = '2023' WHERE eid = (SELECT min(eid) FROM edges)")
        }
        try assertEveryWriteRefuses(saying: "bad_period: edge ")
    }

    func testAFreePageCountBeyondTheFileIsRefused() throws {
        _ = try graph()
        // The header's free-page count (offset 36) now counts more pages than the file has.
        try overwrite(page: 1, offset: 36, with: [0x00, 0x00, 0x13, 0x88])
        try assertEveryWriteRefuses(saying: "free pages in a file of")
    }
}
