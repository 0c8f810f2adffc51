import Foundation
import XCTest
@testable import Tiergraph

/// A scratch folder for one test, removed afterwards.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tiergraph-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` (UTF-8) to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    /// Writes raw bytes to `name` and returns its path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let path = self.path(name)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A new store in this folder.
    func store(_ name: String = "graph.db") throws -> GraphStore {
        try GraphStore(path: path(name), create: true)
    }
}

extension GraphStore {
    /// The whole graph as data exports list it (edges in stored order), and the kinds and sources they carry.
    func wholeGraph() throws -> (selection: GraphSelection, catalogue: ExportCatalogue) {
        let selection = try select(.all, storedOrder: true)
        return (selection, try catalogue(of: selection))
    }

    /// Every row of every table, in a fixed order: two dumps are equal exactly when the stored
    /// content is equal. Used to show that a failed write changed nothing. With `graphOnly`,
    /// the import log (which every import adds to) is left out.
    func dump(graphOnly: Bool = false) throws -> String {
        let tables = try connection.query(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ) { $0.string(0) ?? "" }.filter { !graphOnly || !["imports", "import_edges", "history"].contains($0) }
        var text = ""
        for table in tables {
            text += "[\(table)]\n"
            let rows = try connection.query("SELECT * FROM \"\(table)\" ORDER BY \(table == "supply_index_pending" ? "1" : "1, 2")") { row in
                (0..<Int32(row.count)).map { "\(row.value($0))" }.joined(separator: "|")
            }
            text += rows.joined(separator: "\n") + "\n"
        }
        let indexes = try connection.query(
            "SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY name") { $0.string(0) ?? "" }
        return text + "indexes and triggers: " + indexes.joined(separator: ",")
    }
}

/// The small supply chain most tests start from: Chinese aliases, a share range, a volume,
/// a period, citations with quotes.
enum Fixture {
    static let nodes = """
        id,kind,name,aliases,country,hbm_gb,source_ref,quote
        nvidia,company,Nvidia,英伟达;NVDA,US,,seed-0,英伟达向中国出售H200
        tsmc,foundry,TSMC,台积电;ＴＳＭＣ,TW,,,
        chip:h200,chip,H200,,US,141,seed-0,"配备141GB HBM3e高带宽内存,显存带宽达4.8TB/s"
        bytedance,csp,ByteDance,字节跳动,CN,,,
        usgov,government,US Government,美国政府,US,,,

        """
    static let edges = """
        source,target,kind,share,volume,unit,valid_from,valid_to,source_ref,quote
        tsmc,chip:h200,manufactures,,,,,,seed-0,
        nvidia,chip:h200,designs,,,,2023-11,,seed-0,
        bytedance,nvidia,orders,,16e9,USD,2025,,seed-0;seed-1,
        nvidia,bytedance,market_share,20-25%,,,,2025-04,seed-0,"英伟达在华市场份额从20%—25%骤降至个位数"
        nvidia,usgov,revenue_share,25%,,,2025-12,,seed-0,销售额的25%需上缴美国政府

        """

    /// Writes the fixture's two files into `scratch` and returns their folder.
    static func folder(in scratch: Scratch) throws -> String {
        try scratch.write("fixture/nodes.csv", nodes)
        try scratch.write("fixture/edges.csv", edges)
        return scratch.path("fixture")
    }
}

/// Python 3 with the third-party readers the tests hold exports to (networkx, pydot, pygraphviz,
/// Kùzu, LadybugDB, FalkorDB's server and client: scripts/setup.sh installs them).
enum Python {
    /// Where scripts/setup.sh installs networkx `version` beside the current one (2.8.8, 3.3),
    /// for the tests that read with that version's defaults.
    static func networkx(_ version: String) -> String {
        FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/tiergraph/networkx-\(version)").path
    }

    /// Runs `code` with `arguments` (and `importPath` first on `PYTHONPATH`), feeding it `input`,
    /// and returns what it printed, trimmed. A non-zero exit fails the test with what it said.
    static func run(_ code: String, _ arguments: [String] = [], importPath: String? = nil, input: Data? = nil,
                    file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code] + arguments
        if let importPath {
            var environment = ProcessInfo.processInfo.environment
            environment["PYTHONPATH"] = importPath
            process.environment = environment
        }
        // Errors go to a file, so that a long message cannot fill a pipe nobody reads yet.
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("python-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardError = try FileHandle(forWritingTo: errors)
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(input ?? Data())
        try stdin.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "python3 failed: \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")", file: file, line: line)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
