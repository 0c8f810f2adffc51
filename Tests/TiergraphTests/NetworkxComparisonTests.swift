import Foundation
import XCTest
@testable import Tiergraph

/// Compares every path, closure and dominator answer with networkx on seeded random graphs of
/// several shapes (tiered chains, dense graphs with cycles, parallel edges and self-loops).
/// Any difference fails. Needs python3 with networkx (scripts/setup.sh installs it).
final class NetworkxComparisonTests: XCTestCase {
    struct Shape {
        let name: String
        let nodes: Int
        let edges: Int
        let seed: UInt64
        /// Share of edges that may point "backwards" (creating cycles).
        let backwards: UInt64
        let parallel: Bool
    }

    static let shapes = [
        Shape(name: "tiered", nodes: 60, edges: 140, seed: 1, backwards: 0, parallel: false),
        Shape(name: "cyclic", nodes: 40, edges: 160, seed: 2, backwards: 40, parallel: false),
        Shape(name: "multi", nodes: 30, edges: 120, seed: 3, backwards: 25, parallel: true),
        Shape(name: "sparse", nodes: 80, edges: 90, seed: 4, backwards: 10, parallel: true),
    ]

    private var reachablePairs = 0
    private var nonEmptyChokepoints = 0

    func testAnswersMatchNetworkx() throws {
        for shape in Self.shapes {
            try compare(shape)
        }
        // Not vacuous: across the shapes, many pairs are connected and many nodes have chokepoints.
        XCTAssertGreaterThan(reachablePairs, 20)
        XCTAssertGreaterThan(nonEmptyChokepoints, 10)
    }

