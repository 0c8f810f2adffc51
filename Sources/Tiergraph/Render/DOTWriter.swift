/// Writes a ``GraphSelection`` as Graphviz DOT: a diagram of the supply chain (``Purpose/diagram``,
/// what `render` draws) or the graph as data for other tools (``Purpose/data``, what
/// `export --format dot` writes: pydot, pygraphviz and `tiergraph import` read it).
///
/// Both carry every fact as data attributes (Graphviz ignores them): on nodes `kind`,
/// `display_name` (not `name`, which pydot reserves for the node's id), `aliases`, `country`,
/// `properties`, `citations`, `claims`; on edges `id`, `kind`, `input`, `share`, `volume`,
/// `unit`, `valid_from`, `valid_to`, the qualifiers, `properties` and `citations`.
///
/// A data export has no legend and writes every edge in its stored direction (`bytedance ->
/// nvidia` for `bytedance orders nvidia`), with its kind's `flow` as an attribute (`with`: goods
/// go tail → head; `against`: head → tail; `gate`: the tail permits the head; `none`: not supply),
/// so that a reader can orient it. A diagram:
///
/// - Goods flow left to right: every supply edge is written from supplier to buyer, its arrow at
///   the buyer as the legend's "goods flow" says (an `orders` edge, stored buyer → seller, is
///   written seller → buyer with the data attribute `stored="reversed"`, which `tiergraph import`
///   reads back), and nodes of the same tier share a rank.
/// - Non-supply edges (ownership, shares) are dashed and do not pull the layout (weight 0).
/// - Each node kind has its shape and colour, explained by a legend; edge labels give the kind
///   and the share (`owns 59.45%`); the asked-for path is highlighted. A selection of more than
///   ``edgeLabelLimit`` nodes gets no edge labels: nobody can read thousands of them, and placing
///   them took Graphviz's sfdp layout 85 % of its time (3.4 s of 4 s at 1,000 nodes). The edges
///   keep their kind, share and period as data attributes.
/// - Every id and label is quoted and escaped, so any text (quotes, backslashes, line breaks,
///   `<` `>`, Chinese) stays one node. The same selection always gives the same bytes.
public struct DOTWriter: Sendable {
    /// Groups nodes into boxes by kind or country.
    public enum Clustering: String, Sendable, CaseIterable {
        case kind, country
    }

    /// The font named for every label; it must cover Chinese for PNG and PDF output
    /// (scripts/setup.sh installs it).
    public static let font = "WenQuanYi Micro Hei"

    /// The most nodes a selection may have for ``write(_:flows:)`` to label its edges.
    public static let edgeLabelLimit = 500

    /// What the DOT is for: a picture, or the graph's data.
    public enum Purpose: Sendable {
        /// A diagram: a legend, and supply edges turned to point from supplier to buyer.
        case diagram
        /// Data: no legend, edges in their stored direction with their kind's flow.
        case data
    }

    public var clustering: Clustering?
    /// Whether a diagram has a legend (data never does).
    public var legend = true
    /// Whether edges carry labels (``write(_:flows:)`` also drops them for large selections).
    public var edgeLabels = true
    /// A diagram (the default) or data.
    public var purpose = Purpose.diagram
    /// Each node kind's shape and fill and each edge kind's colour (``GraphStore/styleSheet()``
    /// gives the database's).
    public var styles: StyleSheet

    public init(
        clustering: Clustering? = nil, legend: Bool = true, edgeLabels: Bool = true, purpose: Purpose = .diagram,
        styles: StyleSheet = StyleSheet()
    ) {
        self.clustering = clustering
        self.legend = legend
        self.edgeLabels = edgeLabels
        self.purpose = purpose
        self.styles = styles
    }

    /// The DOT text of `selection`; `flows` gives each edge kind's flow.
    public func write(_ selection: GraphSelection, flows: [String: Flow]) -> String {
        var out = ""
        let nodes = selection.nodes.sorted { (group($0), $0.id) < (group($1), $1.id) }
        var writer = self
        writer.edgeLabels = edgeLabels && nodes.count <= DOTWriter.edgeLabelLimit
        // Appending to a string cannot fail.
        try! writer.stream(
            title: selection.title, flows: flows, tiers: selection.tiers, highlightedNodes: selection.highlightedNodes,
            highlightedPaths: selection.highlightedPaths, marks: selection.marks,
            nodes: { emit in for node in nodes { try emit(node) } },
            edges: { emit in for edge in selection.edges { try emit(edge) } },
            to: { out += $0 })
        return out
    }

