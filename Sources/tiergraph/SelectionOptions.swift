import ArgumentParser
import Tiergraph

/// What `render` and `export` work on: the whole graph or the part around a question.
struct SelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only the neighbourhood of this node (see --hops).", valueName: "node"))
    var around: String?
    @Option(help: "How many edges around --around.") var hops = 1
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Only the shortest path from A to B (with --k, --weight, --any-direction).", valueName: "A B"))
    var path: [String] = []
    @Option(help: "How many shortest paths, with --path.") var k = 1
    @Option(help: "hops, share, volume or a numeric edge property, with --path.") var weight = "hops"
    @Flag(help: "Treat every edge as two-way, with --path.") var anyDirection = false
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Never pass through these nodes (with --path, --around, --upstream, --downstream).", valueName: "node"))
    var avoid: [String] = []
    @Option(help: ArgumentHelp("Only this node and everything it depends on.", valueName: "node")) var upstream: String?
    @Option(help: ArgumentHelp("Only this node and everything that depends on it.", valueName: "node")) var downstream: String?
    @Option(help: "At most this many tiers, with --upstream or --downstream.") var depth: Int?
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Only nodes of these kinds.", valueName: "kind")) var kinds: [String] = []
    @Option(name: .customLong("edge-kinds"), parsing: .upToNextOption, help: ArgumentHelp("Only edges of these kinds.", valueName: "kind"))
    var edgeKinds: [String] = []
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Only edges valid at this date whose as_of, if any, is not later.", valueName: "date")) var asOf: String?
    @Option(help: ArgumentHelp("Only facts citing this source id.", valueName: "source")) var source: String?

    func validate() throws {
        let foci = [around != nil, !path.isEmpty, upstream != nil, downstream != nil].filter { $0 }.count
        guard foci <= 1 else { throw ValidationError("choose one of --around, --path, --upstream, --downstream") }
        guard path.isEmpty || path.count == 2 else { throw ValidationError("--path takes two nodes: --path A B") }
    }

    /// The filter the selection options ask for, with node references resolved through `store`.
    func filter(_ store: GraphStore) throws -> QueryFilter {
        try FilterArguments(edgeKinds: edgeKinds, nodeKinds: kinds, avoid: avoid, asOf: asOf, source: source).filter(in: store)
    }

    /// The focus, with node references resolved through `store`.
    func focus(_ store: GraphStore) throws -> Focus {
        if let around { return .around(try store.resolveNode(around).id, hops: hops) }
        if path.count == 2 {
            return .path(from: try store.resolveNode(path[0]).id, to: try store.resolveNode(path[1]).id,
                         direction: anyDirection ? .any : .downstream, weight: Weight(parsing: weight), k: k)
        }
        if let upstream { return .upstream(try store.resolveNode(upstream).id, depth: depth) }
        if let downstream { return .downstream(try store.resolveNode(downstream).id, depth: depth) }
        return .all
    }

    /// The selection, with node references resolved through `store`.
    func select(_ store: GraphStore, includeIsolated: Bool = true) throws -> GraphSelection {
        try store.select(try focus(store), filter: try filter(store), includeIsolated: includeIsolated)
    }
}

extension DOTWriter.Clustering: ExpressibleByArgument {}
