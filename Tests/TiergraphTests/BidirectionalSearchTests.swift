import XCTest
@testable import Tiergraph

/// The two-sided search the file-backed `path` runs: it must give the path an ordered search
/// gives (neighbours in id order, first parents kept) while comparing only the nodes it has
/// asked to be identified, and none at all when there is no path.
final class BidirectionalSearchTests: XCTestCase {
    /// A seeded random multigraph in layers, with edges that skip layers, run backwards, repeat
    /// between the same pair, and loop: many shortest paths of equal length to choose among.
    private struct Multigraph {
        var out: [[(node: Int, edge: Int)]]
        var into: [[(node: Int, edge: Int)]]

        init(nodes: Int, edges: Int, seed: UInt64) {
            var random = SplitMix64(seed: seed)
            out = Array(repeating: [], count: nodes)
            into = Array(repeating: [], count: nodes)
            for edge in 0..<edges {
                let a = Int(random.next() % UInt64(nodes)), roll = random.next() % 10
                let b = roll == 0 ? a : roll < 3 ? Int(random.next() % UInt64(nodes)) : min(nodes - 1, a + 1 + Int(random.next() % 6))
                out[a].append((b, edge))
                into[b].append((a, edge))
                if roll == 9 {  // a parallel edge
                    out[a].append((b, edges + edge))
                    into[b].append((a, edges + edge))
                }
            }
        }

        func neighbors(_ node: Int, _ forward: Bool) -> [(node: Int, edge: Int)] { forward ? out[node] : into[node] }
    }

    /// The ordered search, written plainly: each level visited in order, neighbours by (node,
    /// edge), the first parent kept, the first meeting node taken.
    private func orderedSearch(_ graph: Multigraph, from source: Int, to target: Int, passable: (Int) -> Bool) -> [Int]? {
        if source == target { return [source] }
        var parents: [[Int: (Int, Int)?]] = [[source: nil], [target: nil]]
        var frontiers = [[source], [target]]
        while !frontiers[0].isEmpty && !frontiers[1].isEmpty {
            let side = frontiers[0].count <= frontiers[1].count ? 0 : 1
            var next: [Int] = [], meetings: [Int] = []
            for u in frontiers[side] {
                for (v, edge) in graph.neighbors(u, side == 0).sorted(by: { ($0.node, $0.edge) < ($1.node, $1.edge) })
                where parents[side][v] == nil {
                    let met = parents[1 - side][v] != nil
                    guard met || passable(v) else { continue }
                    parents[side][v] = .some((u, edge))
                    if met { meetings.append(v) } else { next.append(v) }
                }
            }
            frontiers[side] = next
            guard let meeting = meetings.min() else { continue }
            var path = [meeting], v = meeting
            while let (u, edge) = parents[0][v] ?? nil { path.insert(contentsOf: [u, -1 - edge], at: 0); v = u }
            v = meeting
            while let (u, edge) = parents[1][v] ?? nil { path += [-1 - edge, u]; v = u }
            return path
        }
        return nil
    }

    /// The multigraph as a ``GraphAdjacency`` that hands neighbours over in a random order
    /// (each neighbour's edges still in edge order, as the protocol asks), or in id order and
    /// saying so (`ordered`, as the snapshot does), and checks that only identified nodes are
    /// compared.
    private final class ShuffledAdjacency: GraphAdjacency {
        let graph: Multigraph
        let keyLimit: Int
        let passable: (Int) -> Bool
        var random: SplitMix64
        var identified = Set<Int>()
        let neighborsInIDOrder: Bool

        init(_ graph: Multigraph, keyLimit: Int, seed: UInt64, ordered: Bool = false, passable: @escaping (Int) -> Bool) {
            self.graph = graph
            neighborsInIDOrder = ordered
            self.keyLimit = keyLimit
            self.passable = passable
            random = SplitMix64(seed: seed)
        }