    /// Writes DOT piece by piece, for graphs too big to hold: `nodes` and `edges` hand over one
    /// element at a time (nodes grouped by the clustering key, if any), and `write` receives
    /// the text as it is made. Memory holds the kinds seen and the cluster being written.
    public func stream(
        title: String, flows: [String: Flow], tiers: [String: Int] = [:], highlightedNodes: Set<String> = [],
        highlightedPaths: [[String]] = [], marks: ChangeMarks = ChangeMarks(),
        nodes: ((Node) throws -> Void) throws -> Void, edges: ((Edge) throws -> Void) throws -> Void,
        to write: (String) throws -> Void
    ) throws {
        // The element closures below capture `write`; it never outlives this call.
        try withoutActuallyEscaping(write) { write in
            var header = "digraph \(DOTWriter.quote("tiergraph")) {\n"
            header += "  graph [rankdir=LR, newrank=true, nodesep=0.25, ranksep=0.7, fontname=\(DOTWriter.quote(DOTWriter.font)), "
            header += "fontsize=14, labelloc=t, label=\(DOTWriter.label(title))"
            // Force-directed layouts (sfdp, neato, fdp) let nodes overlap unless told; prism removes
            // the overlaps and keeps the layout's shape. dot ignores it.
            header += purpose == .diagram ? ", overlap=prism];\n" : "];\n"
            header += "  node [fontname=\(DOTWriter.quote(DOTWriter.font)), fontsize=11, style=\"filled\", penwidth=0.8];\n"
            header += "  edge [fontname=\(DOTWriter.quote(DOTWriter.font)), fontsize=9, color=\"#555555\", fontcolor=\"#333333\"];\n"
            try write(header)
            var kinds = Set<String>()
            var pathOfEdge: [String: Int] = [:]
            for (index, path) in highlightedPaths.enumerated() { for edge in path where pathOfEdge[edge] == nil { pathOfEdge[edge] = index } }
            var openGroup: String?
            var groups = 0
            try nodes { node in
                kinds.insert(node.kind)
                if clustering != nil {
                    let key = group(node)
                    if key != openGroup {
                        if openGroup != nil { try write("  }\n") }
                        try write("  subgraph \(DOTWriter.quote("cluster_\(groups)")) {\n    label=\(DOTWriter.label(key)); style=\"rounded\"; color=\"#bbbbbb\";\n")
                        openGroup = key
                        groups += 1
                    }
                    try write("    " + nodeStatement(node, highlighted: highlightedNodes.contains(node.id), mark: marks.nodes[node.id]) + "\n")
                } else {
                    try write("  " + nodeStatement(node, highlighted: highlightedNodes.contains(node.id), mark: marks.nodes[node.id]) + "\n")
                }
            }
            if openGroup != nil { try write("  }\n") }
            var edgeKindsDrawn: [String: Flow] = [:]
            try edges { edge in
                let flow = flows[edge.kind] ?? Flow.none
                edgeKindsDrawn[edge.kind] = flow
                // Both ends in one `rank=same` tier (written below only without clusters): a flat edge.
                let flat = clustering == nil && edge.source != edge.target && tiers[edge.source] != nil
                    && tiers[edge.source] == tiers[edge.target]
                try write("  " + edgeStatement(edge, flow: flow, path: pathOfEdge[edge.effectiveID], flat: flat, mark: marks.edges[edge.effectiveID]) + "\n")
            }
            if clustering == nil {
                for (tier, ids) in Dictionary(grouping: tiers.keys, by: { tiers[$0]! }).sorted(by: { $0.key < $1.key }) where ids.count > 1 {
                    try write("  { rank=same; " + ids.sorted().map { DOTWriter.quote($0) + ";" }.joined(separator: " ") + " }  // tier \(tier)\n")
                }
            }
            if legend && purpose == .diagram {
                try write("  graph [label=\(legendLabel(title: title, kinds: kinds, edgeKinds: edgeKindsDrawn, paths: highlightedPaths.count, marks: marks))];\n")
            }
            try write("}\n")
        }
    }

