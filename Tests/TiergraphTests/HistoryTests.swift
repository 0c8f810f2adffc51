import CSQLite
import XCTest
@testable import Tiergraph

/// The history: every write recorded, and undone exactly (on real files).
final class HistoryTests: XCTestCase {
    var scratch: Scratch!

    override func setUpWithError() throws { scratch = try Scratch() }

    /// Every stored row except the history itself and the derived supply index (which an undo
    /// empties, like any edit): equal exactly when the graph and its import log are equal.
    func state(_ store: GraphStore) throws -> String {
        let sections = try store.dump().components(separatedBy: "\n[")
        return sections.filter { !$0.hasPrefix("history]") && !$0.hasPrefix("supply_index]") }.joined(separator: "\n[")
    }

    /// The monthly update: importing the same files again writes no row (nothing in the history's
    /// counts but the import log); a changed name is the one row written.
    func testReimportingTheSameFilesWritesOnlyWhatChanged() throws {
        let store = try scratch.store()
        let folder = try Fixture.folder(in: scratch)
        _ = try store.importFiles([folder])
        let before = try store.dump(graphOnly: true)
        _ = try store.importFiles([folder])
        XCTAssertEqual(try store.dump(graphOnly: true), before)
        let counts = try XCTUnwrap(try store.history().last?.counts)
        guard case .object(let tables) = counts else { return XCTFail("\(counts)") }
        XCTAssertEqual(Set(tables.keys).subtracting(["imports", "import_edges"]), [], "\(counts)")
        // Below the history: SQLite itself counts no row changed by writing the same rows again.
        let node = try XCTUnwrap(try store.node(id: "nvidia")), edge = try XCTUnwrap(try store.edges(of: "nvidia").outgoing.first)
        let rowsChanged = try store.write { writer in
            let before = sqlite3_total_changes64(store.connection.handle)
            try writer.write(node)
            _ = try writer.write(edge)
            return sqlite3_total_changes64(store.connection.handle) - before
        }
        XCTAssertEqual(rowsChanged, 0)
        let nodes = try String(contentsOfFile: folder + "/nodes.csv", encoding: .utf8)
        try nodes.replacingOccurrences(of: "nvidia,company,Nvidia,", with: "nvidia,company,Nvidia Corporation,").write(toFile: folder + "/nodes.csv", atomically: true, encoding: .utf8)
        _ = try store.importFiles([folder])
        guard case .object(let changed) = try XCTUnwrap(try store.history().last?.counts) else { return XCTFail("no counts") }
        XCTAssertEqual(changed["nodes"], ["changed": 1], "\(changed)")
        XCTAssertNil(changed["edges"], "\(changed)")
    }

    func testEveryKindOfWriteIsRecordedAndUndoneExactly() throws {
        let store = try scratch.store()
        var states = [try state(store)]
        _ = try store.importFiles([try Fixture.folder(in: scratch)])
        states.append(try state(store))
        try store.write { try $0.write(Node(id: "acme", kind: "company", name: "Acme", aliases: ["ACME"], citations: [Citation(source: "seed-0", quote: "q")])) }
        states.append(try state(store))
        try store.write { try $0.write(Node(id: "nvidia", kind: "company", name: "NVIDIA Corp", country: "US", properties: ["ticker": "NVDA"])) }
        states.append(try state(store))
        try store.write { _ = try $0.write(Edge(source: "acme", target: "nvidia", kind: "supplies", input: "wafers", share: try Share(parsing: "30%"))) }
        states.append(try state(store))
        try store.write { try $0.define(EdgeKind(name: "packages", flow: .with)) }
        states.append(try state(store))
        let edge = try XCTUnwrap(try store.connection.scalar("SELECT id FROM edges WHERE kind = 'manufactures'")?.string)
        try store.removeEdge(id: edge)
        states.append(try state(store))
        try store.removeNode("nvidia", cascade: true)
        states.append(try state(store))
        let more = try scratch.write("more.csv", "id,kind,name\nasml,supplier,ASML\ntsmc,foundry,Taiwan Semiconductor\n")
        _ = try store.importFiles([more])
        states.append(try state(store))

        let log = try store.history()
        XCTAssertEqual(log.map(\.undo), [.empty] + Array(repeating: .changeset, count: 7))
        XCTAssertEqual(log.last?.files.map(\.file), [more])
        XCTAssertEqual(log.last?.counts, ["nodes": ["added": 1, "changed": 1], "imports": ["added": 1]])
        XCTAssertEqual(log[0].counts, ["nodes": ["added": 5], "edges": ["added": 5], "aliases": ["added": 6], "node_citations": ["added": 2],
                                       "edge_citations": ["added": 6], "import_edges": ["added": 5], "imports": ["added": 2], "sources": ["added": 2],
                                      ])
        XCTAssertEqual(log[6].counts, ["nodes": ["removed": 1], "edges": ["removed": 5], "aliases": ["removed": 2], "node_citations": ["removed": 1],
                                       "edge_citations": ["removed": 5], "import_edges": ["removed": 4]],
                       "a cascade's rows are recorded with the node")
        // Undo, newest first: each puts the graph back exactly as it was before that write.
        for expected in states.dropLast().reversed() {
            try store.undo()
            XCTAssertEqual(try state(store), expected)
        }
        XCTAssertThrowsError(try store.undo()) { XCTAssertEqual($0 as? HistoryError, .nothingToUndo) }
        XCTAssertEqual(try store.check(), [])
        XCTAssertEqual(try store.history().count, 16, "each undo is recorded")
    }

