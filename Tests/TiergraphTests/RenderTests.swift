import Foundation
import XCTest
@testable import Tiergraph

/// DOT output and rendering through the real Graphviz libraries.
final class RenderTests: XCTestCase {
    static let evilIDs = ["a\" -> \"b", "back\\slash", "two\nlines", "<b>bold</b>", "寒武纪", "1abc", "semi;colon", "x]y[z"]

    private func evilStore(_ scratch: Scratch) throws -> GraphStore {
        let store = try scratch.store()
        try store.write { writer in
            for (offset, id) in Self.evilIDs.enumerated() {
                try writer.write(Node(id: id, kind: offset % 2 == 0 ? "company" : "chip", name: "name of " + id, aliases: ["别名\(offset)"]))
            }
            try writer.write(Edge(id: "e\"1", source: Self.evilIDs[0], target: Self.evilIDs[1], kind: "supplies"))
            try writer.write(Edge(id: "e2", source: Self.evilIDs[2], target: Self.evilIDs[3], kind: "orders", share: try Share(0.5)))
            try writer.write(Edge(id: "e3", source: Self.evilIDs[4], target: Self.evilIDs[5], kind: "owns", share: try Share(0.5945)))
        }
        return store
    }

    private func dot(_ store: GraphStore, _ focus: Focus = .all, clustering: DOTWriter.Clustering? = nil) throws -> String {
        var flows: [String: Flow] = [:]
        for kind in try store.edgeKinds() { flows[kind.name] = kind.flow }
        return DOTWriter(clustering: clustering, legend: false).write(try store.select(focus), flows: flows)
    }

    func testEveryIdSurvivesGraphvizsOwnParser() throws {
        let scratch = try Scratch()
        let store = try evilStore(scratch)
        for clustering in [nil, DOTWriter.Clustering.kind, .country] {
            let parsed = try Graphviz.parse(try dot(store, clustering: clustering))
            XCTAssertEqual(parsed.nodes, Self.evilIDs.count, "each id stays one node")
            XCTAssertEqual(parsed.edges, 3)
            XCTAssertEqual(Set(parsed.names), Set(Self.evilIDs), "names read back exactly")
        }
    }

    func testDiagramConventions() throws {
        let scratch = try Scratch()
        let store = try evilStore(scratch)
        let text = try dot(store)
        XCTAssertTrue(text.contains("rankdir=LR"))
        XCTAssertTrue(text.contains("label=\"59.45%\""), "edge labels carry the share; the kind is its colour, which the legend names")
        XCTAssertTrue(text.contains("style=dashed, weight=0"), "ownership is not supply")
        XCTAssertTrue(text.contains("\"<b>bold</b>\" -> \"two\nlines\" [label=\"50%\", id=\"e2\", kind=\"orders\", share=\"0.5\", stored=\"reversed\", color=\"#6a1b9a\"]"),
                      "an order is drawn from seller to buyer, its arrow at the buyer as goods flow")
        XCTAssertFalse(text.contains("dir=back"))
        XCTAssertTrue(text.contains("label=\"name of two\\nlines\\n别名2\""), "labels escape line breaks")
        XCTAssertEqual(try dot(store), text, "deterministic")
        let withLegend = DOTWriter().write(try store.select(.all), flows: ["supplies": .with, "orders": .against, "owns": .none])
        let legend = try XCTUnwrap(withLegend.split(separator: "\n").last { $0.hasPrefix("  graph [label=<") }, "the legend is the graph's label")
        for entry in ["██</font> chip", "██</font> company", "━━ orders", "━━ supplies", "╌╌ owns (not supply)", "arrows point the way goods flow"] {
            XCTAssertTrue(legend.contains(entry), "\(entry) in \(legend)")
        }
        XCTAssertFalse(legend.contains("gate"), "only the styles drawn")
        let parsed = try Graphviz.parse(withLegend)
        XCTAssertEqual(parsed.edges, 3, "no legend nodes or edges in the graph")
        XCTAssertEqual(parsed.nodes, Self.evilIDs.count)
    }

