import Foundation
@testable import Tiergraph
import XCTest

/// What a write checks before writing into a damaged file, at each size (``WriteVerification``),
/// and that the damage SQLite meets while writing rolls the write back (issue 22).
final class DamagedFileTests: XCTestCase {
    /// A file of two nodes and one edge, closed; its edges' root page then overwritten with `fill`.
    private func damagedGraph(in scratch: Scratch, fill: UInt8) throws -> (path: String, before: Data) {
        let file = scratch.path("g.db")
        let root: Int64
        do {
            let store = try GraphStore(path: file, create: true)
            try store.write { writer in
                try writer.write(Node(id: "tsmc", kind: "foundry", name: "TSMC"))
                try writer.write(Node(id: "nvidia", kind: "company", name: "Nvidia"))
                _ = try writer.write(Edge(source: "tsmc", target: "nvidia", kind: "supplies"))
            }
            root = try XCTUnwrap(store.connection.scalar("SELECT rootpage FROM sqlite_schema WHERE name = 'edges'")?.int64)
        }
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: file))
        try handle.seek(toOffset: UInt64((root - 1) * 4096))
        try handle.write(contentsOf: Data(repeating: fill, count: 4096))
        try handle.close()
        return (file, try Data(contentsOf: URL(fileURLWithPath: file)))
    }

    /// Above every size limit only the header is checked before writing; an edge written into
    /// the overwritten page meets the damage, and the write is rolled back, saying so.
    func testDamageMetWhileWritingRollsTheWriteBackAndSaysSo() throws {
        let scratch = try Scratch()
        let (file, before) = try damagedGraph(in: scratch, fill: 0xA5)
        do {
            let store = try GraphStore(path: file)
            store.writeVerification = .headerOnly
            XCTAssertThrowsError(try store.write { writer in
                try writer.write(Node(id: "smic", kind: "foundry", name: "SMIC"))
                _ = try writer.write(Edge(source: "smic", target: "nvidia", kind: "supplies"))
            }) { error in
                guard case .damaged(let path, let problems) = error as? GraphStoreError else { return XCTFail("\(error)") }
                XCTAssertEqual(path, file)
                XCTAssertEqual(problems.count, 1)
                XCTAssertTrue(problems[0].hasPrefix("SQLite found it damaged while writing: "), problems[0])
            }
            XCTAssertNil(try store.connection.scalar("SELECT nid FROM nodes WHERE id = 'smic'"), "the node written first was rolled back")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: file)), before)
    }

    /// Under the size limits (the standard ones, on this small file), the same damage is found by
    /// `quick_check` before anything is written: even a write that would not touch the page.
    func testSmallFilesAreQuickCheckedBeforeEveryWrite() throws {
        let scratch = try Scratch()
        let (file, before) = try damagedGraph(in: scratch, fill: 0xA5)
        do {
            let store = try GraphStore(path: file)
            XCTAssertEqual(store.writeVerification, .standard)
            XCTAssertThrowsError(try store.write { try $0.write(Node(id: "smic", kind: "foundry", name: "SMIC")) }) { error in
                guard case .damaged(_, let problems) = error as? GraphStoreError else { return XCTFail("\(error)") }
                XCTAssertFalse(problems.contains { $0.hasPrefix("SQLite found it damaged while writing") }, "found before writing: \(problems)")
            }
            XCTAssertEqual(try store.check().first?.code, .integrity)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: file)), before)
    }

    /// The graph's rules are checked only up to `graphCheckBytes`: the same file, with a dangling
    /// edge, is refused under the limit and written above it (the cost the limit saves).
    func testTheGraphsRulesAreCheckedUpToTheirSizeLimit() throws {
        let scratch = try Scratch()
        let file = scratch.path("g.db")
        let store = try GraphStore(path: file, create: true)
        try store.write { writer in
            try writer.write(Node(id: "tsmc", kind: "foundry", name: "TSMC"))
            try writer.write(Node(id: "nvidia", kind: "company", name: "Nvidia"))
            _ = try writer.write(Edge(source: "tsmc", target: "nvidia", kind: "supplies"))
        }
        try store.connection.execute("PRAGMA foreign_keys = OFF; UPDATE edges SET source = 9999; PRAGMA foreign_keys = ON")
        let bytes = Int(try XCTUnwrap(store.connection.scalar("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")?.int64))
        store.writeVerification = WriteVerification(quickCheckBytes: bytes, graphCheckBytes: bytes)
        XCTAssertThrowsError(try store.write { try $0.write(Node(id: "smic", kind: "foundry", name: "SMIC")) }) { error in
            XCTAssertEqual(error as? GraphStoreError, .damaged(path: file, problems: [
                "foreign_key: row 1 of table edges refers to a missing row of nodes", "dangling_edge: edge \(try! self.edgeID(store)) has no source node",
            ]))
        }
        store.writeVerification = WriteVerification(quickCheckBytes: bytes, graphCheckBytes: bytes - 1)
        try store.write { try $0.write(Node(id: "smic", kind: "foundry", name: "SMIC")) }
        XCTAssertNotNil(try store.node(id: "smic"))
    }

    private func edgeID(_ store: GraphStore) throws -> String {
        try XCTUnwrap(store.connection.scalar("SELECT id FROM edges")?.string)
    }
}
