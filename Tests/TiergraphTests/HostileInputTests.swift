import Foundation
import XCTest
@testable import Tiergraph

/// Inputs that once crashed the process, hung it, grew its memory without bound or were read
/// wrong without a word (issue 22): each is refused with its position, or read exactly.
final class HostileInputTests: XCTestCase {
    private var scratch: Scratch!
    private var store: GraphStore!
    private var before = ""

    override func setUpWithError() throws {
        scratch = try Scratch()
        store = try scratch.store()
        _ = try store.importFiles([try scratch.write("seed.csv", "id,kind\nseed,company\n")])
        before = try store.dump()
    }

    override func tearDownWithError() throws {
        store = nil
        scratch = nil
    }

    /// Imports `path`, expecting an ``ImportError`` at `line`/`column` (when given) whose text
    /// holds `words`, and a database left exactly as it was.
    private func refuses(_ path: String, naming named: String? = nil, line: Int? = nil, column: Int? = nil, saying words: String,
                         file: StaticString = #filePath, at sourceLine: UInt = #line) throws {
        XCTAssertThrowsError(try store.importFiles([path]), file: file, line: sourceLine) { error in
            guard let error = error as? ImportError else { return XCTFail("not an ImportError: \(error)", file: file, line: sourceLine) }
            XCTAssertEqual(error.file, named ?? path, file: file, line: sourceLine)
            if let line { XCTAssertEqual(error.line, line, "\(error)", file: file, line: sourceLine) }
            if let column { XCTAssertEqual(error.column, column, "\(error)", file: file, line: sourceLine) }
            XCTAssertTrue(error.description.contains(words), "\(error)", file: file, line: sourceLine)
        }
        XCTAssertEqual(try store.dump(), before, "\(path) changed the database", file: file, line: sourceLine)
    }

