// tiergraph-bench: times Tiergraph's library paths on generated data (see BENCHMARKS.md).
//
//   tiergraph-bench import  --nodes N [--edges M] [--runs R] [--dir DIR]
//   tiergraph-bench suite   --dir DIR [--queries FILE] [--budget S] [--runs R]
//   tiergraph-bench render  FILE.dot [--runs R] [--format svg] [--layout L]
//   tiergraph-bench floor   --nodes N [--edges M] [--dir DIR]
//
// `import` and `suite` generate a synthetic supply chain into DIR (default: a temporary folder)
// unless it is there already. `import` times the CSV scan alone and the whole import into a new
// database, median of R runs. `suite` is the library side of Benchmarks/compare.py (see below).
// `render` renders one DOT file in-process R times. `floor` measures what SQLite alone needs to
// store that many rows in Tiergraph's schema (see floorMode below).
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
guard let mode = arguments.first, ["import", "suite", "render", "floor"].contains(mode) else {
    FileHandle.standardError.write(Data("usage: tiergraph-bench import --nodes N [--edges M] [--runs R] [--dir DIR]\n       tiergraph-bench suite --dir DIR [--queries FILE] [--budget S] [--runs R]\n       tiergraph-bench render FILE.dot [--runs R] [--format F] [--layout L]\n       tiergraph-bench floor --nodes N [--edges M] [--dir DIR]\n".utf8))
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

/// `floor`: the least time SQLite needs to store N nodes and M edges in Tiergraph's own schema
/// and indexes, the way a bulk import does (one transaction, edge indexes dropped and built once
/// at the end), with no CSV, no checks and no model: short synthetic values bound to prepared
/// statements in a loop. The import's time above this is Tiergraph's own work. Run twice: with
/// every index, and without the two covering adjacency indexes (what they cost to build).
func floorMode() throws {
    for keepAdjacency in [true, false] {
        let path = NSTemporaryDirectory() + "tiergraph-floor-\(ProcessInfo.processInfo.processIdentifier).db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let connection = try GraphStore(path: path, create: true).connection
        try connection.execute(ConnectionSettings.bulkLoad.pragmas)
        let indexes = try connection.query(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'edges' AND sql IS NOT NULL ORDER BY name", []
        ) { (name: $0.string(0) ?? "", sql: $0.string(1) ?? "") }
        let rebuilt = indexes.filter { keepAdjacency || !["edges_out", "edges_in"].contains($0.name) }
        var phases: [(String, Double)] = []
        try connection.execute("BEGIN")
        for index in indexes { try connection.execute("DROP INDEX \(index.name)") }  // names from the schema itself
        phases.append(("nodes", try time {
            let insert = try connection.prepare("INSERT INTO nodes(id, kind, name, name_key, country) VALUES (?1, ?2, ?3, ?3, 'US')")
            for i in 0..<nodes {
                try insert.bind([.text("n\(i)"), .text(i % 5 == 0 ? "chip" : "company"), .text("company \(i)")])
                try insert.run()
            }
        }))
        phases.append(("edges", try time {
            let insert = try connection.prepare("INSERT INTO edges(id, source, target, kind) VALUES (?1, ?2, ?3, ?4)")
            let kinds = ["supplies", "supplies", "supplies", "supplies", "supplies", "supplies", "supplies", "designs", "orders", "owns"]
            var random = UInt64(42)
            func next() -> Int64 {
                random = random &* 6364136223846793005 &+ 1442695040888963407
                return Int64((random >> 33) % UInt64(nodes)) + 1
            }
            for i in 0..<edges {
                try insert.bind([.text("e\(i)"), .integer(next()), .integer(next()), .text(kinds[i % kinds.count])])
                try insert.run()
            }
        }))
        phases.append(("indexes", try time { for index in rebuilt { try connection.execute(index.sql) } }))
        phases.append(("commit", try time { try connection.execute("COMMIT") }))
        let total = phases.reduce(0) { $0 + $1.1 }
        let what = keepAdjacency ? "every index" : "without edges_out, edges_in"
        print("floor (\(what))\t" + phases.map { "\($0.0) \(String(format: "%.2f", $0.1)) s" }.joined(separator: ", ")
              + "\ttotal \(String(format: "%.2f", total)) s\t\(Int(Double(nodes + edges) / total)) rows/s")
    }
}
if mode == "floor" {
    try floorMode()
    exit(0)
}
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
    try suite()
}

