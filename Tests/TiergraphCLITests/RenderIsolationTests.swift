import Foundation
import Tiergraph
import XCTest

/// Rendering in a child process (`IsolatedRenderer` through the built `tiergraph`): Graphviz
/// crashes, runaway layouts and memory blow-ups are errors, output files appear only complete.
final class RenderIsolationTests: CLITestCase {
    /// Eight nodes whose upstream selection of `x` made Graphviz 2.42 abort in `gvFreeLayout`
    /// (a double free) two runs out of three, before labelled flat edges became xlabels.
    private func crashingGraph() throws {
        try write("crash/nodes.csv", "id,kind,name\nx,company,X\n" + (0..<7).map { "s\($0),supplier,S\($0)\n" }.joined())
        try write("crash/edges.csv", "source,target,kind\n" + (0..<7).map { "s\($0),x,supplies\n" }.joined() + """
            s0,s3,owns
            s0,s6,supplies
            s5,s4,owns
            s6,s5,owns
            s2,s0,owns
            s3,s1,owns
            s4,s6,supplies

            """)
        _ = try ok(["import", "crash", "--db", "c.db"])
    }

    func testTheSelectionThatCrashedGraphvizRenders() throws {
        try crashingGraph()
        for format in ["svg", "png", "dot"] {
            for _ in 0..<3 {
                let result = try run(["render", "--upstream", "x", "-o", "up." + format, "--db", "c.db"])
                XCTAssertEqual(result.status, 0, result.stderr)
            }
        }
        let dot = try ok(["export", "--format", "dot", "--upstream", "x", "--db", "c.db"])
        XCTAssertTrue(dot.contains("\"s0\" -> \"s6\" [xlabel=\"supplies\""), "an edge inside one tier is labelled with an xlabel")
        XCTAssertTrue(dot.contains("\"s0\" -> \"x\" [label=\"supplies\""), "other edges keep their label")
    }

