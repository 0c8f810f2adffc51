import ArgumentParser
import Tiergraph

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove a node or an edge.",
        subcommands: [RemoveNode.self, RemoveEdge.self])
}

struct RemoveNode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Remove a node with its aliases and citations.",
        discussion: "A node that still has edges is kept unless --cascade is given.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "The node (id, name or alias).") var node: String
    @Flag(help: "Also remove the node's edges.") var cascade = false

    func run() throws {
        let (id, edges) = try store.open().removeNode(node, cascade: cascade)
        output.emit(["removed": .string(id), "edges_removed": .int(Int64(edges))]) {
            "removed node \(id)" + (edges > 0 ? " and \(edges) edge(s)" : "") + "\n"
        }
    }
}

struct RemoveEdge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edge", abstract: "Remove an edge (by id, as shown by `show` and `add edge`).")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "The edge's id.") var id: String

    func run() throws {
        try store.open().removeEdge(id: id)
        output.emit(["removed": .string(id)]) { "removed edge \(id)\n" }
    }
}
