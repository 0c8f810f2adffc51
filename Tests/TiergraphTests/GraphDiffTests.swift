import XCTest
@testable import Tiergraph

/// `GraphStore.diff(from:)` and `diff(since:)` on real files: every part of the graph compared by ids.
final class GraphDiffTests: XCTestCase {
    var scratch: Scratch!

    override func setUpWithError() throws { scratch = try Scratch() }

    func testEveryPartIsComparedByIdsAndTheAnswerIsTheSameEveryTime() throws {
        let old = try scratch.store("old.db"), new = try scratch.store("new.db")
        let fixture = try Fixture.folder(in: scratch)
        _ = try old.importFiles([fixture])
        // Written in another order, so the row keys differ between the files.
        _ = try new.importFiles([fixture + "/nodes.csv"])
        try new.write { try $0.write(Node(id: "extra", kind: "company")) }
        _ = try new.importFiles([fixture + "/edges.csv"])
        XCTAssertEqual(try new.diff(from: old)[.nodes].added.map(\.key), ["extra"])
        try new.removeNode("extra")
        XCTAssertTrue(try new.diff(from: old)[.nodes].isEmpty, "row keys differ, the graphs do not")
        let point = try XCTUnwrap(try new.history().last?.id)

        try new.write { writer in
            try writer.define(EdgeKind(name: "packages", flow: .with, description: "an OSAT packages chips"))
            try writer.write(Source(id: "seed-1", title: "A later title"))
            try writer.write(Node(id: "tsmc", kind: "foundry", name: "TSMC", properties: ["nodes_nm": 3], citations: [Citation(source: "seed-1", quote: "台积电")]))
            try writer.write(PropertyClaim(key: "hbm_gb", value: "144", citation: Citation(source: "seed-1", quote: "144GB")), node: "chip:h200")
        }
        let diff = try new.diff(from: old)
        XCTAssertEqual(diff[.kinds].added.map(\.key), ["packages"])
        XCTAssertEqual(diff[.sources].changed.map(\.fields), [[GraphDiff.FieldChange(name: "title", old: .null, new: "A later title")]])
        XCTAssertEqual(diff[.nodes].changed.map(\.key), ["tsmc"])
        XCTAssertEqual(diff[.nodes].changed.first?.fields, [GraphDiff.FieldChange(name: "properties", old: .null, new: ["nodes_nm": 3])])
        XCTAssertEqual(diff[.nodeCitations].added.map(\.key), ["tsmc cites seed-1"])
        XCTAssertEqual(diff[.nodeCitations].added.first?.label, "TSMC cites A later title")
        XCTAssertEqual(diff[.claims].added.map(\.key), ["chip:h200 hbm_gb=144 cites seed-1"])
        XCTAssertEqual(diff[.claims].added.first?.label, "H200: hbm_gb = 144")
        XCTAssertTrue(diff[.edges].isEmpty && diff[.edgeCitations].isEmpty)
        XCTAssertTrue(diff.text.contains("claims: 1 added, 0 removed, 0 changed\n  + chip:h200 hbm_gb=144 cites seed-1  H200: hbm_gb = 144\n"), diff.text)
        XCTAssertEqual(try new.diff(from: old).json.serialized(pretty: true), diff.json.serialized(pretty: true), "the same files give the same bytes")
        // The point recorded before those writes: the same differences, from the file's own history.
        let since = try new.diff(since: point)
        XCTAssertEqual(since.sections, diff.sections)
        XCTAssertTrue(since.old.hasPrefix("#\(point) ("), since.old)
        // The reverse comparison lists the same items the other way round.
        let back = try old.diff(from: new)
        XCTAssertEqual(back[.kinds].removed.map(\.key), ["packages"])
        XCTAssertEqual(back[.nodes].changed.first?.fields, [GraphDiff.FieldChange(name: "properties", old: ["nodes_nm": 3], new: .null)])
    }

    func testTheChangedPartIsSelectedAndMarked() throws {
        let old = try scratch.store("old.db")
        _ = try old.importFiles([try Fixture.folder(in: scratch)])
        try old.connection.execute("VACUUM INTO '\(scratch.path("new.db"))'")
        let new = try GraphStore(path: scratch.path("new.db"))
        let removed = try XCTUnwrap(try new.edges(of: "tsmc").outgoing.first?.id)
        try new.removeEdge(id: removed)
        try new.write { writer in
            try writer.write(Node(id: "asml", kind: "supplier", name: "ASML"))
            _ = try writer.write(Edge(id: "asml-tsmc", source: "asml", target: "tsmc", kind: "supplies"))
            try writer.write(Node(id: "bytedance", kind: "csp", name: "字节跳动"))
        }
        let selection = try new.diff(from: old).selection(old: old, new: new)
        XCTAssertEqual(selection.nodes.map(\.id), ["asml", "bytedance", "chip:h200", "tsmc"])
        XCTAssertEqual(selection.edges.map(\.effectiveID).sorted(), ["asml-tsmc", removed].sorted())
        XCTAssertEqual(selection.marks, ChangeMarks(nodes: ["asml": .added, "bytedance": .changed], edges: ["asml-tsmc": .added, removed: .removed]))
        let dot = DOTWriter().write(selection, flows: try new.flows())
        XCTAssertTrue(dot.contains("\"asml\" [label=\"ASML\""), dot)
        XCTAssertEqual(dot.components(separatedBy: "penwidth=3, color=\"#1e8449\"").count - 1, 2, "the new node and edge, in green")
        XCTAssertTrue(dot.contains("penwidth=3, color=\"#c0392b\", style=dashed"), "the removed edge, red and dashed")
        XCTAssertTrue(dot.contains("▭ added") && dot.contains("▭ removed") && dot.contains("▭ changed"), "the legend names the marks")
    }
}
