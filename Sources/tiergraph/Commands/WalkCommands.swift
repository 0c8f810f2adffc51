import ArgumentParser
import Tiergraph

/// The shared body of `upstream`, `downstream` and `neighbors`.
struct Walk {
    static func run(
        _ reference: String, direction: Direction, depth: Int?, store: StoreOptions, filters: QueryOptions, output: FormatOptions
    ) throws {
        let graph = try store.open()
        let root = try graph.resolveNode(reference).id
        let nodes = try filters.query(graph).closure(of: root, direction: direction, depth: depth)
        output.emit(["root": .string(root), "nodes": .array(nodes.map(QueryFormat.json))]) {
            "\(root): \(nodes.count) node(s)\n" + nodes.map(QueryFormat.text).joined()
        }
    }
}

struct Upstream: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Everything X depends on: its suppliers, their suppliers…, each with its tier.",
        discussion: "Tier 1 supplies X directly. Follows each edge kind's flow against the flow of goods.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Argument(help: "The node.") var node: String
    @Option(help: "At most this many tiers.") var depth: Int?

    func run() throws { try Walk.run(node, direction: .upstream, depth: depth, store: store, filters: filters, output: output) }
}

struct Downstream: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Everything that depends on X: its buyers, their buyers…, each with its tier.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Argument(help: "The node.") var node: String
    @Option(help: "At most this many tiers.") var depth: Int?

    func run() throws { try Walk.run(node, direction: .downstream, depth: depth, store: store, filters: filters, output: output) }
}

struct Neighbors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The nodes within K edges of X, in either direction, whatever the edges' kinds.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Argument(help: "The node.") var node: String
    @Option(help: "How many edges away.") var hops = 1

    func run() throws { try Walk.run(node, direction: .any, depth: hops, store: store, filters: filters, output: output) }
}