    func testRendersSVGPNGAndPDFWithChineseText() throws {
        let scratch = try Scratch()
        let store = try evilStore(scratch)
        let source = try dot(store)
        let svg = try Graphviz.render(source, format: .svg)
        let text = String(decoding: svg.data, as: UTF8.self)
        XCTAssertTrue(text.contains("<svg"))
        XCTAssertTrue(text.contains("寒武纪"))
        XCTAssertEqual(try Graphviz.render(source, format: .svg).data, svg.data, "same DOT, same SVG")
        XCTAssertEqual(Array(try Graphviz.render(source, format: .png).data.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        XCTAssertEqual(String(decoding: try Graphviz.render(source, format: .pdf).data.prefix(5), as: UTF8.self), "%PDF-")
        for layout in Graphviz.layouts {
            XCTAssertFalse(try Graphviz.render(source, format: .svg, layout: layout).data.isEmpty, layout)
        }
    }

    func testGraphvizErrorsBecomeSwiftErrors() {
        XCTAssertThrowsError(try Graphviz.parse("digraph { a -> }")) { error in
            XCTAssertTrue((error as? GraphvizError)?.message.contains("syntax error") == true, "\(error)")
        }
        XCTAssertThrowsError(try Graphviz.render("digraph { a }", format: .svg, layout: "nonsense"))
        XCTAssertNoThrow(try Graphviz.parse("digraph { a -> b }"), "an error leaves Graphviz usable")
    }

    func testLargeGraphsSwitchToSfdpWithANote() throws {
        let count = Graphviz.largeGraph + 10
        let source = "digraph {" + (0..<count).map { "n\($0) -> n\(($0 + 1) % count);" }.joined() + "}"
        let rendering = try Graphviz.render(source, format: .svg)
        XCTAssertEqual(rendering.layout, "sfdp")
        XCTAssertNotNil(rendering.note)
        // Dense graphs switch by their edges: 100 nodes with more than largeGraphEdges edges.
        func dense(_ edges: Int) -> String { "digraph {" + (0..<edges).map { "n\($0 % 100) -> n\(($0 * 7 + 1) % 100);" }.joined() + "}" }
        XCTAssertEqual(try Graphviz.render(dense(Graphviz.largeGraphEdges + 1), format: .svg).layout, "sfdp")
        XCTAssertEqual(try Graphviz.render(dense(200), format: .svg).layout, "dot")
    }

    func testConcurrentRendersAreSerialisedSafely() throws {
        let scratch = try Scratch()
        let source = try dot(try evilStore(scratch))
        let expected = try Graphviz.render(source, format: .svg).data
        let results = Mutex8()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let data = try? Graphviz.render(source, format: .svg).data
            results.append(data == expected)
        }
        XCTAssertEqual(results.values, Array(repeating: true, count: 8))
    }

    func testPathSelectionIsHighlighted() throws {
        let scratch = try Scratch()
        let store = try evilStore(scratch)
        let selection = try store.select(.path(from: Self.evilIDs[0], to: Self.evilIDs[1]))
        XCTAssertEqual(selection.nodes.map(\.id).sorted(), [Self.evilIDs[0], Self.evilIDs[1]].sorted())
        XCTAssertEqual(selection.highlightedPaths, [["e\"1"]])
        let text = DOTWriter(legend: false).write(selection, flows: ["supplies": .with])
        XCTAssertTrue(text.contains("penwidth=2.5"))
        XCTAssertThrowsError(try store.select(.path(from: Self.evilIDs[1], to: Self.evilIDs[0])))
        // k > 1 takes the in-memory engine; there is only one path to find.
        let two = try store.select(.path(from: Self.evilIDs[0], to: Self.evilIDs[1], k: 2))
        XCTAssertEqual(two.nodes.map(\.id), selection.nodes.map(\.id))
        XCTAssertEqual(two.edges.map(\.id), selection.edges.map(\.id))
    }

    /// Titles name what they are about and say what the filter keeps; every path of --k is
    /// highlighted; a whole-graph picture leaves out nodes no drawn edge touches, unless asked.
    func testTitlesHighlightsAndIsolatedNodes() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        _ = try store.importFiles([try Fixture.folder(in: scratch)])
        try store.write { writer in
            try writer.write(Node(id: "smic", kind: "foundry", name: "SMIC"))
            try writer.write(Edge(id: "alt", source: "smic", target: "chip:h200", kind: "manufactures"))
            try writer.write(Edge(id: "via", source: "tsmc", target: "smic", kind: "supplies"))
        }
        let up = try store.select(.upstream("chip:h200", depth: nil), filter: QueryFilter(edgeKinds: ["manufactures"]))
        XCTAssertEqual(up.title, "What H200 (chip:h200) depends on (edge kinds manufactures)")
        let two = try store.select(.path(from: "tsmc", to: "chip:h200", k: 2))
        XCTAssertEqual(two.title, "2 shortest paths from TSMC (tsmc) to H200 (chip:h200)")
        XCTAssertEqual(two.highlightedNodes, ["tsmc", "smic", "chip:h200"], "both paths are highlighted")
        XCTAssertEqual(two.highlightedPaths.map(\.count), [1, 2], "each path with its edges, best first")
        let overview = try store.select(.all, filter: QueryFilter(edgeKinds: ["designs"]), includeIsolated: false)
        XCTAssertEqual(Set(overview.nodes.map(\.id)), ["nvidia", "chip:h200"])
        XCTAssertEqual(overview.title, "Tiergraph: edge kinds designs")
        XCTAssertEqual(try store.select(.all, filter: QueryFilter(edgeKinds: ["designs"])).nodes.count, 6, "exports keep every node")
        XCTAssertEqual(try store.select(.all).title, GraphSelection.wholeGraphTitle)
    }

