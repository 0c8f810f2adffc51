// tiergraph-bench: times Tiergraph's library paths on generated data (see BENCHMARKS.md).
//
//   tiergraph-bench import  --nodes N [--edges M] [--runs R] [--dir DIR]
//   tiergraph-bench queries --nodes N [--edges M] [--dir DIR] [--pairs P]
//   tiergraph-bench render  FILE.dot [--runs R] [--format svg] [--layout L]
//
// Both generate a synthetic supply chain into DIR (default: a temporary folder) unless it is
// there already. `import` times the CSV scan alone and the whole import into a new database,
// median of R runs. `queries` imports once (if DIR/bench.db is missing), then times loading the
// adjacency snapshot and, per query, the median over P fixed node pairs: shortest path (hops),
// upstream and downstream closures, 2-hop neighbourhoods and chokepoints. Node pairs are
// n{i*7919 % N} → n{(i*104729 + N/2) % N}, the same as Benchmarks/compare.py uses.
import Foundation
import Tiergraph

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

func time(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func option(_ name: String, _ arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func milliseconds(_ seconds: Double) -> String { String(format: "%.3f ms", seconds * 1000) }

let arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first, ["import", "queries", "render"].contains(mode) else {
    FileHandle.standardError.write(Data("usage: tiergraph-bench import|queries --nodes N [--edges M] [--runs R] [--pairs P] [--dir DIR]\n       tiergraph-bench render FILE.dot [--runs R] [--format F] [--layout L]\n".utf8))
    exit(2)
}
/// Renders one DOT file in-process R times: the median compares with `dot -Tsvg`, and the loop
/// is what Benchmarks/leakcheck.sh runs under valgrind.
func renderMode() throws {
    let source = try String(contentsOfFile: arguments[1], encoding: .utf8)
    let runs = Int(option("--runs", arguments) ?? "") ?? 5
    let format = Graphviz.Format(rawValue: option("--format", arguments) ?? "svg") ?? .svg
    var times: [Double] = []
    var bytes = 0
    for _ in 0..<runs {
        times.append(try time { bytes = try Graphviz.render(source, format: format, layout: option("--layout", arguments)).data.count })
    }
    print("render\t\(milliseconds(median(times))) median of \(runs)\t\(bytes) bytes")
}
if mode == "render" {
    try renderMode()
    exit(0)
}
let nodes = Int(option("--nodes", arguments) ?? "") ?? 100_000
let edges = Int(option("--edges", arguments) ?? "") ?? nodes * 5
let directory = option("--dir", arguments) ?? NSTemporaryDirectory() + "tiergraph-bench-\(nodes)"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
if !FileManager.default.fileExists(atPath: directory + "/edges.csv") {
    try SupplyChainGenerator(nodes: nodes, edges: edges).write(to: directory)
}
let database = directory + "/bench.db"
func removeDatabase() {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
}
func importAll() throws {
    let store = try GraphStore(path: database, create: true)
    _ = try store.importFiles([directory + "/nodes.csv", directory + "/edges.csv"])
}

if mode == "import" {
    let runs = Int(option("--runs", arguments) ?? "") ?? 3
    let rows = Double(nodes + edges)
    var scans: [Double] = [], imports: [Double] = []
    for _ in 0..<runs {
        scans.append(try time {
            var fields: [String] = []
            for file in ["nodes.csv", "edges.csv"] {
                let reader = try CSVReader(path: directory + "/" + file)
                while try reader.next(into: &fields) {}
            }
        })
        removeDatabase()
        imports.append(try time(importAll))
    }
    print("rows\t\(Int(rows)) (\(nodes) nodes, \(edges) edges), median of \(runs) runs")
    for (name, seconds) in [("csv-scan", median(scans)), ("import", median(imports))] {
        print("\(name)\t\(String(format: "%.3f", seconds)) s\t\(Int(rows / seconds)) rows/s")
    }
} else {
    let pairs = Int(option("--pairs", arguments) ?? "") ?? 100
    if !FileManager.default.fileExists(atPath: database) { try importAll() }
    let store = try GraphStore(path: database)
    var snapshot: GraphSnapshot!
    let load = try time { snapshot = try GraphSnapshot(store: store) }
    let query = GraphQuery(snapshot: snapshot)
    let ends = (0..<pairs).map { i in ("n\((i * 7919) % nodes)", "n\((i * 104_729 + nodes / 2) % nodes)") }
    var results: [(String, Double, Int)] = []
    func measure(_ name: String, _ body: (String, String) throws -> Int) rethrows {
        var times: [Double] = []
        var total = 0
        for (a, b) in ends {
            let start = DispatchTime.now().uptimeNanoseconds
            total += try body(a, b)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        results.append((name, median(times), total))
    }
    try measure("shortest-path") { a, b in try query.shortestPaths(from: a, to: b, direction: .any).first?.edges.count ?? -1 }
    try measure("shortest-path-supply") { a, b in try query.shortestPaths(from: a, to: b).first?.edges.count ?? -1 }
    try measure("upstream") { a, _ in try query.closure(of: a, direction: .upstream).count }
    try measure("downstream") { a, _ in try query.closure(of: a, direction: .downstream).count }
    try measure("neighbors-2") { a, _ in try query.closure(of: a, direction: .any, depth: 2).count }
    try measure("chokepoints") { _, b in try query.chokepoints(of: b).count }
    print("graph\t\(snapshot.nodeCount) nodes, \(snapshot.edgeCount) edges; \(pairs) pairs")
    print("load-snapshot\t\(milliseconds(load))")
    for (name, seconds, checksum) in results {
        print("\(name)\t\(milliseconds(seconds)) median\tchecksum \(checksum)")
    }
}
