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
    static func parse(_ dot: String) throws -> (nodes: Int, edges: Int, names: [String]) {
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
    struct ParsedGraph: Sendable {
        struct Element: Sendable {
            /// The node's name, or for an edge its tail.
            var name: String
            /// An edge's head (empty for nodes).
            var head: String
            var attributes: [String: String]
        }
        var nodes: [Element]
        var edges: [Element]
    }

    /// Reads `dot` with cgraph, leaving out the subgraph named `skipping` (a legend, say).
    ///
    /// Strict: a syntax error anywhere (even one after which cgraph returns part of a graph) or a
    /// second graph in the text is a ``GraphvizError``, with the line Graphviz names.
    static func read(_ dot: String, skipping: String? = nil) throws -> ParsedGraph {
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
            // A force-directed layout is turned before its overlaps are removed (``orientFlow``):
            // its own pass leaves them, the pass after turning removes them.
            let overlap = forceDirected.contains(engine) && agfstsubg(graph) == nil
                ? attribute(UnsafeMutableRawPointer(graph), "overlap") ?? (engine == "sfdp" ? "prism" : "true") : nil
            if overlap != nil { setGraphAttribute(graph, "overlap", "true") }
            guard gvLayout(context, graph, engine) == 0 else {
                throw GraphvizError(collectedMessage(default: "layout '\(engine)' failed"))
            }
            defer { gvFreeLayout(context, graph) }
            if let overlap { try orientFlow(graph, context, overlap: overlap) }
            var data: UnsafeMutablePointer<CChar>?
            var length = 0
            let rc = tiergraph_gv_render(context, graph, format.rawValue, &data, &length)
            defer { free(data) }
            guard rc == 0, let data else {
                throw GraphvizError(collectedMessage(default: "rendering \(format.rawValue) failed"))
            }
            let bytes = UnsafeRawBufferPointer(start: data, count: length)
            let notes = [note].compactMap { $0 } + warnings()
            return Rendering(data: format == .svg ? wellFormed(bytes) : Array(bytes), layout: engine, note: notes.isEmpty ? nil : notes.joined(separator: "; "))
        }
    }

    /// The layouts that place a graph in no particular orientation.
    static let forceDirected: Set = ["sfdp", "neato", "fdp"]

    /// Turns a force-directed layout, laid out with its overlaps left in, so that goods flow left
    /// to right, as in `dot`'s: the sum of the supply edges' directions (tail, the supplier, to
    /// head, the buyer; the `weight=0` edges that are not supply left out) is made to point
    /// right (a graph with no supply edges stays as it is). The positions are then laid out
    /// again by `nop` (neato's "positions given") with the graph's own `overlap` setting, which
    /// removes the overlaps and routes the edges: one overlap removal, as without turning.
    /// On return the graph holds a layout, as on entry.
    private static func orientFlow(_ graph: UnsafeMutablePointer<Agraph_t>, _ context: OpaquePointer, overlap: String) throws {
        var dx = 0.0, dy = 0.0
        var positions: [(node: UnsafeMutablePointer<Agnode_t>, x: Double, y: Double)] = []
        var node = agfstnode(graph)
        while let current = node {
            positions.append((current, tiergraph_nd_x(current), tiergraph_nd_y(current)))
            var edge = agfstout(graph, current)
            while let out = edge {
                if attribute(UnsafeMutableRawPointer(out), "weight") != "0" {
                    let head = tiergraph_ag_head(out)!
                    dx += tiergraph_nd_x(head) - tiergraph_nd_x(current)
                    dy += tiergraph_nd_y(head) - tiergraph_nd_y(current)
                }
                edge = agnxtout(graph, out)
            }
            node = agnxtnode(graph, current)
        }
        let length = (dx * dx + dy * dy).squareRoot()
        let (cos, sin) = length > 0 ? (dx / length, dy / length) : (1, 0)
        gvFreeLayout(context, graph)
        let pos = "pos".withCString { name in
            "".withCString { none in agattr(graph, AGNODE, UnsafeMutablePointer(mutating: name), UnsafeMutablePointer(mutating: none)) }
        }
        for (node, x, y) in positions {
            let turned = String(format: "%.2f,%.2f", x * cos + y * sin, y * cos - x * sin)
            _ = turned.withCString { agxset(UnsafeMutableRawPointer(node), pos, UnsafeMutablePointer(mutating: $0)) }
        }
        setGraphAttribute(graph, "overlap", overlap)
        guard gvLayout(context, graph, "nop") == 0 else {
            throw GraphvizError(collectedMessage(default: "layout 'nop' failed after turning the layout"))
        }
    }

    /// Sets the root graph's attribute `name`.
    private static func setGraphAttribute(_ graph: UnsafeMutablePointer<Agraph_t>, _ name: String, _ value: String) {
        name.withCString { name in
            value.withCString { value in
                _ = agattr(graph, AGRAPH, UnsafeMutablePointer(mutating: name), UnsafeMutablePointer(mutating: value))
            }
        }
    }

    /// The value of attribute `name` on a graph object, or nil if it has none.
    private static func attribute(_ object: UnsafeMutableRawPointer, _ name: String) -> String? {
        name.withCString { agget(object, UnsafeMutablePointer(mutating: $0)) }.map { String(cString: $0) }
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
                agseterr(AGWARN)  // warnings too: ``warnings()`` says them as Tiergraph's notes
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

    /// Graphviz's errors since the messages were last cleared (its warnings left out), or `fallback`.
    private static func collectedMessage(default fallback: String) -> String {
        let text = messages.withLock { $0 }.split(separator: "\n").filter { !$0.hasPrefix("Warning: ") }
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? fallback : "Graphviz: " + text
    }

    /// Graphviz's warnings since the messages were last cleared, each said as what happened to
    /// the picture and what to do about it.
    private static func warnings() -> [String] {
        var seen = Set<String>()
        return messages.withLock { $0 }.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("Warning: ") else { return nil }
            let warning = explain(String(line.dropFirst("Warning: ".count)).trimmingCharacters(in: .whitespaces))
            return seen.insert(warning).inserted ? warning : nil
        }
    }

    /// One Graphviz warning in Tiergraph's words.
    static func explain(_ warning: String) -> String {
        if warning.contains("too large for cairo-renderer bitmaps") {
            let factor = warning.range(of: "Scaling by ").flatMap { Double(warning[$0.upperBound...].prefix { $0.isNumber || $0 == "." }) }
            let scale = factor.map { " to \(max(1, Int(($0 * 100).rounded()))) % of its size" } ?? ""
            return "the picture is larger than a PNG can be (32,767 pixels a side), so Graphviz shrank it\(scale) and its text may be unreadable: "
                + "write SVG or PDF instead (-o FILE.svg), or draw less (--collapse-by kind, --depth 2)"
        }
        let text = warning.hasPrefix("Warning: ") ? String(warning.dropFirst("Warning: ".count)) : warning
        return "Graphviz warns: " + text.trimmingCharacters(in: .whitespaces)
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
