import Foundation
import XCTest
@testable import Tiergraph

/// `GraphStore.checkQuotes(sources:)` on real SQLite files and real source files.
final class QuoteCheckTests: XCTestCase {
    /// A store in `scratch` with these sources (id, url) and citations (owner, source, quote):
    /// each owner is a node `a`, `b`… or an edge `e1`, `e2`… (from node `x` to node `y`).
    private func store(
        _ scratch: Scratch, sources: [(String, String?)], citations: [(QuoteFinding.Owner, String, String?)]
    ) throws -> GraphStore {
        let store = try scratch.store()
        try store.write { writer in
            for (id, url) in sources { try writer.write(Source(id: id, url: url)) }
            try writer.write(Node(id: "x", kind: "company"))
            try writer.write(Node(id: "y", kind: "company"))
            for (owner, source, quote) in citations {
                switch owner {
                case .node(let id): try writer.write(Node(id: id, kind: "company", citations: [Citation(source: source, quote: quote)]))
                case .edge(let id):
                    try writer.write(Edge(id: id, source: "x", target: "y", kind: "supplies", citations: [Citation(source: source, quote: quote)]))
                }
            }
        }
        return store
    }

    private func folder(_ scratch: Scratch) -> URL { scratch.url.appendingPathComponent("sources") }

    func testAFoundQuoteIsNoFindingAndAMissingOneIsReportedWithItsOwner() throws {
        let scratch = try Scratch()
        try scratch.write("sources/a.txt", "英伟达向中国出售H200。台积电代工。\n")
        let store = try store(scratch, sources: [("a.txt", nil)], citations: [
            (.node("n1"), "a.txt", "英伟达向中国出售H200"),
            (.edge("e1"), "a.txt", "三星代工"),
            (.node("n2"), "a.txt", nil),
        ])
        let report = try store.checkQuotes(sources: folder(scratch))
        XCTAssertEqual(report.quotes, 2, "a citation without a quote is not counted")
        XCTAssertEqual(report.checked, 2)
        XCTAssertEqual(report.found, 1)
        XCTAssertEqual(report.findings.map(\.code.rawValue), ["quote_not_found"])
        let finding = try XCTUnwrap(report.findings.first)
        XCTAssertEqual(finding.owner, .edge("e1"))
        XCTAssertEqual(finding.source, "a.txt")
        XCTAssertEqual(finding.quote, "三星代工")
        XCTAssertTrue(finding.isError)
        XCTAssertTrue(report.hasErrors)
        XCTAssertTrue(finding.message.hasPrefix("edge e1: quote not found in a.txt"), finding.message)
        XCTAssertTrue(finding.message.hasSuffix("“三星代工”"), finding.message)
        XCTAssertFalse(finding.message.contains("collapsed"), finding.message)
    }

    func testTheQuotesOfNodeClaimsAreCheckedToo() throws {
        let scratch = try Scratch()
        try scratch.write("sources/a.txt", "H200于2023年11月发布。\n")
        let store = try store(scratch, sources: [("a.txt", nil)], citations: [])
        try store.write { writer in
            try writer.write(PropertyClaim(key: "released", value: "2023-11", citation: Citation(source: "a.txt", quote: "H200于2023年11月发布")), node: "x")
            try writer.write(PropertyClaim(key: "released", value: "2024", citation: Citation(source: "a.txt", quote: "2024年发布")), node: "x")
        }
        let report = try store.checkQuotes(sources: folder(scratch))
        XCTAssertEqual([report.quotes, report.found], [2, 1])
        XCTAssertEqual(report.findings.map(\.owner), [.node("x")])
        XCTAssertEqual(report.findings.first?.quote, "2024年发布")
    }

