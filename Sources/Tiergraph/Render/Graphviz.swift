import CGraphviz
import Foundation
import Synchronization

/// The one place that talks to Graphviz's C libraries (cgraph and gvc), in-process.
///
/// Graphviz keeps global state and is not thread-safe, so every call goes through one
/// process-wide lock. Its errors arrive through a callback, in pieces; they are collected and
/// thrown as a ``GraphvizError`` carrying Graphviz's own message. Every graph and layout is freed.
public enum Graphviz {
    /// An output format.
    public enum Format: String, CaseIterable, Sendable {
        case svg, png, pdf, dot

        /// The format a file name's extension asks for.
        public init?(fileName: String) {
            self.init(rawValue: (fileName as NSString).pathExtension.lowercased())
        }
    }

    /// A layout engine.
    public static let layouts = ["dot", "sfdp", "neato", "fdp", "circo", "twopi"]

    /// Above this many nodes, or ``largeGraphEdges`` edges, `dot` is slow (seconds to minutes:
    /// its crossing minimisation grows fast with edges), so ``render(_:format:layout:)`` with no
    /// layout given switches to `sfdp`.
    public static let largeGraph = 1_500
    /// See ``largeGraph`` (the times are in BENCHMARKS.md).
    public static let largeGraphEdges = 500

    /// The result of a render: the bytes, the layout used, and a note when it was switched.
    public struct Rendering: Sendable {
        public let data: [UInt8]
        public let layout: String
        public let note: String?
    }

    /// Graphviz's context, created on first use and kept (creating one loads the plugins).
    /// Only ever touched under ``lock``.
    private struct Context: @unchecked Sendable {
        var pointer: OpaquePointer?
    }
    private static let lock = Mutex(Context())
    private static let messages = Mutex<String>("")

    /// Parses `dot` with cgraph: throws Graphviz's message if it is not valid DOT.
    /// - Returns: the numbers of nodes and edges and the nodes' names, as Graphviz read them.
    public static func parse(_ dot: String) throws -> (nodes: Int, edges: Int, names: [String]) {
        try withGraph(dot) { graph, _ in
            var names: [String] = []
            var node = agfstnode(graph)
            while let current = node {
                names.append(String(cString: agnameof(UnsafeMutableRawPointer(current))))
                node = agnxtnode(graph, current)
            }
            return (Int(agnnodes(graph)), Int(agnedges(graph)), names)
        }
    }

    /// A DOT graph as cgraph read it: every node and edge with the attributes set on it.
    public struct ParsedGraph: Sendable {
        public struct Element: Sendable {
            /// The node's name, or for an edge its tail.
            public var name: String
            /// An edge's head (empty for nodes).
            public var head: String
            public var attributes: [String: String]
        }
        public var nodes: [Element]
        public var edges: [Element]
    }

    /// Reads `dot` with cgraph, leaving out the subgraph named `skipping` (a legend, say).
    ///
    /// Strict: a syntax error anywhere (even one after which cgraph returns part of a graph) or a
    /// second graph in the text is a ``GraphvizError``, with the line Graphviz names.
    public static func read(_ dot: String, skipping: String? = nil) throws -> ParsedGraph {
        try checkNesting(dot)
        return try withGraph(dot, strict: true) { graph, _ in
            var skippedNodes = Set<String>()
            // cgraph takes `char *` but copies the name: a temporary C string is enough.
            let subgraph = skipping.flatMap { name in name.withCString { agsubg(graph, UnsafeMutablePointer(mutating: $0), 0) } }
            if let legend = subgraph {
                var node = agfstnode(legend)
                while let current = node {
                    skippedNodes.insert(String(cString: agnameof(UnsafeMutableRawPointer(current))))
                    node = agnxtnode(legend, current)
                }
            }
            func attributes(_ object: UnsafeMutableRawPointer, kind: Int32) -> [String: String] {
                var result: [String: String] = [:]
                var symbol = agnxtattr(graph, kind, nil)
                while let current = symbol {
                    if let value = agxget(object, current), value.pointee != 0 {
                        result[String(cString: current.pointee.name)] = String(cString: value)
                    }
                    symbol = agnxtattr(graph, kind, current)
                }
                return result
            }
            var nodes: [ParsedGraph.Element] = [], edges: [ParsedGraph.Element] = []
            var node = agfstnode(graph)
            while let current = node {
                let name = String(cString: agnameof(UnsafeMutableRawPointer(current)))
                if !skippedNodes.contains(name) {
                    nodes.append(.init(name: name, head: "", attributes: attributes(UnsafeMutableRawPointer(current), kind: AGNODE)))
                    var edge = agfstout(graph, current)
                    while let out = edge {
                        let head = String(cString: agnameof(UnsafeMutableRawPointer(tiergraph_ag_head(out))))
                        if !skippedNodes.contains(head) {
                            edges.append(.init(name: name, head: head, attributes: attributes(UnsafeMutableRawPointer(out), kind: AGEDGE)))
                        }
                        edge = agnxtout(graph, out)
                    }
                }
                node = agnxtnode(graph, current)
            }
            return ParsedGraph(nodes: nodes, edges: edges)
        }
    }

