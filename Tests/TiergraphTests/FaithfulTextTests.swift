import Foundation
import XCTest
@testable import Tiergraph

/// Random Unicode text through every export format and back (issue 22): controls, quotes,
/// backslashes, RTL marks, emoji, combining marks and 100 kB strings as ids, names, aliases,
/// countries, property keys and values, inputs, claimants and quotes. A format either carries a
/// node exactly (the graph read back is equal) or refuses it before writing, naming it, for a
/// reason that its text really has (``ExportText``).
final class FaithfulTextTests: XCTestCase {
    /// The pieces random text is made of: each is a case some format has got wrong somewhere.
    static let pieces: [String] = [
        "a", "Z", "0", "7", " ", "\t", "\n", "\r", "\r\n", "\u{1}", "\u{7}", "\u{B}", "\u{C}", "\u{1B}", "\u{7F}", "\u{85}",
        "\u{A0}", "\"", "'", "`", "\\", "\\\"", ";", ",", "<", ">", "&", "&amp;", "&co;", "%", "%3", "{", "}", "[", "]", "->",
        "--", "+", "#", "\u{200F}", "\u{202E}", "\u{2066}", "\u{2028}", "\u{FEFF}", "\u{FFFE}", "\u{FFFD}", "\u{10FFFF}",
        "👩‍👩‍👧", "🇨🇳", "e\u{301}", "\u{301}", "中芯国际", "台積電", "legend:", "cluster_", "\\N", "\\n", "null", "true", "1e999",
    ]

    /// The pieces without what XML 1.0 and DOT cannot hold: half the seeds use only these, so
    /// that GraphML and DOT carry many graphs rather than refuse nearly all.
    static let tamePieces = pieces.filter { piece in
        !piece.contains("\\") && piece.unicodeScalars.allSatisfy { ExportText.xmlCarries($0) && $0 != "\u{FFFE}" && $0 != "\u{FFFF}" }
    }

    nonisolated(unsafe) static var palette = pieces

    static func text(_ generator: inout SplitMix64, pieces count: Int) -> String {
        (0..<count).map { _ in palette[Int(generator.next() % UInt64(palette.count))] }.joined()
    }

    static func short(_ generator: inout SplitMix64) -> String {
        text(&generator, pieces: 1 + Int(generator.next() % 6))
    }

    /// The formats, each as: its limits (nil: any text), and how to write a store's graph to a
    /// path and read it back into another store.
    private struct Format: Sendable {
        let name: String
        let limits: ExportText.Format?
        let write: @Sendable (GraphStore, String) throws -> String
    }

    private static let formats: [Format] = [
        Format(name: "json", limits: nil) { store, folder in
            let (selection, catalogue) = try store.wholeGraph()
            let path = folder + "/export.json"
            try Data((NodeLinkExporter.document(selection, catalogue: catalogue).serialized(pretty: true) + "\n").utf8).write(to: URL(fileURLWithPath: path))
            return path
        },
        Format(name: "graphml", limits: .graphml) { store, folder in
            let (selection, catalogue) = try store.wholeGraph()
            let path = folder + "/export.graphml"
            try Data(GraphMLExporter.document(selection, catalogue: catalogue).utf8).write(to: URL(fileURLWithPath: path))
            return path
        },
        Format(name: "dot", limits: .dot) { store, folder in
            let path = folder + "/export.dot"
            let text = DOTWriter(purpose: .data).write(try store.select(.all, storedOrder: true), flows: try store.flows())
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        },
        Format(name: "csv", limits: .csv) { store, folder in
            let (selection, catalogue) = try store.wholeGraph()
            let path = folder + "/csv"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for file in CSVExporter.files(selection, catalogue: catalogue) {
                try Data(file.content.utf8).write(to: URL(fileURLWithPath: path + "/" + file.name))
            }
            return path
        },
    ]