    /// The cluster a node is drawn in.
    private func group(_ node: Node) -> String {
        switch clustering {
        case .kind?: return node.kind
        case .country?: return node.country ?? "(no country)"
        case nil: return ""
        }
    }

    private func nodeStatement(_ node: Node, highlighted: Bool, mark: ChangeMarks.Mark?) -> String {
        let style = styles.style(ofNodeKind: node.kind)
        var label = node.name
        if let alias = node.aliases.first(where: { $0.unicodeScalars.contains { $0.value >= 0x2E80 } }), alias != node.name {
            label += "\n" + alias
        }
        var attributes = [
            "label=\(DOTWriter.label(label))", "shape=\(style.shape)", "fillcolor=\(DOTWriter.quote(style.fill))",
            "tooltip=\(DOTWriter.label("\(node.id) (\(node.kind))"))",
        ]
        // Data attributes (Graphviz ignores them): `tiergraph import` reads the graph back from them.
        attributes.append("kind=\(DOTWriter.quote(node.kind)), display_name=\(DOTWriter.quote(node.name))")
        if !node.aliases.isEmpty { attributes.append("aliases=\(DOTWriter.quote(node.aliases.joined(separator: ";")))") }
        if let country = node.country { attributes.append("country=\(DOTWriter.quote(country))") }
        attributes += DOTWriter.dataAttributes(node.properties, node.citations)
        if !node.claims.isEmpty { attributes.append("claims=\(DOTWriter.quote(DOTWriter.dotSafe(.array(node.claims.map(\.json)))))") }
        // Graphviz replaces a name starting with % by an internal one (%3, %5): the id rides along.
        if node.id.hasPrefix("%") { attributes.append("\(DOTWriter.idAttribute)=\(DOTWriter.quote(node.id))") }
        if let mark {
            attributes.append(mark.attributes(node: true))
        } else if highlighted {
            attributes.append("penwidth=2.5, color=\"#c0392b\"")
        }
        return "\(DOTWriter.quote(node.id)) [\(attributes.joined(separator: ", "))];"
    }