        func forEachNeighbor(of node: Int, _ direction: Direction, edges: Bool, _ body: (Int, Int) throws -> Void) throws {
            let rows = Dictionary(grouping: graph.neighbors(node, direction == .downstream), by: \.node)
            for v in neighborsInIDOrder ? rows.keys.sorted() : rows.keys.sorted().shuffled(using: &random) {
                for (_, edge) in rows[v]!.sorted(by: { $0.edge < $1.edge }) { try body(v, edge) }
            }
        }

        func prefetch(_ nodes: [Int], _ direction: Direction, edges: Bool) {}
        func passes(_ key: Int) -> Bool { passable(key) }
        func identify(_ keys: [Int]) { identified.formUnion(keys) }
        func precedes(_ a: Int, _ b: Int) -> Bool {
            XCTAssert(identified.contains(a) && identified.contains(b), "compared before identified")
            return a < b
        }
        func sortByID(_ keys: inout [Int]) {
            identify(keys)
            keys.sort()
        }
    }

    func testGivesTheOrderedSearchsPathComparingOnlyIdentifiedNodes() throws {
        for (seed, ordered): (UInt64, Bool) in [(1, false), (2, false), (3, false), (1, true), (4, true)] {
            let graph = Multigraph(nodes: 40, edges: 110, seed: seed)
            let passable: (Int) -> Bool = { $0 % 7 != 3 }
            var paths = 0, none = 0
            for source in 0..<40 {
                for target in 0..<40 {
                    let adjacency = ShuffledAdjacency(  // keys beyond the limit work too
                        graph, keyLimit: seed == 3 ? 10 : 40, seed: seed &* 1_000 &+ UInt64(source * 40 + target), ordered: ordered,
                        passable: passable)
                    let search = BidirectionalSearch(
                        graph: adjacency, direction: .downstream, forwardMarks: NodeMarks(keyLimit: adjacency.keyLimit),
                        backwardMarks: NodeMarks(keyLimit: adjacency.keyLimit))
                    let found = try search.run(from: source, to: target)
                    // Nodes and edges interleaved, edges as negative numbers, like the reference.
                    let interleaved = found.map { found in
                        found.nodes.enumerated().flatMap { i, node in i == 0 ? [node] : [-1 - found.edges[i - 1], node] }
                    }
                    XCTAssertEqual(interleaved, orderedSearch(graph, from: source, to: target, passable: passable),
                                   "seed \(seed), ordered \(ordered): \(source) → \(target)")
                    if found == nil {
                        none += 1
                        XCTAssertEqual(adjacency.identified, [], "proving there is no path identifies nothing")
                    } else if source != target {
                        paths += 1
                    }
                }
            }
            XCTAssertGreaterThan(paths, 100, "seed \(seed): the graph has paths to choose among")
            XCTAssertGreaterThan(none, 100, "seed \(seed): and pairs with none")
        }
    }

    /// The walk by tiers, written plainly: each tier in id order, each node's neighbours by
    /// (node, edge), the first edge from the first node of the tier above kept.
    private func orderedWalk(_ graph: Multigraph, from origin: Int, depth: Int?, passable: (Int) -> Bool) -> [[Int]] {
        var reached: [Int: (tier: Int, via: Int)] = [origin: (0, -1)]
        var frontier = [origin], order: [Int] = []
        while !frontier.isEmpty, depth.map({ reached[frontier[0]]!.tier < $0 }) ?? true {
            var next: [Int] = []
            for u in frontier {
                for (v, edge) in graph.neighbors(u, true).sorted(by: { ($0.node, $0.edge) < ($1.node, $1.edge) })
                where reached[v] == nil && passable(v) {
                    reached[v] = (reached[u]!.tier + 1, edge)
                    next.append(v)
                }
            }
            next.sort()
            order += next
            frontier = next
        }
        return order.map { [$0, reached[$0]!.tier, reached[$0]!.via] }
    }

