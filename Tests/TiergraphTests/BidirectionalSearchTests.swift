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

    func testGivesTheOrderedSearchsPathComparingOnlyIdentifiedNodes() throws {
        for seed: UInt64 in [1, 2, 3] {
            let graph = Multigraph(nodes: 40, edges: 110, seed: seed)
            let passable: (Int) -> Bool = { $0 % 7 != 3 }
            var paths = 0, none = 0
            for source in 0..<40 {
                for target in 0..<40 {
                    var identified = Set<Int>()
                    var random = SplitMix64(seed: seed &* 1_000 &+ UInt64(source * 40 + target))
                    let search = BidirectionalSearch<Int>(
                        keyLimit: seed == 3 ? 10 : 40,  // keys beyond the limit work too
                        forEachNeighbor: { node, forward, body in
                            for (v, edge) in graph.neighbors(node, forward).shuffled(using: &random) { try body(v, edge) }  // in any order
                        },
                        passable: passable,
                        precedes: { a, b in
                            XCTAssert(identified.contains(a) && identified.contains(b), "compared before identified")
                            return a < b
                        },
                        identify: { identified.formUnion($0) })
                    let found = try search.run(from: source, to: target)
                    // Nodes and edges interleaved, edges as negative numbers, like the reference.
                    let interleaved = found.map { found in
                        found.nodes.enumerated().flatMap { i, node in i == 0 ? [node] : [-1 - found.edges[i - 1], node] }
                    }
                    XCTAssertEqual(interleaved, orderedSearch(graph, from: source, to: target, passable: passable),
                                   "seed \(seed): \(source) → \(target)")
                    if found == nil {
                        none += 1
                        XCTAssertEqual(identified, [], "proving there is no path identifies nothing")
                    } else if source != target {
                        paths += 1
                    }
                }
            }
            XCTAssertGreaterThan(paths, 100, "seed \(seed): the graph has paths to choose among")
            XCTAssertGreaterThan(none, 100, "seed \(seed): and pairs with none")
        }
    }

    func testNodeLevelsKeepEveryKeyInsideAndOutsideTheFlatTable() {
        for limit in [0, 1, 5] {
            let levels = NodeLevels(keyLimit: limit)
            let keys = [-3, 0, 1, 4, 5, 6, 1 << 40]
            for key in keys { XCTAssertNil(levels[key], "limit \(limit), key \(key) starts unreached") }
            for (index, key) in keys.enumerated() { levels[key] = index }
            for (index, key) in keys.enumerated() { XCTAssertEqual(levels[key], index, "limit \(limit), key \(key)") }
            levels[4] = nil
            levels[1 << 40] = nil
            XCTAssertNil(levels[4])
            XCTAssertNil(levels[1 << 40])
            XCTAssertEqual(levels[0], 1, "level 0 is told apart from unreached")
        }
    }
}
