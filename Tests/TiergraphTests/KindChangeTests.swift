import XCTest
@testable import Tiergraph

/// An upsert that would change an existing node's kind is refused unless asked for.
final class KindChangeTests: XCTestCase {
    private func seeded(_ scratch: Scratch) throws -> GraphStore {
        let store = try scratch.store()
        try store.write { writer in
            try writer.write(Node(id: "nvidia", kind: "company", name: "Nvidia"))
            try writer.write(Node(id: "amd", kind: "company", name: "AMD"))
        }
        try scratch.write("second/nodes.csv", "id,kind,name\nnvidia,fabless,Nvidia\ntsmc,foundry,TSMC\namd,fabless,AMD\n")
        return store
    }

    func testImportRefusesByDefaultListingEveryNodeWithFileAndLine() throws {
        let scratch = try Scratch()
        let store = try seeded(scratch)
        let before = try store.dump()
        XCTAssertThrowsError(try store.importFiles([scratch.path("second")])) { error in
            guard case GraphStoreError.kindChangesRefused(let changes) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(changes, [
                KindChange(id: "nvidia", oldKind: "company", newKind: "fabless", file: scratch.path("second/nodes.csv"), line: 2),
                KindChange(id: "amd", oldKind: "company", newKind: "fabless", file: scratch.path("second/nodes.csv"), line: 4),
            ])
            XCTAssertTrue("\(error)".contains("nvidia: company → fabless (\(scratch.path("second/nodes.csv")):2)"), "\(error)")
            XCTAssertTrue("\(error)".contains("--kind-change allow"), "\(error)")
        }
        XCTAssertEqual(try store.dump(), before, "nothing written, not even the new node")
    }

    func testReportAndAllowChangeTheKinds() throws {
        let scratch = try Scratch()
        let store = try seeded(scratch)
        var options = ImportOptions()
        options.kindChange = .report
        let report = try store.importFiles([scratch.path("second")], options: options)
        XCTAssertEqual(report.kindChanges.map(\.id), ["nvidia", "amd"])
        XCTAssertEqual(try store.node(id: "nvidia")?.kind, "fabless")
        options.kindChange = .allow
        try scratch.write("third/nodes.csv", "id,kind\nnvidia,company\n")
        XCTAssertEqual(try store.importFiles([scratch.path("third")], options: options).kindChanges.map(\.newKind), ["company"])
        XCTAssertEqual(try store.node(id: "nvidia")?.kind, "company")
    }

    func testSameKindAndWritesThroughTheWriterAreGuardedToo() throws {
        let scratch = try Scratch()
        let store = try seeded(scratch)
        try store.write { try $0.write(Node(id: "nvidia", kind: "company", name: "NVIDIA Corp")) }
        XCTAssertEqual(try store.node(id: "nvidia")?.name, "NVIDIA Corp", "an upsert of the same kind is no change")
        XCTAssertThrowsError(try store.write { try $0.write(Node(id: "nvidia", kind: "fabless")) }) {
            XCTAssertEqual($0 as? GraphStoreError, .kindChangesRefused([KindChange(id: "nvidia", oldKind: "company", newKind: "fabless")]))
        }
        XCTAssertEqual(try store.node(id: "nvidia")?.kind, "company")
        var options = ImportOptions()
        options.mergeRepeatedIDs = true
        try scratch.write("merged/nodes.csv", "id,kind\namd,fabless\n")
        XCTAssertThrowsError(try store.importFiles([scratch.path("merged")], options: options), "a merged row is guarded too")
    }

    func testAMappingFileSetsThePolicyPerTable() throws {
        let scratch = try Scratch()
        let store = try seeded(scratch)
        let mapping = try scratch.write("second/mapping.json", """
            {"tables": [{"file": "nodes.csv", "kind_change": "report"}]}
            """)
        let loaded = try ImportMapping(path: mapping)
        let report = try store.importTables(try loaded.importTables(for: []))
        XCTAssertEqual(report.kindChanges.map(\.description), [
            "nvidia: company → fabless (\(scratch.path("second/nodes.csv")):2)", "amd: company → fabless (\(scratch.path("second/nodes.csv")):4)",
        ])
        XCTAssertEqual(try store.imports().last?.mapping.serialized().contains("\"kind_change\":\"report\""), true, "logged with the import")
        let bad = try scratch.write("bad.json", """
            {"kind_change": "sometimes"}
            """)
        XCTAssertThrowsError(try ImportMapping(path: bad)) { XCTAssertTrue("\($0)".contains("'kind_change' takes one of refuse, report, allow"), "\($0)") }
    }
}