    func testTheWalkGivesTheOrderedWalksTiersAndEdgesWhateverTheOrderOfTheRows() throws {
        for seed: UInt64 in [1, 2, 3] {
            let graph = Multigraph(nodes: 40, edges: 110, seed: seed)
            let passable: (Int) -> Bool = { $0 % 7 != 3 }
            let adjacency = ShuffledAdjacency(graph, keyLimit: seed == 3 ? 10 : 40, seed: seed, passable: passable)
            let marks = NodeMarks<Int>(keyLimit: adjacency.keyLimit)  // one for every walk: begun anew each time
            var reachedSomething = 0
            for origin in 0..<40 {
                for depth in [nil, 1, 2] as [Int?] {
                    let walked = try BreadthFirstWalk(graph: adjacency, marks: marks).run(from: origin, .downstream, depth: depth)
                    let rows = walked.nodes.indices.map { [walked.nodes[$0], Int(walked.tiers[$0]), walked.vias[$0]] }
                    XCTAssertEqual(rows, orderedWalk(graph, from: origin, depth: depth, passable: passable),
                                   "seed \(seed): from \(origin), depth \(String(describing: depth))")
                    if rows.count > 3 { reachedSomething += 1 }
                }
            }
            XCTAssertGreaterThan(reachedSomething, 20, "seed \(seed): walks that reach several tiers")
        }
    }

    func testTheWalkStopsAtItsLimitWithWholeTiersInIDOrder() throws {
        let graph = Multigraph(nodes: 40, edges: 110, seed: 1)
        let adjacency = ShuffledAdjacency(graph, keyLimit: 40, seed: 1, passable: { _ in true })
        let whole = try BreadthFirstWalk(graph: adjacency, marks: NodeMarks(keyLimit: 40)).run(from: 0, .downstream, depth: nil)
        XCTAssertGreaterThan(whole.nodes.count, 5)
        XCTAssertNil(whole.cut)
        let cut = try BreadthFirstWalk(graph: adjacency, marks: NodeMarks(keyLimit: 40)).run(from: 0, .downstream, depth: nil, limit: 5)
        XCTAssertEqual(cut.nodes, Array(whole.nodes.prefix(5)))
        XCTAssertEqual(cut.cut, .limit)
        let late = try BreadthFirstWalk(graph: adjacency, marks: NodeMarks(keyLimit: 40))
            .run(from: 0, .downstream, depth: nil, deadline: Deadline(seconds: 0))
        XCTAssertEqual(late.nodes, [])
        XCTAssertEqual(late.cut, .timeout)
    }

    func testNodeMarksKeepEveryKeyInsideAndOutsideTheFlatTableAndForgetThemOnBegin() {
        for limit in [0, 1, 5] {
            let marks = NodeMarks<Int64>(keyLimit: limit)
            let keys = [-3, 0, 1, 4, 5, 6, 1 << 40]
            for key in keys { XCTAssertNil(marks.level(key), "limit \(limit), key \(key) starts unreached") }
            for (index, key) in keys.enumerated() { marks.visit(key, level: Int32(index), via: Int64(100 + index)) }
            for (index, key) in keys.enumerated() {
                XCTAssertEqual(marks.level(key), Int32(index), "limit \(limit), key \(key)")
                XCTAssertEqual(marks.via(key), Int64(100 + index), "limit \(limit), key \(key)")
            }
            XCTAssertEqual(marks.level(-3), 0, "level 0 is told apart from unreached")
            for (index, key) in keys.enumerated() { marks.visit(key, level: 1, via: 7, from: Int64(200 + index)) }
            for (index, key) in keys.enumerated() {
                XCTAssertEqual(marks.from(key), Int64(200 + index), "limit \(limit), key \(key)")
                XCTAssertEqual(marks.via(key), 7)
            }
            marks.begin()
            for key in keys { XCTAssertNil(marks.level(key), "limit \(limit), key \(key) is forgotten by begin()") }
        }
    }
}