    func testTheUrlNamesTheFileAndTheIdsPartSelectsAnArticle() throws {
        let scratch = try Scratch()
        try scratch.write("sources/bundle.txt", """
            搜索文档
            第一篇标题
            甲报· 2025-12-09 06:37
            第一篇正文：台积电代工H200
            第二篇标题
            乙网· 2025-12-09 06:31
            第二篇正文：百度持股59.45%

            """)
        let store = try store(scratch, sources: [
            ("b#1", "bundle.txt"), ("b#2", "bundle.txt"), ("b#3", "bundle.txt"),
        ], citations: [
            (.node("n1"), "b#1", "第一篇正文：台积电代工H200"),
            (.node("n2"), "b#2", "乙网· 2025-12-09 06:31\n第二篇正文"),
            (.node("n3"), "b#2", "台积电代工H200"),
            (.node("n4"), "b#1", "搜索文档"),
            (.node("n5"), "b#3", "百度"),
            (.edge("e1"), "b#3", "持股"),
        ])
        let report = try store.checkQuotes(sources: folder(scratch))
        XCTAssertEqual(report.quotes, 6)
        XCTAssertEqual(report.checked, 4)
        XCTAssertEqual(report.found, 2)
        XCTAssertEqual(report.findings.map(\.code.rawValue), ["quote_not_found", "quote_not_found", "source_part_missing"])
        guard report.findings.count == 3 else { return }
        XCTAssertEqual(report.findings.map(\.owner), [.node("n4"), .node("n3"), nil])
        // A quote of part 1 cited as part 2 says where it is; the text before the first title is in no part.
        let misnumbered = report.findings[1]
        XCTAssertTrue(misnumbered.message.contains("not found in b#2 (part 2 of "), misnumbered.message)
        XCTAssertTrue(misnumbered.message.contains("; it is in part 1"), misnumbered.message)
        XCTAssertFalse(report.findings[0].message.contains("it is in part"), report.findings[0].message)
        // Part 3 is missing: reported once for the source, not once per quote.
        let part = report.findings[2]
        XCTAssertEqual(part.source, "b#3")
        XCTAssertTrue(part.message.contains("no part 3 in "), part.message)
        XCTAssertTrue(part.message.contains("which has 2 part(s)"), part.message)
        XCTAssertTrue(part.message.contains("2 quote(s) not checked"), part.message)
    }

    func testAFileWithoutBylinesHasNoParts() throws {
        let scratch = try Scratch()
        try scratch.write("sources/plain.txt", "just text\n")
        let store = try store(scratch, sources: [("plain.txt#1", nil)], citations: [(.node("n1"), "plain.txt#1", "just text")])
        let report = try store.checkQuotes(sources: folder(scratch))
        XCTAssertEqual(report.findings.map(\.code.rawValue), ["source_part_missing"])
        guard report.findings.count == 1 else { return }
        XCTAssertTrue(report.findings[0].message.contains("has no parts"), report.findings[0].message)
    }