    /// Lays out and renders `dot`. With no `layout`, uses `dot`, or `sfdp` above ``largeGraph`` nodes.
    public static func render(_ dot: String, format: Format, layout: String? = nil) throws -> Rendering {
        if let layout, !layouts.contains(layout) {
            throw GraphvizError("unknown layout '\(layout)'; use one of \(layouts.joined(separator: ", "))")
        }
        return try withGraph(dot) { graph, context in
            var engine = layout ?? "dot"
            var note: String?
            if layout == nil && (agnnodes(graph) > largeGraph || agnedges(graph) > largeGraphEdges) {
                engine = "sfdp"
                note = "\(agnnodes(graph)) nodes and \(agnedges(graph)) edges: switched from dot to sfdp, which lays out large graphs in seconds (pass --layout dot to insist)"
            }
            guard gvLayout(context, graph, engine) == 0 else {
                throw GraphvizError(collectedMessage(default: "layout '\(engine)' failed"))
            }
            defer { gvFreeLayout(context, graph) }
            var data: UnsafeMutablePointer<CChar>?
            var length = 0
            let rc = tiergraph_gv_render(context, graph, format.rawValue, &data, &length)
            defer { free(data) }
            guard rc == 0, let data else {
                throw GraphvizError(collectedMessage(default: "rendering \(format.rawValue) failed"))
            }
            let bytes = UnsafeRawBufferPointer(start: data, count: length)
            return Rendering(data: format == .svg ? wellFormed(bytes) : Array(bytes), layout: engine, note: note)
        }
    }

    /// SVG bytes without the characters XML 1.0 cannot hold, which Graphviz copies from names
    /// and labels as they are: the picture stays well-formed XML (those characters show nothing
    /// anyway). The controls are single bytes that no multi-byte UTF-8 sequence contains; U+FFFE
    /// and U+FFFF are the sequences EF BF BE and EF BF BF.
    static func wellFormed(_ svg: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(svg.count)
        var index = 0
        while index < svg.count {
            let byte = svg[index]
            if byte == 0xEF, index + 2 < svg.count, svg[index + 1] == 0xBF, svg[index + 2] == 0xBE || svg[index + 2] == 0xBF {
                index += 3
                continue
            }
            if byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { out.append(byte) }
            index += 1
        }
        return out
    }

