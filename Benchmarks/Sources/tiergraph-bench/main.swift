// tiergraph-bench: times Tiergraph's library paths on generated data (see BENCHMARKS.md).
//
//   tiergraph-bench import [--nodes N] [--edges M] [--runs R] [--keep DIR]
//
// Generates a synthetic supply chain (or reuses DIR), then times, each over R runs (median):
//   csv-scan   reading every record of nodes.csv and edges.csv (the parser alone)
//   import     importing both files into a new database (one transaction, indexes included)
import Foundation
import Tiergraph

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
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

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.first == "import" else {
    FileHandle.standardError.write(Data("usage: tiergraph-bench import [--nodes N] [--edges M] [--runs R] [--keep DIR]\n".utf8))
    exit(2)
}
let nodes = Int(option("--nodes", arguments) ?? "") ?? 100_000
let edges = Int(option("--edges", arguments) ?? "") ?? nodes * 5
let runs = Int(option("--runs", arguments) ?? "") ?? 3
let directory = option("--keep", arguments) ?? NSTemporaryDirectory() + "tiergraph-bench-\(nodes)"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
if !FileManager.default.fileExists(atPath: directory + "/edges.csv") {
    try SupplyChainGenerator(nodes: nodes, edges: edges).write(to: directory)
}
let rows = Double(nodes + edges)

var scans: [Double] = []
for _ in 0..<runs {
    scans.append(try time {
        var fields: [String] = []
        for file in ["nodes.csv", "edges.csv"] {
            let reader = try CSVReader(path: directory + "/" + file)
            while try reader.next(into: &fields) {}
        }
    })
}
var imports: [Double] = []
for _ in 0..<runs {
    let database = directory + "/bench.db"
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
    imports.append(try time {
        let store = try GraphStore(path: database, create: true)
        _ = try store.importFiles([directory + "/nodes.csv", directory + "/edges.csv"])
    })
}
func report(_ name: String, _ seconds: Double) {
    print("\(name)\t\(String(format: "%.3f", seconds)) s\t\(Int(rows / seconds)) rows/s")
}
print("rows\t\(Int(rows)) (\(nodes) nodes, \(edges) edges), median of \(runs) runs")
report("csv-scan", median(scans))
report("import", median(imports))