    /// A `flat` edge joins two nodes of one rank. Its text is an `xlabel`, not a `label`: Graphviz
    /// 2.42's dot layout gives a labelled flat edge in the first rank a label node in a new rank
    /// above it, grows that rank's node array with `realloc` and later frees the array's old
    /// address again in `gvFreeLayout` (a double free that aborts the process; the smallest
    /// case is `digraph { a -> b [label=x]; a -> c; {rank=same; a; b; c} }` under valgrind).
    /// An `xlabel` is placed after the layout, so the same text is drawn beside the edge.
    private func edgeStatement(_ edge: Edge, flow: Flow, path: Int?, flat: Bool, mark: ChangeMarks.Mark?) -> String {
        // A diagram's legend names each coloured kind: its edges' labels need not repeat it.
        let colour = purpose == .diagram ? styles.colour(ofEdgeKind: edge.kind) : nil
        var parts = colour == nil ? [edge.kind] : []
        if let input = edge.input { parts.append("(" + input + ")") }
        if let share = edge.share { parts.append(share.description) }
        if let volume = edge.volume { parts.append(volume.description) }
        // A collapsed edge stands for this many (GraphSelection.collapsed(by:)).
        if case .int(let count)? = edge.properties["count"] { parts.append("×\(count)") }
        var text = parts.joined(separator: " ")
        // A comparison says what it compares and by how much (the properties compares_to documents).
        if let ratio = edge.properties["ratio"] {
            text += " " + [edge.properties["metric"].map(DOTWriter.plain), "×" + DOTWriter.plain(ratio)].compactMap { $0 }.joined(separator: " ")
        }
        let qualifiers = edge.qualifierPhrases
        if !qualifiers.isEmpty { text += " [" + qualifiers.joined(separator: ", ") + "]" }
        if edge.period.from != nil || edge.period.to != nil {
            text += "\n" + (edge.period.from?.description ?? "…") + "–" + (edge.period.to?.description ?? "")
        }
        var attributes = ["id=\(DOTWriter.quote(edge.effectiveID))", "kind=\(DOTWriter.quote(edge.kind))"]
        if let input = edge.input { attributes.append("input=\(DOTWriter.quote(input))") }
        text = text.trimmingWhitespace()
        if edgeLabels && !text.isEmpty { attributes.insert("\(flat ? "xlabel" : "label")=\(DOTWriter.label(text))", at: 0) }
        if let share = edge.share { attributes.append("share=\(DOTWriter.quote(share.exactText))") }
        if let volume = edge.volume {
            attributes.append("volume=\(DOTWriter.quote(volume.exactText))")
            if let unit = volume.unit { attributes.append("unit=\(DOTWriter.quote(unit))") }
        }
        if let from = edge.period.from { attributes.append("valid_from=\(DOTWriter.quote(from.description))") }
        if let to = edge.period.to { attributes.append("valid_to=\(DOTWriter.quote(to.description))") }
        for (name, value) in zip(EdgeQualifierFields.names, EdgeQualifierFields.values(of: edge)) {
            if let value { attributes.append("\(name)=\(DOTWriter.quote(value))") }
        }
        attributes += DOTWriter.dataAttributes(edge.properties, edge.citations)
        var (tail, head) = (edge.source, edge.target)
        if purpose == .data { attributes.append("flow=\(DOTWriter.quote(flow.rawValue))") }
        switch flow {
        case .with: break
        case .gate: attributes.append("style=dotted")
        case .against:
            if purpose == .diagram {
                (tail, head) = (edge.target, edge.source)
                attributes.append("stored=\"reversed\"")
            }
        case .none:
            // weight=0, not constraint=false: Graphviz 2.42's dot layout double-frees memory in its
            // cleanup for some graphs with constraint=false edges (it aborts the process).
            attributes.append("style=dashed, weight=0")
        }
        if let mark {
            attributes.append(mark.attributes(node: false))
        } else if let path {
            attributes.append("penwidth=2.5, color=\(DOTWriter.quote(StyleSheet.pathColours[path % StyleSheet.pathColours.count]))")
        } else if let colour {
            attributes.append("color=\(DOTWriter.quote(colour))")
        }
        return "\(DOTWriter.quote(tail)) -> \(DOTWriter.quote(head)) [\(attributes.joined(separator: ", "))];"
    }

    /// A property value as a label shows it: text without quotes, anything else as JSON.
    private static func plain(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.serialized()
    }

    /// `properties` and `citations` as JSON text, when there are any.
    private static func dataAttributes(_ properties: [String: JSONValue], _ citations: [Citation]) -> [String] {
        var attributes: [String] = []
        if !properties.isEmpty { attributes.append("properties=\(quote(dotSafe(.object(properties))))") }
        if !citations.isEmpty { attributes.append("citations=\(quote(dotSafe(.array(citations.map(\.json)))))") }
        return attributes
    }

