import ArgumentParser
import Tiergraph

/// The arguments of `upstream` and `downstream`, and what they share when run.
struct WalkOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Argument(help: "The node.") var node: String
    @Option(help: "At most this many tiers.") var depth: Int?
    @Option(help: "At most this many nodes (whole tiers, the last cut in id order).") var limit = WalkOptions.defaultLimit
    @Option(help: "Stop walking after this many seconds.") var timeout = PathCommand.defaultTimeout

    /// The default of --limit: more than a page of output ever needs, far less than memory allows.
    static let defaultLimit = 100_000

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be a positive number of nodes") }
        guard timeout > 0 && timeout <= 31_536_000 else { throw ValidationError("--timeout must be a number of seconds above 0 and at most a year (31536000)") }
    }

    /// Walks from the node and prints ``Tiers`` (text or its JSON), and what stopped it early.
    func run(_ direction: Direction, depth: Int?) throws {
        let graph = try store.open(readOnly: true)
        let root = try graph.resolveNode(node).id
        // Read neighbours from the file as the walk goes: a cold command need not load the graph.
        let tiers = try graph.tiers(
            of: root, direction: direction, depth: depth, filter: try filters.filter(graph), limit: limit, deadline: Deadline(seconds: timeout))
        output.emit(tiers.json) {
            switch tiers.cut {
            case nil: return QueryFormat.text(tiers)
            case .limit?: return QueryFormat.text(tiers) + "(stopped at --limit \(limit) nodes; more are reachable)\n"
            case .timeout?:
                return QueryFormat.text(tiers) + "(stopped after \(JSONValue.format(timeout)) s (--timeout) with \(tiers.nodes.count) node(s); more may be reachable)\n"
            }
        }
    }
}

struct Upstream: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Everything X depends on: its suppliers, their suppliers…, each with its tier.",
        discussion: """
            First what X needs: each input (an edge's input, else its kind) with its alternative \
            suppliers, and each gate (a licence, a review) with its grantor. Then the tiers: tier 1 \
            supplies X directly; each node with the input its edge serves. Follows each edge \
            kind's flow against the flow of goods; gates are walked like supply.
            Example: tiergraph upstream chip:h200 --depth 2
            """)
    @OptionGroup var walk: WalkOptions

    func run() throws { try walk.run(.upstream, depth: walk.depth) }
}

struct Downstream: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Everything that depends on X: its buyers, their buyers…, each with its tier.")
    @OptionGroup var walk: WalkOptions

    func run() throws { try walk.run(.downstream, depth: walk.depth) }
}

struct Neighbors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The nodes within K edges of X, in either direction, whatever the edges' kinds.",
        discussion: "--hops K (default 1) sets how far; --depth is a synonym.")
    @OptionGroup var walk: WalkOptions
    @Option(help: "How many edges away.") var hops = 1

    func run() throws { try walk.run(.any, depth: walk.depth ?? hops) }
}
