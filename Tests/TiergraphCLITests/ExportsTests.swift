import Foundation
import XCTest

/// Exports/ is generated from Graph/ and committed: regenerating it must not change a byte.
final class ExportsTests: CLITestCase {
    func testCommittedExportsAreUpToDate() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/bin/bash")
        script.arguments = [root.appendingPathComponent("scripts/exports.sh").path, Self.binary.path, path("exports")]
        try script.run()
        script.waitUntilExit()
        XCTAssertEqual(script.terminationStatus, 0)
        let committed = root.appendingPathComponent("Exports")
        let fresh = try FileManager.default.contentsOfDirectory(atPath: path("exports")).sorted()
        let files = try FileManager.default.contentsOfDirectory(atPath: committed.path).filter { $0 != "README.md" }.sorted()
        XCTAssertEqual(fresh, files, "the set of exported files changed: run scripts/demo.sh and commit Exports/")
        for name in fresh {
            let new = try Data(contentsOf: URL(fileURLWithPath: path("exports/" + name)))
            let old = try Data(contentsOf: committed.appendingPathComponent(name))
            XCTAssertEqual(new, old, "Exports/\(name) is stale: run scripts/demo.sh and commit Exports/")
        }
    }
}