    private func compare(_ shape: Shape) throws {
        let scratch = try Scratch()
        var random = SplitMix64(seed: shape.seed)
        let kinds = ["supplies", "orders", "owns", "manufactures"]
        var nodes = "id,kind\n"
        let ids = (0..<shape.nodes).map { String(format: "n%03d", $0) }
        for id in ids { nodes += "\(id),company\n" }
        // Every supply edge serves the same input, so every supplier of a node is an
        // alternative: there, chokepoints are exactly the dominators networkx computes.
        var edges = "id,source,target,kind,share,input\n"
        var edgeList: [[String: Any]] = []
        var pairs = Set<String>()
        for index in 0..<shape.edges {
            var a = Int(random.next() % UInt64(shape.nodes)), b = Int(random.next() % UInt64(shape.nodes))
            if random.next() % 100 >= shape.backwards && a > b { swap(&a, &b) }
            if a == b && !shape.parallel { continue }  // self-loops only in the multigraph shapes
            if !shape.parallel && !pairs.insert("\(min(a, b))-\(max(a, b))").inserted { continue }
            let kind = kinds[Int(random.next() % UInt64(kinds.count))]
            let share: Double? = random.next() % 3 == 0 ? nil : Double(1 + random.next() % 100) / 100
            let id = "x\(index)"
            edges += "\(id),\(ids[a]),\(ids[b]),\(kind),\(share.map { "\($0)" } ?? ""),goods\n"
            edgeList.append(["id": id, "source": ids[a], "target": ids[b], "kind": kind, "share": share ?? NSNull()])
        }
        let store = try scratch.store()
        _ = try store.importFiles([try scratch.write("nodes.csv", nodes), try scratch.write("edges.csv", edges)])
        let query = try GraphQuery(store: store)

        var questions: [[String: Any]] = []
        var mine: [Any] = []
        func ask(_ question: [String: Any], _ answer: Any) {
            questions.append(question)
            mine.append(answer)
        }
        for _ in 0..<25 {
            let a = ids[Int(random.next() % UInt64(shape.nodes))], b = ids[Int(random.next() % UInt64(shape.nodes))]
            ask(["kind": "hops", "a": a, "b": b], try query.shortestPaths(from: a, to: b).first.map { $0.edges.count } as Any)
            // The search that reads the file as it goes gives exactly the snapshot's path.
            for direction in [Direction.downstream, .any] {
                XCTAssertEqual(try store.shortestPath(from: a, to: b, direction: direction),
                               try query.shortestPaths(from: a, to: b, direction: direction).first, "\(shape.name) \(a)→\(b)")
            }
            ask(["kind": "hops_any", "a": a, "b": b], try query.shortestPaths(from: a, to: b, direction: .any).first.map { $0.edges.count } as Any)
            ask(["kind": "share", "a": a, "b": b], try query.shortestPaths(from: a, to: b, weight: .share).first.map(\.cost) as Any)
            ask(["kind": "simple", "a": a, "b": b, "depth": 4], try query.simplePaths(from: a, to: b, maxDepth: 4, limit: 100_000).paths.map(\.nodes).sorted { $0.lexicographicallyPrecedes($1) })
            if !shape.parallel {
                ask(["kind": "k_shortest", "a": a, "b": b, "k": 4], try query.shortestPaths(from: a, to: b, k: 4).map { $0.edges.count })
            }
            let tiers: (Reach) -> [String: Int] = { Dictionary(uniqueKeysWithValues: $0.map { ($0.id, $0.tier) }) }
            // The walk that reads the file as it goes gives exactly the snapshot's walk.
            for direction in [Direction.downstream, .upstream, .any] {
                XCTAssertEqual(try store.closure(of: a, direction: direction), Array(try query.closure(of: a, direction: direction)), "\(shape.name) \(a) \(direction)")
            }
            ask(["kind": "downstream", "a": a], tiers(try query.closure(of: a, direction: .downstream)))
            ask(["kind": "upstream", "a": a], tiers(try query.closure(of: a, direction: .upstream)))
            ask(["kind": "neighbors", "a": a, "hops": 2], tiers(try query.closure(of: a, direction: .any, depth: 2)))
            ask(["kind": "chokepoints", "a": b], try query.chokepoints(of: b).chokepoints.map(\.id))
            XCTAssertEqual(try store.chokepoints(of: b), try query.chokepoints(of: b), "\(shape.name) chokepoints of \(b)")
            XCTAssertEqual(try store.exposure(of: a, maxDepth: 5), try query.exposure(of: a, maxDepth: 5), "\(shape.name) exposure of \(a)")
        }
        var flows: [String: String] = [:]
        for kind in try store.edgeKinds() { flows[kind.name] = kind.flow.rawValue }
        let task: [String: Any] = ["nodes": ids, "edges": edgeList, "flows": flows, "questions": questions]
        let answers = try runNetworkx(task)
        XCTAssertEqual(answers.count, mine.count)
        let found = zip(questions, mine).filter { ($0.0["kind"] as? String) == "hops" && "\($0.1)" != "nil" }.count
        let choked = zip(questions, mine).filter { ($0.0["kind"] as? String) == "chokepoints" && !(($0.1 as? [String])?.isEmpty ?? true) }.count
        reachablePairs += found
        nonEmptyChokepoints += choked
        for (index, (question, (theirs, ours))) in zip(questions, zip(answers, mine)).enumerated() {
            XCTAssertTrue(Self.same(theirs, ours), "\(shape.name) #\(index) \(question): networkx \(theirs), tiergraph \(ours)")
        }
    }

    /// Compares a JSON answer from Python with ours: numbers within 1e-9, arrays and objects deeply.
    static func same(_ theirs: Any, _ ours: Any) -> Bool {
        switch (theirs, ours) {
        case (is NSNull, let ours):
            if case Optional<Any>.none = ours as Any? { return true }
            return "\(ours)" == "nil"
        case (let a as NSNumber, let b as Int): return a.intValue == b && a.doubleValue == Double(b)
        case (let a as NSNumber, let b as Double): return abs(a.doubleValue - b) < 1e-9
        case (let a as [Any], let b as [Any]): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case (let a as [String: Any], let b as [String: Int]):
            return a.count == b.count && b.allSatisfy { key, value in (a[key] as? NSNumber)?.intValue == value }
        case (let a as String, let b as String): return a == b
        default:
            if let optional = ours as? Int? { return optional.map { same(theirs, $0) } ?? (theirs is NSNull) }
            if let optional = ours as? Double? { return optional.map { same(theirs, $0) } ?? (theirs is NSNull) }
            return false
        }
    }

    private func runNetworkx(_ task: [String: Any]) throws -> [Any] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Reference/networkx_answers.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: task))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "networkx reference failed: \(stderr)")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [Any])
    }
}