    func testCustomKindsGetStableDistinctStyles() {
        let nodeKinds = (0..<40).map { "kind\($0)" } + ["company", "chip"]
        let edgeKinds = (0..<12).map { "relation\($0)" } + ["supplies"]
        let sheet = StyleSheet(nodeKinds: nodeKinds, edgeKinds: edgeKinds)
        let styles = nodeKinds.map { sheet.style(ofNodeKind: $0) }
        XCTAssertEqual(Set(styles.map { "\($0.shape) \($0.fill)" }).count, nodeKinds.count, "no two node kinds look alike")
        XCTAssertEqual(sheet.style(ofNodeKind: "company"), NodeStyle.builtIn["company"], "built-ins keep their style")
        var random = SplitMix64(seed: 0x5EED)
        XCTAssertEqual(StyleSheet(nodeKinds: nodeKinds.reversed(), edgeKinds: edgeKinds.shuffled(using: &random)), sheet, "the order kinds come in does not matter")
        let colours = edgeKinds.compactMap { sheet.colour(ofEdgeKind: $0) }
        XCTAssertEqual(colours.count, 10 + 1, "ten custom kinds get a palette colour, the rest none; supplies keeps its own")
        XCTAssertEqual(Set(colours.dropLast()).count, 10, "custom edge kinds' colours are distinct")
        XCTAssertEqual(sheet.colour(ofEdgeKind: "supplies"), "#1f5f8b")
        XCTAssertEqual(StyleSheet().style(ofNodeKind: "kind7"), StyleSheet().style(ofNodeKind: "kind7"), "stable without a database too")
    }

    func testLargeSelectionsDropEdgeLabelsButKeepTheirData() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let count = DOTWriter.edgeLabelLimit + 1
        try store.write { writer in
            for i in 0..<count { try writer.write(Node(id: "n\(i)", kind: "company")) }
            for i in 1..<count { try writer.write(Edge(source: "n\(i - 1)", target: "n\(i)", kind: "owns", share: try Share(0.5))) }
        }
        func edgeLines(_ focus: Focus) throws -> [Substring] {
            try dot(store, focus).split(separator: "\n").filter { $0.contains(" -> ") }
        }
        let large = try edgeLines(.all)
        XCTAssertEqual(large.count, count - 1)
        XCTAssertTrue(large.allSatisfy { !$0.contains("label=") && $0.contains("kind=\"owns\"") && $0.contains("share=\"0.5\"") })
        let small = try edgeLines(.around("n0", hops: 2))
        XCTAssertEqual(small.count, 2)
        XCTAssertTrue(small.allSatisfy { $0.contains("label=\"50%\"") }, "\(small)")
    }
}

/// A tiny thread-safe collector for the concurrency test.
final class Mutex8: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Bool] = []
    func append(_ value: Bool) { lock.lock(); stored.append(value); lock.unlock() }
    var values: [Bool] { lock.lock(); defer { lock.unlock() }; return stored }
}