    func testAWorkerThatDiesIsAClearErrorAndLeavesNoFile() throws {
        try crashingGraph()
        let fault = [IsolatedRenderer.faultVariable: "abort"]
        let result = try run(["render", "--upstream", "x", "-o", "up.svg", "--db", "c.db"], environment: fault)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("Graphviz crashed while laying out the graph (signal 6"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("up.svg")))
        // An earlier file stays as it was, and no temporary file is left behind.
        try write("old.svg", "old")
        XCTAssertNotEqual(try run(["render", "--upstream", "x", "-o", "old.svg", "--db", "c.db"], environment: fault).status, 0)
        XCTAssertEqual(try String(contentsOfFile: path("old.svg"), encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".partial") }, [])
    }

    func testATimeoutAndAMemoryLimitStopTheLayout() throws {
        try crashingGraph()
        let start = Date()
        let hung = try run(["render", "--upstream", "x", "-o", "up.svg", "--timeout", "1", "--db", "c.db"],
                           environment: [IsolatedRenderer.faultVariable: "hang"])
        XCTAssertEqual(hung.status, 1)
        XCTAssertTrue(hung.stderr.contains("the layout took longer than 1 s"), hung.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 15)
        let blown = try run(["render", "--upstream", "x", "-o", "up.svg", "--memory-limit", "300", "--db", "c.db"],
                            environment: [IsolatedRenderer.faultVariable: "memory"])
        XCTAssertEqual(blown.status, 1)
        XCTAssertTrue(blown.stderr.contains("needed more than 300 MiB"), blown.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("up.svg")))
    }

    func testPlainErrorsForAMissingFolderAndAnEmptySelection() throws {
        try crashingGraph()
        try fails(["render", "-o", "no/such/x.svg", "--db", "c.db"], saying: "the folder 'no/such' does not exist")
        try fails(["export", "--format", "json", "-o", "no/x.json", "--db", "c.db"], saying: "the folder 'no' does not exist")
        try fails(["export", "--format", "dot", "-o", "no/x.dot", "--db", "c.db"], saying: "the folder 'no' does not exist")
        // A known kind that no edge has: nothing left to draw (an unknown kind is refused, naming the known ones).
        try fails(["render", "-o", "x.svg", "--edge-kinds", "designs", "--db", "c.db"], saying: "nothing to draw")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x.svg")))
    }

    /// The library's isolated renderer, on the built executable, reports Graphviz's own errors.
    func testIsolatedRendererPassesGraphvizErrorsOn() throws {
        let renderer = IsolatedRenderer(executable: Self.binary, timeout: 20)
        XCTAssertThrowsError(try renderer.render("digraph { a -> ", format: .svg)) { error in
            XCTAssertTrue(error is GraphvizError, "\(error)")
        }
        let rendering = try renderer.render("digraph { a -> b }", format: .svg, layout: "neato")
        XCTAssertEqual(rendering.layout, "neato")
        XCTAssertTrue(String(decoding: rendering.data, as: UTF8.self).contains("<svg"))
    }

    /// Seeded fuzz: random small graphs, random selections, every layout Tiergraph offers,
    /// rendered through the child process. None may crash or hang; the total time is bounded.
    /// 60 graphs (300 renders) by default; `TIERGRAPH_RENDER_FUZZ_GRAPHS=600` runs 3,000 (the
    /// longer run recorded in RELIABILITY.md).
    func testRandomSelectionsOfRandomGraphsNeverCrashOrHang() throws {
        let graphs = Int(ProcessInfo.processInfo.environment["TIERGRAPH_RENDER_FUZZ_GRAPHS"] ?? "") ?? 60
        var random = SplitMix64(seed: 0x7469_6572_6772_6170)
        let renderer = IsolatedRenderer(executable: Self.binary, timeout: 30)
        let kinds = ["supplies", "orders", "owns", "designs", "manufactures"]
        let nodeKinds = ["company", "supplier", "chip", "foundry", "fund"]
        let start = Date()
        var rendered = 0
        for graphNumber in 0..<graphs {
            let store = try GraphStore(path: path("fuzz\(graphNumber).db"), create: true)
            let count = 2 + random.below(11)
            let ids = (0..<count).map { "n\($0)" }
            try store.write { writer in
                for id in ids {
                    try writer.write(Node(id: id, kind: nodeKinds[random.below(nodeKinds.count)], name: "Node " + id))
                }
                for number in 0..<(1 + random.below(3 * count)) {
                    let (a, b) = (ids[random.below(count)], ids[random.below(count)])
                    guard a != b else { continue }
                    try writer.write(Edge(id: "e\(number)", source: a, target: b, kind: kinds[random.below(kinds.count)]))
                }
            }
            let flows = Dictionary(uniqueKeysWithValues: try store.edgeKinds().map { ($0.name, $0.flow) })
            for _ in 0..<5 {
                let id = ids[random.below(count)]
                let depth = [nil, 1, 2][random.below(3)]
                // Mostly upstream and downstream: their tiers give the `rank=same` groups dot trips on.
                let focus: Focus = [
                    .upstream(id, depth: depth), .downstream(id, depth: depth), .upstream(id, depth: depth),
                    .downstream(id, depth: depth), .around(id, hops: 1 + random.below(2)), .all,
                ][random.below(6)]
                let clustering: DOTWriter.Clustering? = random.below(5) == 0 ? .kind : nil
                let dot = DOTWriter(clustering: clustering).write(try store.select(focus), flows: flows)
                let layout = Graphviz.layouts[random.below(Graphviz.layouts.count)]
                do {
                    _ = try renderer.render(dot, format: .svg, layout: layout)
                    rendered += 1
                } catch {
                    XCTFail("graph \(graphNumber), \(focus), \(layout): \(error)\n\(dot)")
                }
            }
            XCTAssertLessThan(Date().timeIntervalSince(start), Double(4 * graphs), "the fuzz run is bounded")
        }
        XCTAssertEqual(rendered, 5 * graphs)
    }
}

extension SplitMix64 {
    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