    func testAFailedWriteRecordsNothingAndUndoLosesNothing() throws {
        let store = try scratch.store()
        let bad = try scratch.write("bad.csv", "id,kind,name\na,company,A\n,company,B\n")
        XCTAssertThrowsError(try store.importFiles([bad]))
        XCTAssertEqual(try store.history(), [])
        XCTAssertThrowsError(try store.undo()) { XCTAssertEqual($0 as? HistoryError, .nothingToUndo) }
        try store.write { try $0.write(Node(id: "a", kind: "company")) }
        let before = try state(store)
        XCTAssertThrowsError(try store.importFiles([bad]))
        XCTAssertThrowsError(try store.removeNode("nobody"))
        XCTAssertEqual(try state(store), before)
        XCTAssertEqual(try store.history().count, 1, "failed writes are not in the history")
        // A dry run and a write that changes nothing are not recorded either.
        var options = ImportOptions()
        options.dryRun = true
        _ = try store.importFiles([try scratch.write("ok.csv", "id,kind,name\nb,company,B\n")], options: options)
        try store.write { try $0.define(EdgeKind(name: "supplies", flow: .with)) }
        XCTAssertEqual(try store.history().count, 1)
        try store.undo()
        XCTAssertEqual(try store.statistics().nodes, 0)
    }

    func testAnUndoThatMeetsALaterChangeNamesItAndChangesNothing() throws {
        let store = try scratch.store()
        try store.write { try $0.write(Node(id: "x", kind: "company", name: "X")) }
        store.command = "rename x"
        try store.write { try $0.write(Node(id: "x", kind: "company", name: "X Corp")) }
        store.command = "link y"
        try store.write {
            try $0.write(Node(id: "y", kind: "company"))
            _ = try $0.write(Edge(id: "yx", source: "y", target: "x", kind: "supplies"))
        }
        let before = try state(store)
        XCTAssertThrowsError(try store.undo(1)) { error in
            XCTAssertEqual(error as? HistoryError, .conflict(
                .init(id: 1, command: "library call"), row: "nodes 'x' (key 1)", reason: "changed the same row,", later: .init(id: 2, command: "rename x")))
            XCTAssertEqual("\(error)", "cannot undo #1 (library call): write #2 (rename x) changed the same row, nodes 'x' (key 1); undo #2 first")
        }
        XCTAssertEqual(try state(store), before)
        try store.undo(2)
        // Now the name is back, but an edge added later still refers to x.
        XCTAssertThrowsError(try store.undo(1)) { error in
            XCTAssertEqual(error as? HistoryError, .conflict(
                .init(id: 1, command: "library call"), row: "edges row 1, which refers to a nodes row that the undo would remove",
                reason: "added", later: .init(id: 3, command: "link y")))
        }
        XCTAssertEqual(try store.statistics().nodes, 2)
        XCTAssertThrowsError(try store.undo(2)) { XCTAssertEqual($0 as? HistoryError, .alreadyUndone(.init(id: 2, command: "rename x"), by: 4)) }
        XCTAssertThrowsError(try store.undo(9)) { XCTAssertEqual($0 as? HistoryError, .unknownWrite(id: 9, newest: 4)) }
        try store.undo(3)
        try store.undo(1)
        XCTAssertEqual(try store.statistics().nodes, 0)
        XCTAssertEqual(try store.check(), [])
    }

    func testUndoingAnUndoPutsTheWriteBack() throws {
        let store = try scratch.store()
        try store.write { try $0.write(Node(id: "x", kind: "company", name: "X")) }
        try store.write { try $0.write(Node(id: "y", kind: "company", name: "Y")) }
        let both = try state(store)
        let undo = try store.undo()
        XCTAssertEqual(undo.undoes, 2)
        XCTAssertEqual(try store.node(id: "y"), nil)
        try store.undo(undo.id)
        XCTAssertEqual(try state(store), both)
        let log = try store.history()
        XCTAssertEqual(log.map(\.undoneBy), [nil, nil, 4, nil], "#2 is back in effect; #3 was undone by #4")
        XCTAssertEqual(try store.undo().undoes, 2, "undo again takes the newest write in effect")
    }

