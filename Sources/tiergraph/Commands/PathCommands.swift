import ArgumentParser
import Tiergraph

struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "The shortest path from A to B, following the flow of goods.",
        discussion: """
            By default the path follows supply direction: each edge kind's declared flow, so \
            `tiergraph path tsmc bytedance` walks goods from supplier to buyer whatever way each \
            edge is stored. --any-direction treats every edge as two-way (how are they connected \
            at all, for example through ownership).
            --weight hops (default) | share (cost −log(share): the largest product of shares) | \
            volume | PROPERTY (a numeric edge property); edges without that value are not used.
            --k N gives the N shortest loopless paths (Yen's algorithm).
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Argument(help: "Where the path starts.") var from: String
    @Argument(help: "Where it ends.") var to: String
    @Flag(help: "Treat every edge as two-way.") var anyDirection = false
    @Option(help: "hops, share, volume or a numeric edge property.") var weight = "hops"
    @Option(help: "How many shortest loopless paths.") var k = 1

    func validate() throws {
        guard k > 0 else { throw ValidationError("--k must be at least 1") }
    }

    func run() throws {
        let graph = try store.open(readOnly: true)
        let (a, b) = (try graph.resolveNode(from).id, try graph.resolveNode(to).id)
        let direction: Direction = anyDirection ? .any : .downstream
        let weight = Weight(parsing: self.weight)
        let paths: [Path]
        if weight == .hops && k == 1 {
            // One shortest path by hops: read neighbours from the file instead of loading the graph.
            paths = try graph.shortestPath(from: a, to: b, direction: direction, filter: try filters.filter(graph)).map { [$0] } ?? []
        } else {
            paths = try filters.query(graph).shortestPaths(from: a, to: b, direction: direction, weight: weight, k: k)
        }
        try PathCommand.emit(paths, truncated: nil, from: a, to: b, output: output, store: graph)
    }

    static func emit(_ paths: [Path], truncated: Bool?, from a: String, to b: String, output: FormatOptions, store: GraphStore) throws {
        var document: [String: JSONValue] = ["paths": .array(try paths.map { try QueryFormat.json($0, store: store) })]
        if let truncated { document["truncated"] = .bool(truncated) }
        let text = try paths.enumerated().map { try QueryFormat.text($1, number: $0 + 1, store: store) }.joined()
        output.emit(.object(document)) {
            if paths.isEmpty { return "no path from \(a) to \(b) under these filters\n" }
            return text + (truncated == true ? "(stopped at the limit; more paths exist)\n" : "")
        }
    }
}

struct PathsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "Every simple path from A to B up to a depth, in a fixed order, up to a limit.",
        discussion: "Depth-first, neighbours in id order; stops at --limit and says so (JSON: \"truncated\": true).")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Argument(help: "Where the paths start.") var from: String
    @Argument(help: "Where they end.") var to: String
    @Option(help: "At most this many edges per path.") var maxDepth: Int
    @Option(help: "At most this many paths.") var limit = 1000
    @Flag(help: "Treat every edge as two-way.") var anyDirection = false

    func validate() throws {
        guard maxDepth > 0, limit > 0 else { throw ValidationError("--max-depth and --limit must be positive") }
    }

    func run() throws {
        let graph = try store.open(readOnly: true)
        let (a, b) = (try graph.resolveNode(from).id, try graph.resolveNode(to).id)
        // Reads only the edges the search touches, not the whole graph.
        let (paths, truncated) = try graph.simplePaths(
            from: a, to: b, direction: anyDirection ? .any : .downstream, maxDepth: maxDepth, limit: limit,
            filter: try filters.filter(graph))
        try PathCommand.emit(paths, truncated: truncated, from: a, to: b, output: output, store: graph)
    }
}