    /// One random node (with a 100 kB name now and then), linked to an anchor by an edge with
    /// random texts, in a new store; nil when the store refuses the node (an id of whitespace).
    private func randomGraph(_ generator: inout SplitMix64, in scratch: Scratch, name: String) throws -> GraphStore? {
        let store = try scratch.store(name)
        let id = Self.short(&generator)
        guard !id.trimmingWhitespace().isEmpty, id.trimmingWhitespace() != "anchor" else { return nil }
        let long = generator.next() % 8 == 0
        try store.write { writer in
            try writer.write(Source(id: "s1", title: Self.short(&generator)))
            try writer.write(Node(id: "anchor", kind: "company"))
            try writer.write(Node(
                id: id, kind: "company",
                name: long ? Self.text(&generator, pieces: 40_000).prefix(100_000).description : Self.short(&generator),
                aliases: [Self.short(&generator), Self.short(&generator)], country: Self.short(&generator),
                properties: [Self.short(&generator): .string(Self.short(&generator))],
                citations: [Citation(source: "s1", quote: Self.short(&generator))]))
            _ = try writer.write(Edge(
                source: id, target: "anchor", kind: "supplies", input: Self.short(&generator), claimant: Self.short(&generator),
                properties: ["note": .string(Self.short(&generator))], citations: [Citation(source: "s1", quote: Self.short(&generator))]))
        }
        return store
    }

    func testRandomUnicodeTextIsCarriedExactlyOrRefusedByEveryFormat() throws {
        let scratch = try Scratch()
        var carried: [String: Int] = [:], refused: [String: Int] = [:]
        for seed in 0..<120 {
            Self.palette = seed < 60 ? Self.pieces : Self.tamePieces
            var generator = SplitMix64(seed: UInt64(seed))
            guard let store = try randomGraph(&generator, in: scratch, name: "original-\(seed).db") else { continue }
            let original = try store.select(.all, storedOrder: true)
            for format in Self.formats {
                let folder = scratch.path("\(format.name)-\(seed)")
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                if let limits = format.limits {
                    do {
                        try ExportText.check(original, for: limits)
                    } catch {
                        refused[format.name, default: 0] += 1
                        let node = original.nodes.first { $0.id != "anchor" }!
                        let named = error.element.contains(ExportText.shown(node.id)) || error.element.hasPrefix("edge ")
                        XCTAssertTrue(named, "seed \(seed), \(format.name): \(error)")
                        XCTAssertTrue(try refusalIsRight(error, node: node, edge: original.edges[0], format: limits), "seed \(seed): \(error)")
                        continue
                    }
                }
                let path = try format.write(store, folder)
                let copy = try scratch.store("\(format.name)-\(seed).db")
                do { _ = try copy.importFiles([path]) } catch {
                    XCTFail("seed \(seed): the \(format.name) export does not import: \(error)")
                    continue
                }
                let back = try copy.select(.all, storedOrder: true)
                XCTAssertEqual(difference(back.nodes.map(\.json), original.nodes.map(\.json)), nil, "seed \(seed), \(format.name)")
                XCTAssertEqual(difference(back.edges.map(\.json), original.edges.map(\.json)), nil, "seed \(seed), \(format.name)")
                carried[format.name, default: 0] += 1
            }
        }
        // Not a vacuous pass: every format carried many of the graphs, and the limited ones refused some.
        for format in Self.formats {
            XCTAssertGreaterThan(carried[format.name, default: 0], 10, "\(format.name): carried \(carried), refused \(refused)")
            if format.limits != nil { XCTAssertGreaterThan(refused[format.name, default: 0], 0, "\(format.name) never refused") }
        }
    }

