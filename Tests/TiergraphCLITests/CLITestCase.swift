import Foundation
import XCTest

/// Runs the built `tiergraph` binary as a user would, in a scratch folder, and checks its
/// stdout, stderr and exit code. Holds no tests itself.
class CLITestCase: XCTestCase {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `tiergraph` executable built next to this test bundle.
    static let binary: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: directory.appendingPathComponent("tiergraph").path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("tiergraph")
    }()

    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tiergraph-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the tiergraph product first")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(
            atPath: (path(name) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    /// Runs `tiergraph arguments…` in the test folder, with `TIERGRAPH_DB` unset unless given.
    /// With `fileSizeLimit`, under that many KiB of file size (as a full disk would stop it; SIGXFSZ
    /// ignored, so a write fails with EFBIG instead of killing the process).
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:], fileSizeLimit: Int? = nil) throws -> Result {
        let process = Process()
        if let kilobytes = fileSizeLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -f \(kilobytes) && trap '' XFSZ && exec \"$0\" \"$@\"", Self.binary.path] + arguments
        } else {
            process.executableURL = Self.binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["TIERGRAPH_DB"] = nil
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs a command that must succeed and returns its stdout.
    func ok(_ arguments: [String], environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try run(arguments, environment: environment)
        XCTAssertEqual(result.status, 0, "tiergraph \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    /// Runs a command that must fail: non-zero exit, a message on stderr, nothing on stdout.
    func fails(_ arguments: [String], saying words: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try run(arguments)
        XCTAssertNotEqual(result.status, 0, "tiergraph \(arguments.joined(separator: " ")) should fail", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(words), "stderr was: \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stdout, "", file: file, line: line)
    }

    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func writeFixture() throws {
        try write("data/nodes.csv", """
            id,kind,name,aliases,country,hbm_gb,source_ref,quote
            nvidia,company,Nvidia,英伟达;NVDA,US,,seed-0,英伟达向中国出售H200
            tsmc,foundry,TSMC,台积电,TW,,,
            chip:h200,chip,H200,,US,141,seed-0,配备141GB HBM3e高带宽内存
            bytedance,csp,ByteDance,字节跳动,CN,,,
            h20-a,chip,H20,,,,,
            h20-b,chip,H20,,,,,

            """)
        try write("data/edges.csv", """
            source,target,kind,share,volume,unit,valid_from,source_ref
            tsmc,chip:h200,manufactures,,,,,seed-0
            nvidia,chip:h200,designs,,,,2023-11,seed-0
            bytedance,nvidia,orders,,16e9,USD,2025,seed-0
            nvidia,bytedance,market_share,20-25%,,,,seed-0

            """)
    }
}