    /// JSON text that survives a DOT quoted string. cgraph's scanner takes every backslash with
    /// the character after it, so JSON's `\\` and `\"` would end the string early; they are
    /// written as the equivalent `\u005c` and `\u0022`.
    static func dotSafe(_ value: JSONValue) -> String {
        var out = ""
        var escaped = false
        for character in value.serialized() {
            if escaped {
                escaped = false
                switch character {
                case "\\": out += "\\u005c"
                case "\"": out += "\\u0022"
                default: out += "\\" + String(character)
                }
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// The title and the legend as one HTML-like label of the graph, which Graphviz places
    /// outside the layout whatever the layout engine (a legend made of nodes would be laid out
    /// with the graph and scatter under force-directed layouts): the node kinds drawn, each with
    /// its fill; the edge kinds drawn, each in its colour and line style; the paths' colours.
    private func legendLabel(title: String, kinds: Set<String>, edgeKinds: [String: Flow], paths: Int, marks: ChangeMarks) -> String {
        // One cell per line, its entries as coloured text: cells of one table would take the
        // widths of the title's line.
        func lines(_ entries: [String], perLine: Int) -> String {
            stride(from: 0, to: entries.count, by: perLine).map { start in
                "<tr><td align=\"left\"><font point-size=\"10\">" + entries[start..<min(start + perLine, entries.count)].joined(separator: "   ") + "</font></td></tr>"
            }.joined()
        }
        func coloured(_ text: String, _ colour: String) -> String { "<font color=\"\(colour.xmlEscaped)\">\(text)</font>" }
        var out = "<<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"1\">"
        out += "<tr><td align=\"left\"><font point-size=\"14\">\(title.xmlEscaped)</font></td></tr>"
        out += lines(kinds.sorted().map { kind in
            coloured("██", DOTWriter.darker(styles.style(ofNodeKind: kind).fill)) + " " + kind.xmlEscaped
        }, perLine: 8)
        out += lines(edgeKinds.sorted { $0.key < $1.key }.map { kind, flow in
            let (stroke, note) = flow == .gate ? ("┈┈", " (gate)") : flow == .none ? ("╌╌", " (not supply)") : ("━━", "")
            return coloured("\(stroke) \(kind.xmlEscaped)\(note)", styles.colour(ofEdgeKind: kind) ?? "#555555")
        }, perLine: 6)
        var notes: [String] = []
        if edgeKinds.values.contains(where: { $0 == .with || $0 == .against }) { notes.append("arrows point the way goods flow: supplier → buyer") }
        notes += (0..<paths).map { index in
            coloured("━━ " + (paths == 1 ? "the path" : "path \(index + 1)"), StyleSheet.pathColours[index % StyleSheet.pathColours.count])
        }
        let drawn = Set(marks.nodes.values).union(marks.edges.values)
        notes += ChangeMarks.Mark.allCases.filter(drawn.contains).map { coloured("▭ " + $0.rawValue, $0.colour) }
        return out + lines(notes, perLine: 6) + "</table>>"
    }

    /// A fill colour darkened to a quarter less light, for a legend swatch drawn as a glyph on
    /// white (the fills are pale); a colour name stays as it is.
    static func darker(_ colour: String) -> String {
        guard colour.count == 7, colour.first == "#", let value = Int(colour.dropFirst(), radix: 16) else { return colour }
        let channels = [value >> 16, (value >> 8) & 0xFF, value & 0xFF].map { $0 * 3 / 4 }
        return "#" + channels.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// The node attribute carrying the id of a node whose id starts with `%`: cgraph gives such a
    /// name an internal one (`%3`) when it reads the file, and ``DOTImporter`` restores it.
    static let idAttribute = "tiergraph_id"

    /// A DOT id: a quoted string that cgraph reads back as exactly `text`.
    ///
    /// In DOT ids the only escape is `\"`; backslashes and line breaks are kept as they are.
    /// cgraph's scanner pairs every backslash with the next character, so text with a backslash
    /// right before a quote or a line break, or at the very end, cannot be written exactly:
    /// ``ExportText`` refuses it before a data export (a final backslash is doubled here).
    static func quote(_ text: String) -> String {
        // Scalar by scalar: a quote followed by a combining mark is one Character.
        var out = text.escapingScalars { $0 == "\"" ? "\\\"" : nil }
        if out.unicodeScalars.last == "\\" { out += "\\" }
        return pieces(out)
    }

    /// cgraph's scanner holds at most 16,384 bytes of one quoted string: longer text is written
    /// as quoted pieces of at most this many bytes joined with `+`, which DOT concatenates.
    static let pieceBytes = 8_000

    /// `body` (escaped, without its quotes) as one quoted string, or as pieces joined with `+`.
    static func pieces(_ body: String) -> String {
        guard body.utf8.count > pieceBytes else { return "\"" + body + "\"" }
        var out = "\""
        var bytes = 0
        var previous: Unicode.Scalar?
        for scalar in body.unicodeScalars {
            // Not after a backslash (an escape), nor before a line feed (cgraph would drop it).
            if bytes >= pieceBytes && previous != "\\" && scalar != "\n" {
                out += "\" + \""
                bytes = 0
            }
            out.unicodeScalars.append(scalar)
            bytes += scalar.utf8.count
            previous = scalar
        }
        return out + "\""
    }

    /// A DOT label (an escString): `\\`, `\"` and `\n` escaped, so Graphviz shows exactly `text`
    /// with its line breaks.
    static func label(_ text: String) -> String {
        // Scalar by scalar: a quote followed by a combining mark is one Character.
        var out = ""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n" where previous == "\r": break
            case "\n", "\r": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
            previous = scalar
        }
        return pieces(out)
    }
}
