import Foundation
import XCTest
@testable import Tiergraph

/// Imports of real files as they are (issue 17, item 1): kinds declared on the fly, share
/// scales, value maps, row filters, repeated ids, skipped bad rows, several tables each with
/// its own mapping, mapping files, and re-imports that replace what a file wrote before.
final class ImportMappingTests: XCTestCase {
    private var scratch: Scratch!
    private var store: GraphStore!

    override func setUpWithError() throws {
        scratch = try Scratch()
        store = try scratch.store()
    }

    override func tearDownWithError() throws {
        store = nil
        scratch = nil
    }

    private func nodes(_ ids: String...) throws -> String {
        try scratch.write("nodes.csv", "id,kind\n" + ids.map { "\($0),company\n" }.joined())
    }

    private func edges(_ store: GraphStore, of id: String) throws -> [Edge] {
        try store.edges(of: id).outgoing.sorted { ($0.target, $0.kind) < ($1.target, $1.kind) }
    }

    /// Throws if `body` does not fail with an ``ImportError`` at `line`/`column` saying `words`.
    private func refuses(_ line: Int?, _ column: Int?, saying words: String, file: StaticString = #filePath, at sourceLine: UInt = #line,
                         _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: sourceLine) { error in
            guard let error = error as? ImportError else { return XCTFail("not an ImportError: \(error)", file: file, line: sourceLine) }
            XCTAssertEqual(error.line, line, "\(error)", file: file, line: sourceLine)
            XCTAssertEqual(error.column, column, "\(error)", file: file, line: sourceLine)
            XCTAssertTrue(error.description.contains(words), "\(error)", file: file, line: sourceLine)
        }
    }

    func testKindsAreDeclaredOnTheFly() throws {
        let links = try scratch.write("links.csv", "source,target,kind\na,b,procures\nb,c,ships_to\nc,a,rivals\n")
        _ = try store.importFiles([try nodes("a", "b", "c")])
        let before = try store.dump()
        refuses(2, 3, saying: "unknown edge kind 'procures' with no flow") { _ = try store.importFiles([links]) }
        var options = ImportOptions()
        options.flows = ["procures": .against, "ships_to": .with]
        refuses(4, 3, saying: "--unknown-kinds-flow with") { _ = try store.importFiles([links], options: options) }
        XCTAssertEqual(try store.dump(), before, "a failed import declares no kind")
        options.unknownKindsFlow = Flow.none
        let report = try store.importFiles([links], options: options)
        XCTAssertEqual(report.kinds, 3)
        let kinds = Dictionary(uniqueKeysWithValues: try store.edgeKinds().map { ($0.name, $0.flow) })
        XCTAssertEqual(kinds["procures"], .against)
        XCTAssertEqual(kinds["ships_to"], .with)
        XCTAssertEqual(kinds["rivals"], Flow.none)
        options.flows = ["procures": .with]
        refuses(nil, nil, saying: "already defined with flow 'against', not 'with'") { _ = try store.importFiles([links], options: options) }
        // Whole-graph files too; each file with its own options.
        let graph = try scratch.write("graph.json", #"{"nodes": [{"id": "d"}], "links": [{"source": "a", "target": "d", "kind": "zaps"}]}"#)
        var strict = ImportOptions(), lenient = ImportOptions()
        lenient.unknownKindsFlow = .with
        refuses(1, 36, saying: "unknown edge kind 'zaps'") {
            _ = try store.importTables([ImportTable(path: links, options: lenient), ImportTable(path: graph, options: strict)])
        }
        strict.unknownKindsFlow = .against
        _ = try store.importTables([ImportTable(path: graph, options: strict)])
        XCTAssertEqual(try store.edgeKinds().first { $0.name == "zaps" }?.flow, .against)
    }

    func testSharesOnAScaleOf100BecomeShares() throws {
        _ = try store.importFiles([try nodes("a", "b", "c", "d")])
        let links = try scratch.write("links.csv", "source,target,kind,share\na,b,supplies,40\na,c,supplies,12.5%\na,d,supplies,20-30\n")
        var options = ImportOptions()
        refuses(2, 4, saying: "share 40 is outside 0…1") { _ = try store.importFiles([links], options: options) }
        options.shareScale = 100
        _ = try store.importFiles([links], options: options)
        XCTAssertEqual(try edges(store, of: "a").map(\.share), [try Share(0.4), try Share(0.125), try Share(low: 0.2, high: 0.3)])
        let over = try scratch.write("over.csv", "source,target,kind,share\nb,c,supplies,150\n")
        refuses(2, 4, saying: "share '150' is outside the scale 0–100") { _ = try store.importFiles([over], options: options) }
        // The share features read them: the supplier's share of b's supply is 40%.
        XCTAssertEqual(try store.edges(of: "b").incoming.first?.share?.value, 0.4)
    }

    func testValueMapsRenameKindsAndValues() throws {
        let people = try scratch.write("people.csv", "id,kind,country\nacme,firm,Deutschland\nbeta,firm,DE\n")
        let links = try scratch.write("links.csv", "source,target,kind\nacme,beta,procures\n")
        var options = ImportOptions()
        options.valueMaps = [.nodeKind: ["firm": "company"], .nodeCountry: ["Deutschland": "DE"], .edgeKind: ["procures": "orders"]]
        _ = try store.importFiles([people, links], options: options)
        XCTAssertEqual(try store.node(id: "acme")?.kind, "company")
        XCTAssertEqual(try store.node(id: "acme")?.country, "DE")
        XCTAssertEqual(try edges(store, of: "acme").map(\.kind), ["orders"])
    }

    /// One table imported in parts: each part has its own row filter and its own kind.
    func testRowFiltersImportOneTableInParts() throws {
        _ = try store.importFiles([try nodes("a", "b", "c", "d")])
        let table = try scratch.write("relations.csv", "source,target,type,year\na,b,supply,2024\na,c,supply,2023\na,d,owner,2024\nb,c,rival,2024\n")
        var supply = ImportOptions(), owner = ImportOptions()
        supply.rowFilters = [RowFilter(column: "type", values: ["supply"]), try RowFilter(parsing: "year=2024|2025")]
        supply.defaultEdgeKind = "supplies"
        owner.rowFilters = [try RowFilter(parsing: "type=owner")]
        owner.defaultEdgeKind = "owns"
        let report = try store.importTables([ImportTable(path: table, options: supply), ImportTable(path: table, options: owner)])
        XCTAssertEqual(report.edges, 2)
        XCTAssertEqual(report.filtered, 3 + 3)
        XCTAssertEqual(try edges(store, of: "a").map { "\($0.target) \($0.kind)" }, ["b supplies", "d owns"])
        var others = ImportOptions()
        others.rowFilters = [try RowFilter(parsing: "type!=supply|owner")]
        others.flows = ["rival": .none]
        others.columns[.edgeKind] = "type"
        XCTAssertEqual(try store.importFiles([table], options: others).edges, 1)
        var typo = ImportOptions()
        typo.rowFilters = [try RowFilter(parsing: "yaer=2024")]
        refuses(1, nil, saying: "the row filter's column 'yaer' is not in the header; the columns are: source, target, type, year") {
            _ = try store.importFiles([table], options: typo)
        }
        XCTAssertThrowsError(try RowFilter(parsing: "=2024"))
        XCTAssertThrowsError(try RowFilter(parsing: "year"))
    }

    /// Alias rows repeat a provider's id with another name and blank cells; a lookup table
    /// names the nodes that had only an id.
    func testRepeatedIDsAddAliasesAndProperties() throws {
        let providers = try scratch.write("providers.csv", """
            id,name,kind,country,employees
            p1,Acme Silicon Ltd,company,DE,
            p1,Acme Silicon,,,120
            p2,,company,,
            p1,ACME,,,

            """)
        refuses(3, 1, saying: "duplicate node id 'p1' (first given on line 2)") { _ = try store.importFiles([providers]) }
        var merge = ImportOptions()
        merge.mergeRepeatedIDs = true
        let names = try scratch.write("names.csv", "id,name\np2,Borealis Optics\np1,Acme S.A.\np3,Cobalt Gases\n")
        merge.defaultNodeKind = "provider"
        let report = try store.importTables([ImportTable(path: providers, options: merge), ImportTable(path: names, options: merge)])
        XCTAssertEqual(report.nodes, 3, "p1, p2, p3")
        XCTAssertEqual(report.merged, 4, "three rows repeat p1, one p2")
        let acme = try XCTUnwrap(try store.node(id: "p1"))
        XCTAssertEqual(acme.name, "Acme Silicon Ltd")
        XCTAssertEqual(acme.kind, "company")
        XCTAssertEqual(acme.country, "DE")
        XCTAssertEqual(acme.aliases.sorted(), ["ACME", "Acme S.A.", "Acme Silicon"])
        XCTAssertEqual(acme.properties, ["employees": 120])
        XCTAssertEqual(try store.node(id: "p2")?.name, "Borealis Optics", "a node without a name takes the lookup's")
        XCTAssertEqual(try store.node(id: "p2")?.aliases, [])
        XCTAssertEqual(try store.node(id: "p3")?.kind, "provider", "a new id takes the default kind")
        let clash = try scratch.write("clash.csv", "id,kind\nx,company\nx,country\n")
        refuses(3, 2, saying: "node 'x' was given kind 'company' on line 2, this row repeats it with kind 'country'") {
            _ = try store.importFiles([clash], options: merge)
        }
    }

    /// A messy table: byte-order mark, CRLF, a quoted field over two lines, a blank row, a
    /// ragged row, a dangling target, a blank target cell and a bad share.
    func testBadRowsAreSkippedOnlyWhenAskedAndReported() throws {
        _ = try store.importFiles([try nodes("a", "b", "c")])
        let messy = try scratch.write("messy.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("""
            source,target,kind,share,note\r
            a,b,supplies,0.5,"two\r
            lines"\r
            ,,,,\r
            a,c,supplies\r
            a,nobody,supplies,,\r
            b,,supplies,,blank target\r
            b,c,supplies,lots,\r
            c,a,supplies,0.1,"quoted, with a comma"\r

            """.utf8))
        let before = try store.dump()
        refuses(4, nil, saying: "blank row: every cell is empty") { _ = try store.importFiles([messy]) }
        XCTAssertEqual(try store.dump(), before, "strict by default: nothing was imported")
        var options = ImportOptions()
        options.skipBadRows = true
        let report = try store.importFiles([messy], options: options)
        XCTAssertEqual(report.edges, 2)
        XCTAssertEqual(report.skipped.map(\.line), [4, 5, 6, 7, 8])
        XCTAssertEqual(report.skippedRowsCSV, """
            file,line,column,column_name,reason
            \(messy),4,,,blank row: every cell is empty
            \(messy),5,4,share,ragged row: 3 field(s) where the header has 5
            \(messy),6,2,target,dangling edge: target 'nobody' is not a node (import or add it first)
            \(messy),7,2,target,an edge needs a target node
            \(messy),8,4,share,"share 'lots' cannot be read (no number): write a number such as 25% or 16e9 USD, bounds such as >95%, >=50%, <10%, ~30%, 20-25% or >=20% <25%, or a wording such as 超过95%, 50%以上, 不到10% or 个位数"

            """)
        XCTAssertEqual(try edges(store, of: "a").first?.properties["note"], "two\r\nlines")
        XCTAssertEqual(try edges(store, of: "c").first?.properties["note"], "quoted, with a comma")
        XCTAssertEqual(try store.imports().last?.skipped, 5)
        let again = try store.importFiles([messy], options: options)
        XCTAssertEqual(again.skippedRowsCSV, report.skippedRowsCSV, "the report is the same for the same input")
    }

    /// The relational dataset of the README, read through its mapping file: every table with
    /// its own columns, and all of the options above.
    func testAMappingFileReadsEveryTableOfADataset() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/relational-dataset").path
        let mapping = try ImportMapping(path: folder + "/mapping.json")
        XCTAssertEqual(mapping.tables.map(\.file), ["providers.csv", "inputs.csv", "input_names.csv", "provision.csv", "sequence.csv"])
        var tables = try mapping.importTables(for: [folder + "/data"])
        for index in tables.indices { tables[index].options.skipBadRows = true }
        let report = try store.importTables(tables)
        XCTAssertEqual(report.skipped.map { "\($0.line) \($0.columnName ?? "")" }, ["9 input_id"])
        XCTAssertEqual(report.filtered, 1, "the 2023 provision row")
        XCTAssertEqual(try store.node(id: "P1")?.aliases, ["Acme Silicon"])
        XCTAssertEqual(try store.node(id: "P5")?.kind, "university")
        XCTAssertEqual(try store.node(id: "P4")?.kind, "provider")
        XCTAssertEqual(try store.node(id: "I4")?.name, "Photoresist")
        XCTAssertEqual(try edges(store, of: "P4").map(\.share), [try Share(0.455)])
        XCTAssertEqual(try edges(store, of: "I2").map(\.kind), ["component_of"])
        XCTAssertEqual(try store.imports().map(\.mapping).first?.serialized().contains("\"merge_repeated_ids\":true"), true)
        XCTAssertEqual(try store.check(), [])
    }

    /// Tables are found beside the mapping file when no folder is given; a file given by its
    /// path is read with its table's options, or with the top level's if no table names it.
    func testAMappingFileFindsItsTables() throws {
        let mapping = try scratch.write("set/mapping.json", """
            {"default_node_kind": "firm", "tables": [{"file": "people.csv", "columns": {"node.id": "key"}, "default_node_kind": "person"}]}
            """)
        try scratch.write("set/people.csv", "key\nann\n")
        let loaded = try ImportMapping(path: mapping)
        XCTAssertEqual(try loaded.importTables(for: []).map(\.path), [scratch.path("set/people.csv")])
        let other = try scratch.write("firms.csv", "id\nacme\n")
        let tables = try loaded.importTables(for: [scratch.path("set/people.csv"), other])
        XCTAssertEqual(tables.map(\.options.defaultNodeKind), ["person", "firm"])
        _ = try store.importTables(tables)
        XCTAssertEqual(try store.node(id: "ann")?.kind, "person")
        XCTAssertEqual(try store.node(id: "acme")?.kind, "firm")
    }

    func testAMappingFileNamesItsMistakesWithTheirLines() throws {
        let cases: [(text: String, line: Int, column: Int, words: String)] = [
            ("{\n  \"tables\": [\n    {\"file\": \"a.csv\",\n     \"colums\": {}}\n  ]\n}\n", 4, 6,
             "unknown key 'colums'; the valid keys of a table are: file, description, columns,"),
            ("{\"flow\": {}}", 1, 2, "unknown key 'flow'; the valid keys at the top level are: description, columns,"),
            ("{\n\"flows\": {\"x\": \"sideways\"}}", 2, 11, "flow 'sideways' is not one of with, against, none, gate"),
            ("{\"tables\": [{\"file\": \"a.csv\", \"columns\": {\"edge.sorce\": \"from\"}}]}", 1, 43, "unknown field 'edge.sorce'; the fields are: node.id"),
            ("{\"share_scale\": \"100\"}", 1, 2, "'share_scale' takes a number"),
            ("{\"merge_repeated_ids\": true,\n \"merge_repeated_ids\": false}", 2, 2, "key 'merge_repeated_ids' appears twice"),
            ("{\"tables\": [{\"file\": \"a.csv\",}]}", 1, 30, "not valid JSON"),
            ("{\"rows_where\": [\"year\"]}", 1, 2, "a row filter is COLUMN=VALUE"),
        ]
        for (index, bad) in cases.enumerated() {
            let path = try scratch.write("bad\(index).json", bad.text)
            refuses(bad.line, bad.column, saying: bad.words) { _ = try ImportMapping(path: path) }
        }
        let missing = try scratch.write("missing.json", "{\n\"tables\": [\n{\"file\": \"nowhere.csv\"}]}")
        refuses(3, nil, saying: "table file 'nowhere.csv' is not in") { _ = try ImportMapping(path: missing).importTables(for: []) }
    }

    /// Re-importing a file with a corrected mapping: without --replace, edges whose cited
    /// sources changed are doubled (sources are part of an edge's natural key); with it, the
    /// rows that came from that file before are replaced, and the import log says so.
    func testReplaceReimportsAFileWithoutDoublingIt() throws {
        _ = try store.importFiles([try nodes("a", "b", "c")])
        let links = try scratch.write("links.csv", "from,to,relation,refs\na,b,supplies,s1\nb,c,supplies,s2\n")
        let other = try scratch.write("other.csv", "source,target,kind\nb,c,supplies\nc,a,supplies\n")
        var wrong = ImportOptions()
        wrong.columns = [.edgeSource: "from", .edgeTarget: "to", .edgeKind: "relation"]
        var fixed = wrong
        fixed.columns[.sourceRef] = "refs"
        _ = try store.importFiles([links], options: wrong)
        _ = try store.importFiles([other])  // b → c without sources: the same edge as links.csv's first import
        XCTAssertEqual(try store.statistics().edges, 3)
        let doubled = try scratch.store("doubled.db")
        _ = try doubled.importFiles([scratch.path("nodes.csv")])
        _ = try doubled.importFiles([links], options: wrong)
        _ = try doubled.importFiles([links], options: fixed)
        XCTAssertEqual(try doubled.statistics().edges, 4, "without --replace: doubled")

        fixed.replace = true
        let report = try store.importFiles([links], options: fixed)
        XCTAssertEqual(report.replaced, 1, "a → b; b → c stays, other.csv wrote it too")
        XCTAssertEqual(try edges(store, of: "a").map { $0.citations.map(\.source) }, [["s1"]])
        XCTAssertEqual(try store.edges(of: "b").outgoing.map { $0.citations.map(\.source) }.sorted { $0.count < $1.count }, [[], ["s2"]])
        XCTAssertEqual(try store.statistics().edges, 4)
        XCTAssertEqual(try store.importFiles([links], options: fixed).replaced, 2, "what the last import of the file wrote")
        XCTAssertEqual(try store.statistics().edges, 4)
        XCTAssertEqual(try store.check(), [])

        let log = try store.imports()
        XCTAssertEqual(log.map(\.file), [scratch.path("nodes.csv"), links, other, links, links])
        XCTAssertEqual(log.map(\.replaced), [0, 0, 0, 1, 2])
        XCTAssertEqual(log.map(\.edges), [0, 2, 2, 2, 2])
        XCTAssertEqual(log[3].path, GraphStore.logPath(links))
        XCTAssertEqual(log[3].bytes, 54)
        var hash = SHA256()
        try Data(contentsOf: URL(fileURLWithPath: links)).withUnsafeBytes { hash.update($0) }
        XCTAssertEqual(log[3].sha256, hash.finish())
        XCTAssertEqual(log[3].mapping, ["columns": ["edge.source": "from", "edge.target": "to", "edge.kind": "relation", "source_ref": "refs"]])
        // Removing an edge removes it from the log's record of its import.
        try store.removeEdge(id: try XCTUnwrap(try edges(store, of: "a").first?.id))
        XCTAssertEqual(try store.importFiles([links], options: fixed).replaced, 1)
        XCTAssertEqual(try store.check(), [])
    }

    /// Version 4 files get the import log; the migration adds tables and leaves `edges` alone.
    func testAVersion4FileGetsTheImportLog() throws {
        let path = scratch.path("v4.db")
        let old = try Connection(path: path)
        for migration in Schema.migrations.prefix(4) { try migration(old) }
        try old.execute("""
            INSERT INTO nodes(nid, id, kind, name, name_key) VALUES (1, 'a', 'company', 'A', 'a'), (2, 'b', 'company', 'B', 'b');
            INSERT INTO edges(eid, id, source, target, kind) VALUES (1, 'ab', 1, 2, 'supplies');
            PRAGMA application_id = \(Schema.applicationID); PRAGMA user_version = 4;
            """)
        let edgesTable = try old.scalar("SELECT sql || rootpage FROM sqlite_schema WHERE name = 'edges'")?.string
        let migrated = try GraphStore(path: path)
        XCTAssertEqual(try migrated.schemaVersion(), Schema.currentVersion)
        XCTAssertEqual(try migrated.connection.scalar("SELECT sql || rootpage FROM sqlite_schema WHERE name = 'edges'")?.string, edgesTable)
        XCTAssertEqual(try migrated.imports(), [])
        let links = try scratch.write("links.csv", "source,target,kind\na,b,supplies\nb,a,supplies\n")
        var options = ImportOptions()
        options.replace = true
        XCTAssertEqual(try migrated.importFiles([links], options: options).replaced, 0)
        XCTAssertEqual(try migrated.importFiles([links], options: options).replaced, 2)
        XCTAssertEqual(try migrated.statistics().edges, 3, "edge 'ab', from before version 5, belongs to no import and stays")
        XCTAssertEqual(try migrated.check(), [])
    }

    func testSHA256MatchesTheStandardVectors() throws {
        func digest(_ bytes: [UInt8], pieces: Int = 1) -> String {
            var hash = SHA256()
            let size = max(1, bytes.count / pieces)
            var start = 0
            while start < bytes.count {
                bytes[start..<min(bytes.count, start + size)].withUnsafeBytes { hash.update($0) }
                start += size
            }
            return hash.finish()
        }
        XCTAssertEqual(digest([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(digest(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let two = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        XCTAssertEqual(digest(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        for pieces in [1, 7, 1000] {
            XCTAssertEqual(digest(million, pieces: pieces), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }
        let file = try scratch.write("million.txt", bytes: million)
        XCTAssertEqual(try SHA256.digest(ofFile: file).hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The import log writes an import's edges as runs of consecutive ids: every id once, no other.
    func testEdgeIDsAreLoggedAsRunsThatCoverEachOnce() {
        XCTAssertEqual(GraphStore.runs(of: [3, 1, 2, 7, 2, 9, 8]), [1...3, 7...9])
        XCTAssertEqual(GraphStore.runs(of: []), [])
        var generator = SplitMix64(seed: 14)
        for _ in 0..<50 {
            let ids = (0..<200).map { _ in Int64.random(in: 0..<300, using: &generator) }
            let runs = GraphStore.runs(of: ids)
            XCTAssertEqual(runs.flatMap { Array($0) }, Array(Set(ids)).sorted())
            XCTAssertTrue(zip(runs, runs.dropFirst()).allSatisfy { $0.upperBound + 1 < $1.lowerBound }, "runs are apart")
        }
    }
}
