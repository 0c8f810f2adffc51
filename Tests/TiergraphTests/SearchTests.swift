import XCTest
@testable import Tiergraph

/// Full-text search (FTS5), merging nodes and listing likely duplicates, on real files.
final class SearchTests: XCTestCase {
    private func seeded(_ scratch: Scratch) throws -> GraphStore {
        let store = try scratch.store()
        try store.write { writer in
            try writer.write(Source(id: "s1", title: "台積電 2025 年報", publisher: "TSMC"))
            try writer.write(Node(id: "tsmc", kind: "foundry", name: "TSMC", aliases: ["台积电"], country: "TW", properties: ["nm": .int(3)],
                                  citations: [Citation(source: "s1", quote: "台積電的先進製程領先全球")]))
            try writer.write(Node(id: "tsmc-tw", kind: "company", name: "台積電", aliases: ["Taiwan Semiconductor"], country: "TW",
                                  properties: ["nm": .int(2), "fabs": .int(12)], citations: [Citation(source: "s2", quote: "the Hsinchu fabs")]))
            try writer.write(Node(id: "huawei", kind: "company", name: "Huawei", aliases: ["華為"]))
            try writer.write(Node(id: "h20", kind: "chip", name: "H20"))
            try writer.write(Node(id: "h200", kind: "chip", name: "H200"))
            try writer.write(Edge(source: "tsmc", target: "huawei", kind: "supplies", citations: [Citation(source: "s1", quote: "台積電曾為華為代工麒麟芯片")]))
            try writer.write(Edge(source: "tsmc-tw", target: "huawei", kind: "supplies", citations: [Citation(source: "s2", quote: "wafers for Kirin")]))
            try writer.write(Edge(id: "loop", source: "tsmc", target: "tsmc-tw", kind: "owns"))
            try writer.write(Edge(id: "lithography", source: "h20", target: "tsmc-tw", kind: "supplies", input: "EUV lithography"))
        }
        return store
    }

    func testSearchFoldsScriptsAndFindsQuotesAndTitles() throws {
        let scratch = try Scratch()
        let store = try seeded(scratch)
        let hits = try store.search("台积电")
        XCTAssertEqual(Set(hits.map { "\($0.item.rawValue):\($0.id):\($0.field)" }), Set([
            "node:tsmc:alias", "node:tsmc-tw:name", "node:tsmc:quote", "source:s1:title",
        ] + hits.filter { $0.item == .edge }.map { "edge:\($0.id):quote" }))
        XCTAssertEqual(hits.filter { $0.item == .edge }.count, 1)
        let edge = try XCTUnwrap(hits.first { $0.item == .edge })
        XCTAssertEqual(edge.label, "tsmc (TSMC) → huawei (Huawei)")
        XCTAssertEqual(edge.snippet, "[台積電]曾為華為代工麒麟芯片", "the snippet shows the original text, the match in brackets")
        XCTAssertEqual(try store.search("华为 代工").map(\.id), [edge.id], "every word must occur")
        XCTAssertEqual(try store.search("華為").filter { $0.item == .node }.map(\.field), ["alias"], "Traditional finds the alias")
        XCTAssertEqual(try store.search("hsinch").map(\.snippet), ["the [Hsinch]u fabs"], "a word's end may be left off")
        XCTAssertEqual(try store.search("semiconductor").map(\.id), ["tsmc-tw"], "case folded")
        XCTAssertTrue(try store.search("h20").map(\.id).contains("h20"))
        XCTAssertThrowsError(try store.search("!!")) { XCTAssertTrue("\($0)".contains("letters or digits"), "\($0)") }
        XCTAssertEqual(try store.search("台积电", limit: 2).count, 2)
    }

    func testTheIndexIsNeverStale() throws {
        let scratch = try Scratch()
        let store = try seeded(scratch)
        XCTAssertTrue(try store.search("kirin").count == 1)
        try store.write { try $0.write(Node(id: "smic", kind: "foundry", name: "SMIC", aliases: ["中芯國際"])) }
        XCTAssertEqual(try store.search("中芯国际").map(\.id), ["smic"], "a node added after the index was built")
        try store.connection.execute("UPDATE aliases SET alias = 'Kirin maker' WHERE alias = 'Taiwan Semiconductor'")
        XCTAssertEqual(try store.search("maker").map(\.id), ["tsmc-tw"], "a change made with plain SQL")
        try scratch.write("more/nodes.csv", "id,kind,name\nkirin,chip,Kirin 9000\n")
        _ = try store.importFiles([scratch.path("more")])
        XCTAssertEqual(Set(try store.search("kirin").filter { $0.item == .node }.map(\.id)), ["kirin", "tsmc-tw"],
                       "an import, which drops the triggers, leaves the index marked stale")
        try store.connection.execute("DELETE FROM aliases WHERE alias = 'Kirin maker'")
        XCTAssertFalse(try store.search("maker").contains { $0.id == "tsmc-tw" }, "the rebuild after the import created the triggers again")
    }

