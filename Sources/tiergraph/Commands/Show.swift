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
        let graph = try store.open(readOnly: true)
        let node: Node
        do {
            node = try graph.resolveNode(item)
        } catch GraphStoreError.nodeNotFound(let reference, let suggestions) {
            if let edge = try graph.edge(id: item) { return try show(edge, graph) }
            if let usage = try graph.usage(ofSource: item) { return show(usage) }
            // Nor an edge or a source: the node look-up's message, with its suggestions, says what to try.
            throw GraphStoreError.nodeNotFound(reference: reference, suggestions: suggestions)
        }
        let (outgoing, incoming) = try graph.edges(of: node.id)
        output.emit(["node": node.json, "outgoing": .array(outgoing.map(\.json)), "incoming": .array(incoming.map(\.json))]) {
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

    private func show(_ edge: Edge, _ graph: GraphStore) throws {
        let source = try graph.node(id: edge.source), target = try graph.node(id: edge.target)
        output.emit(["edge": edge.json, "source_node": source?.json ?? .null, "target_node": target?.json ?? .null]) {
            "edge \(edge.effectiveID): \(source.map(TextFormat.nodeLine) ?? edge.source)\n  → \(target.map(TextFormat.nodeLine) ?? edge.target)\n  "
                + TextFormat.edgeFacts(edge) + "\n" + TextFormat.citations(edge.citations, indent: "  ")
        }
    }

    private func show(_ usage: SourceUsage) {
        output.emit(usage.json) { TextFormat.sourceLine(usage) }
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