/// `suite`: the library side of Benchmarks/compare.py. Imports DIR's CSV files into a new
/// database (median of R runs), loads the snapshot once, then runs each line of the queries file
/// (`name<TAB>arguments…`, written by compare.py) and prints one JSON object: the times and the
/// answers per query, so compare.py can check them against the peers' before it reports a time.
/// A query name stops after `--budget` seconds (at least one run), as the peers' do. `--runs 0`
/// queries the database a previous run imported.
func suite() throws {
    let lines = try String(contentsOfFile: option("--queries", arguments) ?? directory + "/queries.tsv", encoding: .utf8)
        .split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
    let budget = Double(option("--budget", arguments) ?? "") ?? 30
    let runs = Int(option("--runs", arguments) ?? "") ?? 1
    var imports: [Double] = []
    for _ in 0..<runs {
        removeDatabase()
        imports.append(try time(importAll))
    }
    let store = try GraphStore(path: database)
    var snapshot: GraphSnapshot!
    let load = try time { snapshot = try GraphSnapshot(store: store) }
    let query = GraphQuery(snapshot: snapshot)
    let flows = Dictionary(uniqueKeysWithValues: try store.edgeKinds().map { ($0.name, $0.flow) })
    func answer(_ name: String, _ a: [String]) throws -> JSONValue {
        switch name {
        case "shortest-path", "shortest-path-supply":
            let path = try query.shortestPaths(from: a[0], to: a[1], direction: name == "shortest-path" ? .any : .downstream).first
            return .int(Int64(path?.edges.count ?? -1))
        case "upstream": return .int(Int64(try query.closure(of: a[0], direction: .upstream).count))
        case "downstream": return .int(Int64(try query.closure(of: a[0], direction: .downstream).count))
        case "neighbors-2": return .int(Int64(try query.closure(of: a[0], direction: .any, depth: 2).count))
        case "chokepoints": return .int(Int64(try query.chokepoints(of: a[0]).chokepoints.count))
        case "simple-paths":
            // Node sequences, as the peers count them (parallel edges are separate paths here).
            let found = try query.simplePaths(from: a[0], to: a[1], maxDepth: Int(a[2])!, limit: .max)
            return .int(Int64(Set(found.paths.map(\.nodes)).count))
        case "render":
            let selection = try store.select(.around(a[0], hops: Int(a[1])!))
            let dot = DOTWriter().write(selection, flows: flows)
            _ = try Graphviz.render(dot, format: .svg, layout: "sfdp")
            return .array([.int(Int64(selection.nodes.count)), .int(Int64(selection.edges.count))])
        default: throw QueryError("unknown query \(name)")
        }
    }
    var results: [String: JSONValue] = [:]
    var order: [String] = []
    var times: [String: [JSONValue]] = [:], answers: [String: [JSONValue]] = [:], spent: [String: Double] = [:]
    for line in lines where !line.isEmpty {
        let name = line[0]
        if times[name] == nil { order.append(name) }
        guard spent[name, default: 0] < budget else { continue }
        var result = JSONValue.null
        let seconds = try time { result = try answer(name, Array(line.dropFirst())) }
        spent[name, default: 0] += seconds
        times[name, default: []].append(.double(seconds))
        answers[name, default: []].append(result)
    }
    for name in order {
        results[name] = .object(["times": .array(times[name] ?? []), "answers": .array(answers[name] ?? [])])
    }
    let report: JSONValue = .object([
        "import": .array(imports.map { .double($0) }), "load": .double(load), "queries": .object(results),
    ])
    print(report.serialized())
}