    func testAnImportIntoAnEmptyGraphIsUndoneByEmptyingIt() throws {
        let store = try scratch.store()
        try store.write { try $0.define(EdgeKind(name: "packages", flow: .with)) }
        let kindsOnly = try state(store)
        _ = try store.importFiles([try Fixture.folder(in: scratch)])
        XCTAssertEqual(try store.history()[1].undo, .empty)
        XCTAssertEqual(try store.history()[1].changesetBytes < 2000, true, "no row of the graph is recorded")
        try store.write { try $0.write(Node(id: "acme", kind: "company")) }
        XCTAssertThrowsError(try store.undo(2)) { error in
            XCTAssertEqual(error as? HistoryError, .laterWrites(.init(id: 2, command: "library call"), later: [.init(id: 3, command: "library call")]))
        }
        try store.undo()
        try store.undo()
        XCTAssertEqual(try state(store), kindsOnly, "the import's kinds and log entries go too; the earlier kind stays")
        let last = try XCTUnwrap(try store.history().last)
        XCTAssertEqual(last.undo, .none)
        XCTAssertEqual(last.counts, ["nodes": ["removed": 5], "edges": ["removed": 5], "aliases": ["removed": 6], "node_citations": ["removed": 2],
                                     "edge_citations": ["removed": 6], "import_edges": ["removed": 5], "sources": ["removed": 2]])
        XCTAssertThrowsError(try store.undo(last.id)) { error in
            guard case .noUndoData = error as? HistoryError else { return XCTFail("\(error)") }
        }
    }

    func testAWriteTooLargeToRecordIsLoggedWithoutUndoData() throws {
        let store = try scratch.store()
        try store.write { try $0.write(Node(id: "seed", kind: "company")) }
        store.historyLimit = 4096
        let rows = (0..<2000).map { "n\($0),company,Company \($0)" }.joined(separator: "\n")
        _ = try store.importFiles([try scratch.write("big.csv", "id,kind,name\n" + rows + "\n")])
        let entry = try XCTUnwrap(try store.history().last)
        XCTAssertEqual(entry.undo, .none)
        XCTAssertEqual(entry.changesetBytes, 0)
        XCTAssertEqual(entry.note?.hasPrefix("too large to keep undo data"), true)
        XCTAssertEqual(entry.files.count, 1)
        XCTAssertThrowsError(try store.undo()) { error in
            XCTAssertTrue("\(error)".contains("cannot be undone: it was too large to keep undo data"), "\(error)")
        }
        XCTAssertEqual(try store.statistics().nodes, 2001, "nothing was undone")
        XCTAssertEqual(entry.counts, ["nodes": ["added": 2000]])
        XCTAssertEqual(entry.note?.contains("it read 51"), true, entry.note ?? "")
        // A write that is not an import stops recording once its changeset outgrows the limit.
        try store.write { writer in
            for index in 0..<2000 { try writer.write(Node(id: "n\(index)", kind: "company", name: "Renamed \(index)")) }
        }
        let renamed = try XCTUnwrap(try store.history().last)
        XCTAssertEqual(renamed.undo, .none)
        XCTAssertEqual(renamed.note?.hasPrefix("too large to keep undo data (its changes outgrew 4096 bytes)"), true, renamed.note ?? "")
        XCTAssertEqual(renamed.counts, ["rows": ["written": 2000]])
        store.historyLimit = 1 << 20
        try store.write { try $0.write(Node(id: "n1", kind: "company", name: "Back")) }
        XCTAssertEqual(try store.history().last?.undo, .changeset, "the limit is per write")
    }

    /// Older files get the history table; the imports they logged become entries without undo data.
    func testAVersion5FileGetsTheHistory() throws {
        let path = scratch.path("v5.db")
        let old = try Connection(path: path)
        for migration in Schema.migrations.prefix(5) { try migration(old) }
        try old.execute("""
            INSERT INTO imports(file, path, sha256, bytes, mapping, nodes, edges, sources, kinds, merged, skipped, filtered, replaced, imported_at)
            VALUES ('a.csv', '/a.csv', 'aa', 10, '{}', 3, 0, 0, 0, 0, 0, 0, 0, '2026-11-01T10:00:00Z'),
                   ('b.csv', '/b.csv', 'bb', 20, '{}', 0, 4, 0, 0, 0, 0, 0, 0, '2026-11-01T10:00:00Z'),
                   ('c.csv', '/c.csv', 'cc', 30, '{}', 1, 0, 0, 0, 0, 0, 0, 0, '2026-11-02T10:00:00Z');
            PRAGMA application_id = \(Schema.applicationID); PRAGMA user_version = 5;
            """)
        let store = try GraphStore(path: path)
        XCTAssertEqual(try store.schemaVersion(), Schema.currentVersion)
        let log = try store.history()
        XCTAssertEqual(log.map(\.files), [[.init(file: "a.csv", sha256: "aa", bytes: 10), .init(file: "b.csv", sha256: "bb", bytes: 20)],
                                          [.init(file: "c.csv", sha256: "cc", bytes: 30)]])
        XCTAssertEqual(log[0].counts, ["nodes": ["written": 3], "edges": ["written": 4]])
        XCTAssertEqual(log.map(\.undo), [.none, .none])
        XCTAssertThrowsError(try store.undo())
    }
}