    func testAMissingFileIsReportedOncePerSource() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(at: folder(scratch), withIntermediateDirectories: true)
        let store = try store(scratch, sources: [("gone.txt#1", nil), ("gone.txt#2", nil)], citations: [
            (.node("n1"), "gone.txt#1", "a"), (.node("n2"), "gone.txt#1", "b"), (.edge("e1"), "gone.txt#2", "c"),
        ])
        let report = try store.checkQuotes(sources: folder(scratch))
        XCTAssertEqual(report.findings.map(\.code.rawValue), ["source_file_missing", "source_file_missing"])
        guard report.findings.count == 2 else { return }
        XCTAssertEqual(report.findings.map(\.source), ["gone.txt#1", "gone.txt#2"])
        XCTAssertEqual(report.findings.map(\.owner), [nil, nil])
        XCTAssertTrue(report.findings[0].message.contains(folder(scratch).appendingPathComponent("gone.txt").path), report.findings[0].message)
        XCTAssertTrue(report.findings[0].message.contains("2 quote(s) not checked"), report.findings[0].message)
        XCTAssertEqual(report.checked, 0)
        XCTAssertEqual(report.found, 0)
        XCTAssertTrue(report.hasErrors)
    }

    func testANonLocalUrlIsInformationAndAFileUrlIsAFile() throws {
        let scratch = try Scratch()
        let local = try scratch.write("elsewhere/local.txt", "本地文件的引文\n")
        let store = try store(scratch, sources: [
            ("web", "https://example.com/article"), ("local", URL(fileURLWithPath: local).absoluteString),
        ], citations: [
            (.node("n1"), "web", "anything at all"), (.edge("e1"), "web", "more"), (.node("n2"), "local", "本地文件的引文"),
        ])
        try FileManager.default.createDirectory(at: folder(scratch), withIntermediateDirectories: true)
        let report = try store.checkQuotes(sources: folder(scratch))
        XCTAssertEqual(report.findings.map(\.code.rawValue), ["source_not_local"])
        guard report.findings.count == 1 else { return }
        let finding = report.findings[0]
        XCTAssertEqual(finding.source, "web")
        XCTAssertFalse(finding.isError)
        XCTAssertFalse(report.hasErrors)
        XCTAssertTrue(finding.message.contains("not checked (not a local file): https://example.com/article"), finding.message)
        XCTAssertEqual(report.quotes, 3)
        XCTAssertEqual(report.checked, 1)
        XCTAssertEqual(report.found, 1)
    }

    func testAWhitespaceNearMissIsNotFoundButSaysSo() throws {
        let scratch = try Scratch()
        try scratch.write("sources/a.txt", "库存主要集中在英伟达 和代工模组厂商\n上游台系ODM厂库存极低\n")
        let store = try store(scratch, sources: [("a.txt", nil)], citations: [
            (.node("n1"), "a.txt", "库存主要集中在英伟达  和代工模组厂商 上游台系ODM厂"),
            (.node("n2"), "a.txt", "英伟达和代工模组厂商"),
        ])
        let report = try store.checkQuotes(sources: folder(scratch))
        XCTAssertEqual(report.findings.map(\.code.rawValue), ["quote_not_found", "quote_not_found"])
        guard report.findings.count == 2 else { return }
        XCTAssertTrue(report.findings[0].message.contains("it would match if runs of whitespace were collapsed to one space"),
                      report.findings[0].message)
        XCTAssertFalse(report.findings[1].message.contains("collapsed"), "removing a space is not collapsing: \(report.findings[1].message)")
        XCTAssertEqual(report.found, 0)
    }

    func testALineBreakInAQuoteIsShownEscapedSoTheMessageIsOneLine() throws {
        let scratch = try Scratch()
        try scratch.write("sources/a.txt", "one two\n")
        let store = try store(scratch, sources: [("a.txt", nil)], citations: [(.node("n1"), "a.txt", "one\r\ntwo")])
        let finding = try XCTUnwrap(try store.checkQuotes(sources: folder(scratch)).findings.first)
        XCTAssertFalse(finding.message.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }, finding.message)
        XCTAssertTrue(finding.message.hasSuffix("“one\\r\\ntwo”"), finding.message)
        XCTAssertEqual(finding.quote, "one\r\ntwo", "the quote itself is kept as stored")
    }

    func testFilesThatAreNotRegularOrNotUTF8AreRefusedUnread() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(at: folder(scratch).appendingPathComponent("dir.txt"), withIntermediateDirectories: true)
        try scratch.write("sources/latin1.txt", bytes: [0x63, 0x61, 0x66, 0xE9])
        XCTAssertEqual(mkfifo(folder(scratch).appendingPathComponent("fifo.txt").path, 0o600), 0)
        let store = try store(scratch, sources: [("dir.txt", nil), ("fifo.txt", nil), ("latin1.txt", nil)], citations: [
            (.node("n1"), "dir.txt", "a"), (.node("n2"), "fifo.txt", "b"), (.node("n3"), "latin1.txt", "caf"),
        ])
        let report = try store.checkQuotes(sources: folder(scratch))
        XCTAssertEqual(report.findings.map(\.code.rawValue), ["source_file_unreadable", "source_file_unreadable", "source_file_unreadable"])
        guard report.findings.count == 3 else { return }
        XCTAssertTrue(report.findings[0].message.contains("it is a folder, not a regular file"), report.findings[0].message)
        XCTAssertTrue(report.findings[1].message.contains("it is a FIFO (named pipe), not a regular file"), report.findings[1].message)
        XCTAssertTrue(report.findings[2].message.contains("not UTF-8 text (an invalid byte at offset 3)"), report.findings[2].message)
        XCTAssertEqual(report.checked, 0)
    }

    func testFindingsAreOrderedBySourceThenNodesThenEdges() throws {
        let scratch = try Scratch()
        try scratch.write("sources/a.txt", "text\n")
        try scratch.write("sources/b.txt", "text\n")
        let store = try store(scratch, sources: [("b.txt", nil), ("a.txt", nil)], citations: [
            (.edge("e2"), "b.txt", "q1"), (.node("n9"), "b.txt", "q2"), (.edge("e1"), "a.txt", "q3"), (.node("n2"), "a.txt", "q4"),
            (.node("n1"), "a.txt", "q5"),
        ])
        let findings = try store.checkQuotes(sources: folder(scratch)).findings
        XCTAssertEqual(findings.map(\.source), ["a.txt", "a.txt", "a.txt", "b.txt", "b.txt"])
        XCTAssertEqual(findings.map(\.owner), [.node("n1"), .node("n2"), .edge("e1"), .node("n9"), .edge("e2")])
    }

    func testTheFolderMustExistAndBeAFolder() throws {
        let scratch = try Scratch()
        let store = try store(scratch, sources: [], citations: [])
        let missing = scratch.url.appendingPathComponent("nowhere")
        XCTAssertThrowsError(try store.checkQuotes(sources: missing)) {
            XCTAssertEqual($0 as? QuoteCheckError, .sourcesFolderMissing(path: missing.path))
        }
        let file = URL(fileURLWithPath: try scratch.write("file.txt", "x"))
        XCTAssertThrowsError(try store.checkQuotes(sources: file)) {
            XCTAssertEqual($0 as? QuoteCheckError, .sourcesNotAFolder(path: file.path))
        }
    }
}