    private func graphml(_ body: String, keys: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
        \(keys)<graph edgedefault="directed">
        \(body)
        </graph>
        </graphml>

        """
    }

    // MARK: GraphML

    /// A byte that is not UTF-8 in an element, attribute or entity name used to kill the process
    /// with SIGILL inside Foundation's XMLParser.
    func testGraphMLWithBytesThatAreNotUTF8IsRefusedAtTheByte() throws {
        let head = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml>\n<graph>\n".utf8)
        let cases: [(String, [UInt8], Int)] = [
            ("element", head + Array("<node id=\"a\"/><n".utf8) + [0xFF] + Array("ode id=\"b\"/>\n</graph></graphml>\n".utf8), 17),
            ("attribute", head + Array("<node i".utf8) + [0xC3, 0x28] + Array("d=\"a\"/>\n</graph></graphml>\n".utf8), 8),
            ("value", head + Array("<node id=\"a".utf8) + [0xE2, 0x82] + Array("\"/>\n</graph></graphml>\n".utf8), 12),
            ("entity", head + Array("<node id=\"&a".utf8) + [0xFE] + Array(";\"/>\n</graph></graphml>\n".utf8), 13),
        ]
        for (name, bytes, column) in cases {
            try refuses(try scratch.write("\(name).graphml", bytes: bytes), line: 4, column: column, saying: "not valid UTF-8")
        }
    }

    func testGraphMLInAnotherEncodingIsReadWhenASCIIAndRefusedOtherwise() throws {
        let latin = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<graphml><graph><node id=\"caf".utf8) + [0xE9]
            + Array("\"/></graph></graphml>\n".utf8)
        try refuses(try scratch.write("latin.graphml", bytes: latin), line: 2, saying: "not valid UTF-8")
        // Valid UTF-8 bytes that ISO-8859-1 would read as other characters ("Ã©" for "é").
        let ambiguous = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<graphml><graph><node id=\"café\"/></graph></graphml>\n".utf8)
        try refuses(try scratch.write("ambiguous.graphml", bytes: ambiguous), line: 1, saying: "declares encoding \"ISO-8859-1\"")
        try refuses(try scratch.write("utf16.graphml", bytes: [0xFF, 0xFE] + Array("<\0g\0".utf8)), line: 1, saying: "UTF-16")
        let ascii = try scratch.write("ascii.graphml", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<graphml><graph><node id=\"cafe\"/></graph></graphml>\n")
        XCTAssertEqual(try store.importFiles([ascii]).nodes, 1)
    }

    /// Foundation's XMLParser dropped the text of an internal entity ("&co; Ltd" became " Ltd"):
    /// a document that declares entities is refused at the declaration; external entities are
    /// never read and billion-laughs is refused too.
    func testGraphMLEntityDeclarationsAreRefusedNotDropped() throws {
        let keys = "<key id=\"d0\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
        let declared = try scratch.write("entity.graphml", """
            <?xml version="1.0"?>
            <!DOCTYPE graphml [
              <!ENTITY co "Acme">
            ]>
            <graphml>\(keys)<graph><node id="a"><data key="d0">&co; Ltd</data></node></graph></graphml>

            """)
        try refuses(declared, line: 3, column: 3, saying: "declares entity 'co'")
        let laughs = try scratch.write("laughs.graphml", """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <graphml><graph><node id="&lol3;"/></graph></graphml>

            """)
        try refuses(laughs, line: 2, saying: "declares entity 'lol'")
        let external = try scratch.write("external.graphml", """
            <?xml version="1.0"?>
            <!DOCTYPE graphml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <graphml><graph><node id="&secret;"/></graph></graphml>

            """)
        try refuses(external, line: 2, saying: "declares entity 'secret'")
        // Predefined entities, character references and a DOCTYPE without entities read as usual.
        let plain = try scratch.write("plain.graphml", """
            <?xml version="1.0"?>
            <!DOCTYPE graphml>
            <graphml>\(keys)<graph><node id="a"><data key="d0">A &amp; B &#x4E2D; Ltd</data></node></graph></graphml>

            """)
        _ = try store.importFiles([plain])
        XCTAssertEqual(try store.node(id: "a")?.name, "A & B 中 Ltd")
    }

    func testGraphMLDeclaredTypesAreEnforcedWithTheirPosition() throws {
        let keys = """
            <key id="i" for="node" attr.name="count" attr.type="int"/>
            <key id="l" for="node" attr.name="big" attr.type="long"/>
            <key id="d" for="node" attr.name="ratio" attr.type="double"/>
            <key id="b" for="node" attr.name="listed" attr.type="boolean"/>
            <key id="s" for="node" attr.name="code" attr.type="string"/>

            """
        for (name, data, words) in [
            ("int", "<data key=\"i\">12x</data>", "'12x' is not a int"),
            ("long", "<data key=\"l\">99999999999999999999999999999</data>", "is not a long (a 64-bit integer)"),
            ("double", "<data key=\"d\">about half</data>", "'about half' is not a double"),
            ("boolean", "<data key=\"b\">yes</data>", "'yes' is not a boolean"),
        ] {
            let path = try scratch.write("\(name).graphml", graphml("<node id=\"a\">\n  \(data)</node>", keys: keys))
            try refuses(path, line: 10, saying: words)
        }
        let good = try scratch.write("good.graphml", graphml("""
            <node id="a"><data key="i"> 12 </data><data key="l">-9223372036854775808</data><data key="d">0.5</data><data key="b">1</data><data key="s">007</data></node>
            """, keys: keys))
        _ = try store.importFiles([good])
        XCTAssertEqual(try store.node(id: "a")?.properties,
                       ["count": 12, "big": .int(Int64.min), "ratio": 0.5, "listed": true, "code": "007"])
    }

    func testGraphMLNestedGraphsAndEmptyGraphsAreRefused() throws {
        let nested = try scratch.write("nested.graphml", graphml("<node id=\"a\">\n<graph id=\"inner\"><node id=\"b\"/></graph></node>"))
        try refuses(nested, line: 5, saying: "node 'a' holds a nested graph")
        try refuses(try scratch.write("empty.graphml", graphml("")), saying: "no nodes in file")
        let unclosed = try scratch.write("unclosed.graphml", "<graphml><graph><node id=\"a\"></graph>")
        try refuses(unclosed, saying: "not well-formed XML")
        // A second graph is refused, not merged into the first nor dropped; so is a second root.
        let two = try scratch.write("two.graphml", graphml("<node id=\"a\"/>\n</graph>\n<graph id=\"second\">\n<node id=\"b\"/>"))
        try refuses(two, line: 6, saying: "a second <graph>; Tiergraph imports one graph per GraphML file")
        let roots = try scratch.write("roots.graphml", "<graphml><graph><node id=\"a\"/></graph></graphml>\n<graphml><graph><node id=\"b\"/></graph></graphml>\n")
        try refuses(roots, line: 2, saying: "not well-formed XML")
        let inGraph = try scratch.write("ingraph.graphml", graphml("<node id=\"a\"/>\n<graph id=\"inner\"><node id=\"b\"/></graph>"))
        try refuses(inGraph, line: 5, saying: "a second <graph>")
    }

    /// Semantic errors name the line of the element, not its index.
    func testGraphMLSemanticErrorsNameTheElementsLine() throws {
        let path = try scratch.write("dangling.graphml", graphml("<node id=\"a\"/>\n<edge source=\"a\" target=\"nobody\"/>"))
        try refuses(path, line: 5, saying: "target 'nobody'")
    }

    // MARK: empty inputs

    func testEmptyInputsOfEveryFormatAreRefused() throws {
        for name in ["empty.csv", "empty.tsv", "empty.json", "empty.graphml", "empty.dot"] {
            try refuses(try scratch.write(name, bytes: []), saying: "the file is empty")
        }
        try refuses(try scratch.write("nonodes.json", "{\"nodes\": [], \"links\": []}"), saying: "no nodes in file")
        try refuses(try scratch.write("nonodes.dot", "digraph { }"), saying: "no nodes in file")
        try refuses(try scratch.write("legendonly.dot", "digraph { subgraph cluster_legend { l1 } }"), saying: "no nodes in file")
    }

    // MARK: CSV whitespace

    /// RFC 4180: spaces are part of a field and a quoted field is kept exactly (tabs, \\v, \\f,
    /// line breaks) in property values and the texts of sources; ids, kinds, names, labels
    /// (country, input), quotes and parsed values are stored without the whitespace around them.
    func testCSVKeepsTheWhitespaceOfTextFieldsAndTrimsIdentifiers() throws {
        try scratch.write("ws/nodes.csv", "id,kind,country,code,note\n  lead , company ,\" \u{B}CN\u{C} \", 007 ,\"\tkept\n \"\n")
        try scratch.write("ws/edges.csv", "source,target,kind,share,input,quote,source_ref\n lead ,seed, supplies , 40% ,\"  wafers  \",\" 原文 \", s1 \n")
        try scratch.write("ws/sources.csv", "id,title\ns1,\"  Title  \"\n")
        _ = try store.importFiles([scratch.path("ws")])
        let node = try XCTUnwrap(try store.node(id: "lead"))
        XCTAssertEqual(node.kind, "company")
        XCTAssertEqual(node.country, "CN")
        XCTAssertEqual(node.properties, ["code": " 007 ", "note": "\tkept\n "])
        let edge = try XCTUnwrap(try store.edges(of: "lead").outgoing.first)
        XCTAssertEqual(edge.kind, "supplies")
        XCTAssertEqual(edge.share, try Share(parsing: "40%"))
        XCTAssertEqual(edge.input, "wafers")
        XCTAssertEqual(edge.citations, [Citation(source: "s1", quote: "原文")])
        XCTAssertEqual(try store.source(id: "s1")?.title, "  Title  ")
    }

    // MARK: DOT

    func testDOTThatGraphvizCannotParseIsAnErrorWithItsMessage() throws {
        let depth = 5_000
        let nested = try scratch.write("nested.dot", "digraph G {" + String(repeating: "subgraph s {", count: depth) + "a -> b"
                                       + String(repeating: "}", count: depth) + "}\n")
        try refuses(nested, line: 1, saying: "nested deeper than 1000 levels")
        // Refused before Graphviz: its parser runs out of stack near 3,300 levels and then
        // corrupts every later parse. Comments and strings do not count.
        let fine = "digraph {\n// {{{{\n/* { */ a [label=\"{{{\"] " + String(repeating: "{", count: 999) + " a -> b " + String(repeating: "}", count: 999) + "}\n"
        XCTAssertEqual(try Graphviz.read(fine).edges.count, 1)
        try refuses(try scratch.write("syntax.dot", "digraph {\n  a -> b;\n  c -> ;\n}\n"), line: 3, saying: "syntax error in line 3")
        try refuses(try scratch.write("two.dot", "digraph { a -> b }\ndigraph { c -> d }\n"), saying: "holds 2 graphs")
        // cgraph returns the first graph complete and reports the error after it.
        try refuses(try scratch.write("trailing.dot", "digraph { a -> b }\n}\n"), line: 2, saying: "syntax error in line 2")
        // Graphviz is left in a state that reads the next file normally.
        XCTAssertEqual(try store.importFiles([try scratch.write("ok.dot", "digraph { x -> y }\n")]).edges, 1)
        XCTAssertEqual(try Graphviz.parse("digraph { p -> q }").nodes, 2)
    }

    // MARK: big integers

    /// Integers beyond 64 bits are kept exactly, as text, never rounded to a float; a GraphML
    /// value declared `long` that does not fit is an error (tested above).
    func testIntegersBeyond64BitsAreKeptExactlyAsText() throws {
        let huge = "99999999999999999999999999999"
        _ = try store.importFiles([try scratch.write("big.csv", "id,n,m,x\nc,\(huge),-\(huge),9223372036854775807\n")])
        XCTAssertEqual(try store.node(id: "c")?.properties, ["n": .string(huge), "m": .string("-" + huge), "x": .int(Int64.max)])
        _ = try store.importFiles([try scratch.write("big.json", "{\"nodes\": [{\"id\": \"j\", \"n\": \(huge), \"f\": 1.5e3}]}")])
        XCTAssertEqual(try store.node(id: "j")?.properties, ["n": .string(huge), "f": 1500])
        let dot = try scratch.write("big.dot", "digraph { d [properties=\"{\\\"n\\\": \(huge)}\"] }")
        _ = try store.importFiles([dot])
        XCTAssertEqual(try store.node(id: "d")?.properties, ["n": .string(huge)])
    }

    // MARK: JSON positions

    func testJSONErrorsNameLineAndColumn() throws {
        try refuses(try scratch.write("syntax.json", "{\"nodes\": [\n  {\"id\": \"a\"},\n  {\"id\": tru}\n]}"),
                    line: 3, column: 10, saying: "not valid JSON: expected a value")
        try refuses(try scratch.write("unclosed.json", "{\"nodes\": [\n  {\"id\": \"a\"}"), line: 2, saying: "never closed")
        try refuses(try scratch.write("range.json", "{\"nodes\": [\n  {\"id\": \"a\", \"x\": 1e400}]}"),
                    line: 2, column: 20, saying: "number 1e400 is out of range")
        try refuses(try scratch.write("utf8.json", bytes: Array("{\"nodes\": [\n  {\"id\": \"".utf8) + [0xFF] + Array("\"}]}".utf8)),
                    line: 2, column: 11, saying: "invalid UTF-8")
        try refuses(try scratch.write("deep.json", String(repeating: "[", count: 100_000)), line: 1, saying: "nested deeper")
        // A duplicate id names the line of the node that gave it first, not its index.
        let duplicate = try scratch.write("duplicate.json", """
            {"nodes": [
              {"id": "x"},

              {"id": "a"},
              {"id": "b"},
              {"id": "a"}
            ]}
            """)
        try refuses(duplicate, line: 6, column: 3, saying: "duplicate node id 'a' (first given on line 4)")
        try refuses(try scratch.write("dangling.json", "{\"nodes\": [{\"id\": \"a\"}],\n \"links\": [\n\n {\"source\": \"a\", \"target\": \"zz\"}]}"),
                    line: 4, column: 2, saying: "'zz'")
    }

    // MARK: bounded readers

    func testCSVFieldsAndRecordsAreBounded() throws {
        func read(_ text: String, field: Int, record: Int) throws -> CSVError? {
            let reader = try CSVReader(path: try scratch.write("limits.csv", text), maximumField: field, maximumRecord: record)
            var fields: [String] = []
            do {
                while try reader.next(into: &fields) {}
                return nil
            } catch let error as CSVError {
                return error
            }
        }
        XCTAssertNil(try read("a,bbbb\n\"cccc\",d\n", field: 4, record: 8))
        XCTAssertEqual(try read("a,b\nc,ddddd\n", field: 4, record: 1 << 20), CSVError(line: 2, column: 2, message: "a field longer than 4 bytes (the limit; is a quote or a line break missing?)"))
        XCTAssertEqual(try read("a,b\n\"c\n\nccccc\",d\n", field: 4, record: 1 << 20)?.line, 2, "a quoted field is reported where it starts")
        // A record longer than the buffer and the limit (a file with no line break at all).
        let long = "id,n\n" + String(repeating: "abc,", count: 1 << 20)
        let error = try XCTUnwrap(try read(long, field: 16, record: 1 << 20))
        XCTAssertEqual(error.line, 2)
        XCTAssertTrue(error.message.contains("a record longer than 1 MiB"), error.message)
        XCTAssertGreaterThan(error.column, 1000)
        // The default: a 17 MiB field fails fast, at its position.
        let field = try scratch.write("field.csv", "id,kind,name\na,company," + String(repeating: "x", count: 17 << 20) + "\n")
        try refuses(field, line: 2, column: 3, saying: "a field longer than 16 MiB")
    }

    func testDevicesFIFOsAndFoldersAreRefusedBeforeReading() throws {
        let zero = scratch.path("zero.csv")
        try FileManager.default.createSymbolicLink(atPath: zero, withDestinationPath: "/dev/zero")
        try refuses(zero, saying: "is a character device, not a regular file")
        let fifo = scratch.path("fifo.csv")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        try refuses(fifo, saying: "is a FIFO")  // would block forever if opened
        let folder = scratch.path("in/folder.json")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: scratch.path("in/fifo.json"), withDestinationPath: fifo)
        try refuses(scratch.path("in"), naming: scratch.path("in/fifo.json"), saying: "is a FIFO")
        try FileManager.default.removeItem(atPath: scratch.path("in/fifo.json"))
        try refuses(scratch.path("in"), naming: folder, saying: "is a folder, not a regular file")
    }

    func testWholeFileFormatsAboveTheSizeLimitAreRefusedUnread() throws {
        for name in ["huge.json", "huge.graphml", "huge.dot"] {
            let path = scratch.path(name)
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
            XCTAssertEqual(truncate(path, off_t(ImportLimits.wholeFileBytes + 1)), 0)  // sparse: costs nothing
            try refuses(path, saying: "above the limit of 256 MiB")
        }
    }
}
