import ArgumentParser
import Tiergraph

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a node: its facts, aliases, properties, sources, and every edge in and out.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "The node (id, name or alias).") var node: String

    func run() throws {
        let graph = try store.open(readOnly: true)
        let node = try graph.resolveNode(self.node)
        let (outgoing, incoming) = try graph.edges(of: node.id)
        output.emit(["node": node.json, "outgoing": .array(outgoing.map(\.json)), "incoming": .array(incoming.map(\.json))]) {
            var text = TextFormat.nodeLine(node) + "\n"
            if !node.properties.isEmpty {
                text += "  properties: " + JSONValue.object(node.properties).serialized() + "\n"
            }
            text += TextFormat.citations(node.citations, indent: "  ")
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
}