    /// Runs `body` with the graph read from `dot`, under the lock, and closes the graph after.
    private static func withGraph<T>(
        _ dot: String, strict: Bool = false, _ body: (UnsafeMutablePointer<Agraph_t>, OpaquePointer) throws -> T
    ) throws -> T {
        try lock.withLock { context in
            if context.pointer == nil {
                context.pointer = gvContext()
                agseterr(AGERR)
                agseterrf { fragment in
                    if let fragment { Graphviz.messages.withLock { $0 += String(cString: fragment) } }
                    return 0
                }
            }
            messages.withLock { $0 = "" }
            guard strict else {
                guard let graph = agmemread(dot) else {
                    throw GraphvizError(collectedMessage(default: "not valid DOT"))
                }
                defer { agclose(graph) }
                return try body(graph, context.pointer!)
            }
            agreseterrors()
            var more: Int32 = 0
            let read = tiergraph_read_first(dot, &more)
            defer { if let read { agclose(read) } }
            guard let graph = read, agerrors() == 0 else {
                let message = collectedMessage(default: "not valid DOT")
                throw GraphvizError(message, line: lineNumber(in: message))
            }
            if more > 0 {
                throw GraphvizError("the file holds \(more + 1) graphs; Tiergraph imports one graph per DOT file (split it)")
            }
            return try body(graph, context.pointer!)
        }
    }

    /// The deepest nesting of `{ }` that ``read(_:skipping:)`` hands to Graphviz. cgraph's parser
    /// runs out of stack at about 3,300 levels ("memory exhausted") and then keeps the half-built
    /// graph in its globals, which corrupts every later parse in the process: deeper text is
    /// refused before it reaches Graphviz.
    public static let maximumNesting = 1_000

    /// Refuses `dot` if its braces (outside strings, HTML strings and comments) nest deeper than
    /// ``maximumNesting``.
    static func checkNesting(_ dot: String) throws {
        var depth = 0, line = 1
        var iterator = dot.utf8.makeIterator()
        var previous: UInt8 = 0x0A
        var pending: UInt8?
        func next() -> UInt8? {
            if let byte = pending {
                pending = nil
                return byte
            }
            return iterator.next()
        }
        while let byte = next() {
            defer { previous = byte }
            switch byte {
            case 0x0A: line += 1
            case UInt8(ascii: "{"):
                depth += 1
                if depth > maximumNesting {
                    throw GraphvizError("subgraphs or braces nested deeper than \(maximumNesting) levels in line \(line) (Graphviz's parser cannot read it)", line: line)
                }
            case UInt8(ascii: "}"): depth = max(0, depth - 1)
            case UInt8(ascii: "\""):
                var escaped = false
                while let inner = next() {
                    if inner == 0x0A { line += 1 }
                    if escaped { escaped = false } else if inner == UInt8(ascii: "\\") { escaped = true } else if inner == UInt8(ascii: "\"") { break }
                }
            case UInt8(ascii: "<"):
                var level = 1
                while level > 0, let inner = next() {
                    if inner == 0x0A { line += 1 }
                    if inner == UInt8(ascii: "<") { level += 1 } else if inner == UInt8(ascii: ">") { level -= 1 }
                }
            case UInt8(ascii: "#") where previous == 0x0A:
                while let inner = next(), inner != 0x0A {}
                line += 1
            case UInt8(ascii: "/"):
                guard let second = next() else { return }
                if second == UInt8(ascii: "/") {
                    while let inner = next(), inner != 0x0A {}
                    line += 1
                } else if second == UInt8(ascii: "*") {
                    var star = false
                    while let inner = next() {
                        if inner == 0x0A { line += 1 }
                        if star && inner == UInt8(ascii: "/") { break }
                        star = inner == UInt8(ascii: "*")
                    }
                } else {
                    pending = second
                }
            default: break
            }
        }
    }

    /// The line in a cgraph message such as "syntax error in line 3 near ';'".
    private static func lineNumber(in message: String) -> Int? {
        guard let range = message.range(of: "in line ") else { return nil }
        return Int(message[range.upperBound...].prefix { $0.isNumber })
    }

    private static func collectedMessage(default fallback: String) -> String {
        let text = messages.withLock { $0 }.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? fallback : "Graphviz: " + text
    }
}

/// An error reported by Graphviz, with its message.
public struct GraphvizError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    /// The line of the DOT text the error is on, when Graphviz names it.
    public let line: Int?
    public init(_ message: String, line: Int? = nil) {
        self.message = message
        self.line = line
    }
    public var description: String { message }
}