    func testReadOnlyFileIsSearchedThroughAnIndexInMemory() throws {
        let scratch = try Scratch()
        _ = try seeded(scratch)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: scratch.url.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.url.path) }
        let readOnly = try GraphStore(path: scratch.path("graph.db"), readOnly: true)
        XCTAssertTrue(readOnly.isImmutable, "a folder no one may write is read-only, even for root")
        XCTAssertEqual(try readOnly.search("華為").filter { $0.item == .node }.map(\.id), ["huawei"])
        XCTAssertEqual(try readOnly.connection.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'search_text'")?.int64, 0)
    }

    func testMergeMovesEverythingAndReportsConflicts() throws {
        let scratch = try Scratch()
        let store = try seeded(scratch)
        let before = try store.dump()
        let dry = try store.merge("tsmc-tw", into: "tsmc", dryRun: true)
        XCTAssertEqual(try store.dump(), before, "a dry run writes nothing")
        let report = try store.merge("Taiwan Semiconductor", into: "TSMC")
        XCTAssertEqual(report, MergeReport(
            kept: "tsmc", merged: "tsmc-tw", dryRun: false, aliasesAdded: ["Taiwan Semiconductor", "tsmc-tw"], citationsMoved: 1,
            claimsMoved: 0, propertiesAdded: ["fabs"], edgesMoved: 2, edgesReidentified: report.edgesReidentified, conflicts: [
                .init(what: "kind", kept: "foundry", dropped: "company", resolution: "kept tsmc's kind"),
                .init(what: "property nm", kept: "3", dropped: "2", resolution: "kept tsmc's value"),
                .init(what: "self-loop", kept: nil, dropped: "loop", resolution: "removed: the edge tsmc → tsmc-tw would join tsmc to itself"),
            ]))
        XCTAssertEqual(dry.conflicts, report.conflicts)
        XCTAssertEqual(report.edgesReidentified.count, 1, "the derived id of tsmc-tw → huawei is derived again")
        XCTAssertEqual(try store.resolveNode("tsmc-tw").id, "tsmc", "the old id still resolves")
        let tsmc = try XCTUnwrap(try store.node(id: "tsmc"))
        XCTAssertEqual(tsmc.kind, "foundry")
        XCTAssertEqual(tsmc.properties, ["nm": .int(3), "fabs": .int(12)])
        XCTAssertEqual(tsmc.citations.map(\.source), ["s1", "s2"])
        XCTAssertNil(try store.node(id: "tsmc-tw"))
        XCTAssertNil(try store.edge(id: "loop"))
        XCTAssertEqual(try store.edges(of: "tsmc").outgoing.count, 2)
        XCTAssertEqual(try store.edge(id: "lithography")?.target, "tsmc")
        XCTAssertThrowsError(try store.merge("tsmc", into: "TSMC")) { XCTAssertTrue("\($0)".contains("same node"), "\($0)") }
        // Re-importing B's edge as a row (by its old id, now an alias) updates the moved edge instead of adding one.
        let edges = try store.edges(of: "huawei").incoming.count
        _ = try store.write { try $0.write(Edge(source: "tsmc-tw", target: "huawei", kind: "supplies", citations: [Citation(source: "s2")])) }
        XCTAssertEqual(try store.edges(of: "huawei").incoming.count, edges)
    }

    func testMergeFoldsRepeatedFactsIntoOneEdge() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (same, repeated) = (Edge(source: "a", target: "c", kind: "owns", citations: [Citation(source: "s1")]),
                                Edge(source: "b", target: "c", kind: "owns", citations: [Citation(source: "s1", quote: "b owns c")]))
        try store.write { writer in
            try writer.write(Node(id: "a", kind: "company", claims: [PropertyClaim(key: "staff", value: "100")]))
            try writer.write(Node(id: "b", kind: "company", claims: [PropertyClaim(key: "staff", value: "120"), PropertyClaim(key: "fabs", value: "2")]))
            try writer.write(Node(id: "c", kind: "company"))
            try writer.write(same)
            try writer.write(repeated)
            try writer.write(Edge(id: "ba", source: "b", target: "a", kind: "owns"))
            try writer.write(Edge(id: "given", source: "b", target: "c", kind: "owns", citations: [Citation(source: "s2")]))
        }
        let report = try store.merge("b", into: "a")
        XCTAssertEqual(report.conflicts.map(\.what), ["claim staff", "self-loop", "duplicate edge"])
        XCTAssertEqual(report.conflicts.first?.kept, "100")
        XCTAssertEqual(report.conflicts.first?.dropped, "120")
        XCTAssertEqual(try store.node(id: "a")?.claims.map { "\($0.key)=\($0.value)" }, ["fabs=2", "staff=100", "staff=120"], "claims side by side")
        XCTAssertEqual(report.conflicts.last?.kept, same.effectiveID)
        XCTAssertEqual(report.conflicts.last?.dropped, repeated.effectiveID)
        XCTAssertEqual(report.edgesMoved, 1, "an edge with a given id is another fact, kept under its id")
        XCTAssertTrue(report.edgesReidentified.isEmpty)
        XCTAssertEqual(try store.edge(id: same.effectiveID)?.citations, [Citation(source: "s1", quote: "b owns c")], "the repeated fact's quote joins")
        XCTAssertEqual(try store.edge(id: "given")?.source, "a")
        XCTAssertEqual(try store.connection.scalar("SELECT count(*) FROM edges")?.int64, 2)
    }

    func testDuplicatesFoldScriptsAndRefuseFalseFriends() throws {
        let scratch = try Scratch()
        let store = try seeded(scratch)
        let candidates = try store.duplicateCandidates()
        XCTAssertEqual(candidates.map { [$0.first.id, $0.second.id] }, [["tsmc", "tsmc-tw"]], "H20 and H200 are no pair")
        let pair = try XCTUnwrap(candidates.first)
        XCTAssertEqual(pair.shared.map(\.folding), [["Traditional/Simplified"]])
        XCTAssertEqual(pair.score, 3)
        XCTAssertEqual(pair.explanation, "score 3: 1 shared name(s): 台积电 = 台積電 (Traditional/Simplified); kinds differ: foundry, company; same country TW")
        XCTAssertEqual(GraphStore.folding("ＴＳＭＣ", "tsmc"), ["case", "width"])
        XCTAssertEqual(GraphStore.folding("Zürich", "zurich"), ["case", "accents"])
        XCTAssertEqual(GraphStore.folding("tsmc", "tsmc"), ["same spelling"])
    }
}