    /// The Cypher export of random text, loaded into real openCypher engines — a FalkorDB server on
    /// loopback (the script loaded twice: MERGE must change nothing; with its index, on the ids in
    /// hex: RELIABILITY.md) and an embedded LadybugDB — and read back
    /// through each engine's own client: every id, name, alias, country, property key and value,
    /// input, claimant and quote comes back exactly, scalar for scalar.
    func testRandomUnicodeTextComesBackExactlyFromRealCypherEngines() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        Self.palette = Self.pieces
        var generator = SplitMix64(seed: 2_222)
        var ids: Set<[UInt8]> = [Array("anchor".utf8)]
        try store.write { writer in
            try writer.write(Source(id: "s1", title: Self.short(&generator)))
            try writer.write(Node(id: "anchor", kind: "company"))
            while ids.count <= 80 {
                let id = Self.short(&generator)
                guard !id.trimmingWhitespace().isEmpty, ids.insert(Array(id.trimmingWhitespace().utf8)).inserted else { continue }
                let long = ids.count % 10 == 0
                var key = Self.short(&generator)
                // What the dialects refuse in a name (below): line breaks, backticks, capitals (`\\N` is `\\n` to Kùzu).
                while key.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "`" || ("A"..."Z").contains($0) }) {
                    key = Self.short(&generator)
                }
                try writer.write(Node(
                    id: id, kind: "company",
                    name: long ? Self.text(&generator, pieces: 40_000).prefix(100_000).description : Self.short(&generator),
                    aliases: [Self.short(&generator), Self.short(&generator)], country: Self.short(&generator),
                    properties: [key: .string(Self.short(&generator))],
                    citations: [Citation(source: "s1", quote: Self.short(&generator))]))
                _ = try writer.write(Edge(
                    source: id, target: "anchor", kind: "supplies", input: Self.short(&generator), claimant: Self.short(&generator),
                    properties: ["note": .string(Self.short(&generator))], citations: [Citation(source: "s1", quote: Self.short(&generator))]))
            }
        }
        let selection = try store.select(.all, storedOrder: true)
        XCTAssertTrue(selection.nodes.contains { $0.name.utf8.count > 50_000 }, "long names among them")
        // A property name holding a line break would split its statement: refused, naming the node.
        let broken = Node(id: "n\u{1}", kind: "company", properties: ["a\r\nb": .string("x")])
        for format in [ExportText.Format.cypher, .falkordb, .kuzu] {
            XCTAssertThrowsError(try ExportText.check(broken, for: format)) { error in
                XCTAssertTrue("\(error)".contains("node \"n\\u{01}\"") && "\(error)".contains("holds a line break"), "\(error)")
            }
        }
        // FalkorDB reads no backtick in a name; Kùzu's names ignore ASCII case.
        let backtick = Node(id: "b", kind: "company", properties: ["a`b": .string("x")])
        XCTAssertThrowsError(try ExportText.check(backtick, for: .falkordb))
        XCTAssertNoThrow(try ExportText.check(backtick, for: .cypher))
        XCTAssertNoThrow(try ExportText.check(backtick, for: .kuzu))
        let capitals = GraphSelection(nodes: [Node(id: "c", kind: "company", properties: ["Ab": .string("x")]),
                                              Node(id: "d", kind: "company", properties: ["aB": .string("y"), "ID": .string("z")])], edges: [],
                                      tiers: [:], highlightedNodes: [], highlightedPaths: [], title: "")
        XCTAssertThrowsError(try ExportText.check(capitals, for: .kuzu)) { error in XCTAssertTrue("\(error)".contains("node \"d\""), "\(error)") }
        XCTAssertNoThrow(try ExportText.check(capitals, for: .falkordb))
        XCTAssertThrowsError(try ExportText.check(capitals.nodes[1], for: .kuzu)) { error in
            XCTAssertTrue("\(error)".contains("is the field \"id\""), "\(error)")
        }
        // What each engine must hold: the node's fields and properties, the edge's ends and texts.
        func expected(_ node: Node) -> JSONValue {
            var fields: [String: JSONValue] = ["id": .string(node.id), "kind": .string(node.kind), "name": .string(node.name),
                                               "aliases": .array(node.aliases.map(JSONValue.string))]
            fields["country"] = node.country.map(JSONValue.string)
            if !node.citations.isEmpty { fields["citations"] = .string(JSONValue.array(node.citations.map(\.json)).serialized()) }
            return .object(fields.merging(node.properties) { field, _ in field })
        }
        func expected(_ edge: Edge) -> JSONValue {
            var fields: [String: JSONValue] = ["id": .string(edge.effectiveID), "kind": .string(edge.kind), "source": .string(edge.source),
                                               "target": .string(edge.target), "citations": .string(JSONValue.array(edge.citations.map(\.json)).serialized())]
            fields["input"] = edge.input.map(JSONValue.string)
            fields["claimant"] = edge.claimant.map(JSONValue.string)
            return .object(fields.merging(edge.properties) { field, _ in field })
        }
        let engines = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference/cypher_engines.py")
        for (engine, dialect) in [("falkordb", CypherExporter.Dialect.falkordb), ("ladybug", .kuzu)] {
            try ExportText.check(selection, for: dialect == .kuzu ? .kuzu : .falkordb)
            let script = try scratch.write("\(engine).cypher", CypherExporter.script(selection, dialect: dialect))
            let output = try Python.run(try String(contentsOf: engines, encoding: .utf8), [engine, script, "dump"])
            guard case .object(let held) = try JSONReader.parse(output), case .array(let nodes)? = held["nodes"],
                  case .array(let edges)? = held["edges"] else { return XCTFail("\(engine): \(output.prefix(300))") }
            // Compared as bytes of canonical JSON: Swift's == would take "e\u{301}" for "é".
            for (what, read, written) in [("nodes", nodes, selection.nodes.map(expected)), ("edges", edges, selection.edges.map(expected))] {
                let readBack = Set(read.map { Array($0.serialized().utf8) }), original = written.map { Array($0.serialized().utf8) }
                XCTAssertEqual(read.count, written.count, "\(engine) \(what)")
                for element in original where !readBack.contains(element) {
                    let text = String(decoding: element, as: UTF8.self)
                    let near = read.first { $0.serialized().prefix(40) == text.prefix(40) }?.serialized()
                    XCTFail("\(engine) lost or changed \(what.dropLast()) \(text.prefix(400).debugDescription); read back \(near?.prefix(400).debugDescription ?? "nothing like it")")
                }
            }
        }
    }

    /// The first field where the elements read back differ from the originals, shown with escapes.
    private func difference(_ back: [JSONValue], _ original: [JSONValue]) -> String? {
        guard back.count == original.count else { return "\(back.count) elements read back, \(original.count) written" }
        for (read, written) in zip(back, original) where read != written {
            guard case .object(let a) = read, case .object(let b) = written else { return "\(read) != \(written)" }
            for key in Set(a.keys).union(b.keys).sorted() where a[key] != b[key] {
                return "\(key): \(a[key].map { $0.serialized() } ?? "missing") read back, \(b[key].map { $0.serialized() } ?? "missing") written"
            }
        }
        return nil
    }

    /// Whether the refusal names a text the element really holds that the format cannot carry.
    private func refusalIsRight(_ error: ExportTextError, node: Node, edge: Edge, format: ExportText.Format) throws -> Bool {
        if error.problem.contains("holds ';'") { return node.aliases.contains { $0.contains(";") } }
        let properties = error.element.hasPrefix("node ") ? node.properties : edge.properties
        if error.problem.contains("a CSV header does not keep") {
            return properties.keys.contains { $0 != $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        if error.problem.contains("which CSV reads") {
            return properties.values.contains { value in
                guard case .string(let text) = value else { return false }
                return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || JSONValue(inferring: text) != value
            }
        }
        let element = error.element.hasPrefix("node ") ? node.json : edge.json
        func texts(_ value: JSONValue) -> [String] {
            switch value {
            case .string(let text): return [text]
            case .array(let values): return values.flatMap(texts)
            case .object(let members): return members.flatMap { [$0.key] + texts($0.value) }
            default: return []
            }
        }
        return texts(element).contains { ExportText.problem(in: $0, for: format) != nil }
    }

    /// What a DOT export refuses, the CLI refuses before creating the file, naming the node;
    /// an id starting with % and a node named like the legend come back from DOT exactly.
    func testDOTRefusesWhatGraphvizCannotReadAndKeepsPercentIDs() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        try store.write { writer in
            for id in ["%3", "%abc", "legend:a", "cluster_legend", "plain"] { try writer.write(Node(id: id, kind: "company")) }
            _ = try writer.write(Edge(source: "%3", target: "%abc", kind: "supplies"))
            _ = try writer.write(Edge(source: "%abc", target: "legend:a", kind: "owns"))
        }
        let dot = DOTWriter(purpose: .data).write(try store.select(.all, storedOrder: true), flows: try store.flows())
        let copy = try scratch.store("copy.db")
        _ = try copy.importFiles([try scratch.write("export.dot", dot)])
        XCTAssertEqual(try copy.select(.all).nodes, try store.select(.all).nodes)
        XCTAssertEqual(try copy.select(.all).edges, try store.select(.all).edges)
        // A foreign file whose node names start with % cannot be read faithfully: refused, not renamed.
        XCTAssertThrowsError(try copy.importFiles([try scratch.write("foreign.dot", "digraph { \"%x\" -> b }")])) { error in
            XCTAssertTrue("\(error)".contains("starting with %"), "\(error)")
        }
        for (text, reason) in [("a\\\"b", "backslash before a quote"), ("ends\\", "ends with a backslash"), ("c\\\nd", "before a line break")] {
            let bad = try scratch.store("bad-\(reason.count).db")
            try bad.write { writer in try writer.write(Node(id: "n1", kind: "company", name: text)) }
            let selection = try bad.select(.all)
            XCTAssertThrowsError(try ExportText.check(selection, for: .dot)) { error in
                XCTAssertTrue("\(error)".contains("node \"n1\"") && "\(error)".contains(reason), "\(error)")
            }
            XCTAssertNoThrow(try ExportText.check(selection, for: .graphml), "GraphML carries \(text.debugDescription)")
        }
    }

    /// A picture of random text is well-formed XML (read by Python's expat): the controls XML
    /// cannot hold, which Graphviz copies into titles and labels, are left out.
    func testSVGOfRandomTextIsWellFormedXML() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        var generator = SplitMix64(seed: 22)
        Self.palette = Self.pieces
        var ids: [String] = []
        try store.write { writer in
            while ids.count < 30 {
                let id = Self.short(&generator)
                let trimmed = id.trimmingWhitespace(), name = Self.short(&generator) + "\u{1}\u{1B}"
                guard [trimmed, name.trimmingWhitespace()].allSatisfy({ ExportText.problem(in: $0, for: .picture) == nil }),
                      !trimmed.isEmpty, !ids.contains(trimmed) else { continue }
                try writer.write(Node(id: id, kind: "company", name: name))
                ids.append(trimmed)
            }
            for index in 1..<ids.count { _ = try writer.write(Edge(source: ids[index - 1], target: ids[index], kind: "supplies")) }
        }
        let selection = try store.select(.all)
        try ExportText.check(selection, for: .picture)
        let svg = try Graphviz.render(DOTWriter().write(selection, flows: try store.flows()), format: .svg).data
        XCTAssertTrue(svg.contains(0x1B) == false && svg.contains(0x01) == false)
        let path = try scratch.write("random.svg", bytes: svg)
        XCTAssertEqual(try Python.run("import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); print(len(d.getElementsByTagName('g')))", [path]).isEmpty, false)
    }

    /// Text longer than cgraph's 16,384-byte quoted-string buffer is written in pieces joined
    /// with `+`, and Graphviz reads it back whole (ids, names and labels).
    func testDOTCarriesTextLongerThanGraphvizsBuffer() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let long = String(repeating: "长\"x\\y", count: 8_000)
        try store.write { writer in
            try writer.write(Node(id: long, kind: "company", name: long + " name"))
            try writer.write(Node(id: "b", kind: "chip"))
            _ = try writer.write(Edge(source: long, target: "b", kind: "supplies", input: long))
        }
        let dot = DOTWriter(purpose: .data).write(try store.select(.all, storedOrder: true), flows: try store.flows())
        XCTAssertTrue(dot.contains("\" + \""), "written in pieces")
        let copy = try scratch.store("copy.db")
        _ = try copy.importFiles([try scratch.write("export.dot", dot)])
        XCTAssertEqual(try copy.select(.all).nodes, try store.select(.all).nodes)
        XCTAssertEqual(try copy.select(.all).edges, try store.select(.all).edges)
        // The diagram of it parses too (its labels are escStrings, in pieces as well).
        XCTAssertEqual(try Graphviz.parse(DOTWriter().write(try store.select(.all), flows: try store.flows())).nodes, 2)
    }
}
