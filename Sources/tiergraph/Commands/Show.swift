import ArgumentParser
import Tiergraph

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a node, an edge or a source: its facts, its sources and quotes, and what it joins or what cites it.",
        discussion: """
            X is looked up as a node (id, name or alias), else as an edge id (as queries print \
            them), else as a source id. JSON: a node {"node", "outgoing", "incoming"}, an edge \
            {"edge", "source_node", "target_node"}, a source {"source", "nodes", "edges"}.
            Examples: tiergraph show nvidia   |   tiergraph show 000_663c24318a0e2293.txt
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "A node (id, name or alias), an edge id or a source id.") var item: String

    func run() throws {
        let item = try store.open(readOnly: true).item(item)
        output.emit(item.json) {
            switch item {
            case .node(let node, let outgoing, let incoming): return text(node, outgoing: outgoing, incoming: incoming)
            case .edge(let edge, let source, let target):
                return "edge \(edge.effectiveID): \(source.map(TextFormat.nodeLine) ?? edge.source)\n  → \(target.map(TextFormat.nodeLine) ?? edge.target)\n  "
                    + TextFormat.edgeFacts(edge) + "\n" + TextFormat.citations(edge.citations, indent: "  ")
            case .source(let usage): return TextFormat.sourceLine(usage)
            }
        }
    }

    private func text(_ node: Node, outgoing: [Edge], incoming: [Edge]) -> String {
        var text = TextFormat.nodeLine(node) + "\n"
        if !node.properties.isEmpty {
            text += "  properties: " + JSONValue.object(node.properties).serialized() + "\n"
        }
        text += TextFormat.citations(node.citations, indent: "  ")
        if !node.claims.isEmpty {
            text += "  claims:\n" + node.claims.map { "    " + TextFormat.claim($0) + "\n" }.joined()
        }
        text += "  out (\(outgoing.count)):\n"
        for edge in outgoing {
            text += "    → \(edge.target)  \(TextFormat.edgeFacts(edge))\n" + TextFormat.citations(edge.citations, indent: "        ")
        }
        text += "  in (\(incoming.count)):\n"
        for edge in incoming {
            text += "    ← \(edge.source)  \(TextFormat.edgeFacts(edge))\n" + TextFormat.citations(edge.citations, indent: "        ")
        }
        return text
    }
}

struct Sources: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the sources, each with how many nodes and edges cite it.",
        discussion: "JSON: {\"sources\": [{\"source\", \"nodes\": [ids], \"edges\": [ids]}]}. Example: tiergraph sources")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let usage = try store.open(readOnly: true).sourceUsage()
        output.emit(["sources": .array(usage.map(\.json))]) {
            usage.map { TextFormat.sourceLine($0, listing: false) }.joined()
        }
    }
}
