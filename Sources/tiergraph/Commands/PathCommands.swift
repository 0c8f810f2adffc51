import ArgumentParser
import Tiergraph

struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "The shortest path from A to B, following the flow of goods.",
        discussion: """
            By default the path follows supply direction: each edge kind's declared flow, so \
            `tiergraph path tsmc csp:china` walks goods from supplier to buyer whatever way each \
            edge is stored. --any-direction treats every edge as two-way (how are they connected \
            at all, for example through ownership).
            --weight hops (default) | share (cost −log(share): the largest product of shares) | \
            volume | PROPERTY (a numeric edge property); edges without that value are not used.
            --k N gives the N shortest loopless paths (Yen's algorithm), at most \(PathCommand.maxK); \
            after --timeout seconds (default \(Int(PathCommand.defaultTimeout))) it stops and prints the paths found by then.
            """)

    static let maxK = 1_000
    static let defaultTimeout = 30.0

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Argument(help: "Where the path starts.") var from: String
    @Argument(help: "Where it ends.") var to: String
    @Flag(help: "Treat every edge as two-way.") var anyDirection = false
    @Option(help: "hops, share, volume or a numeric edge property.") var weight = "hops"
    @Option(help: "How many shortest loopless paths.") var k = 1
    @Option(help: "Stop searching after this many seconds.") var timeout = PathCommand.defaultTimeout

    func validate() throws {
        guard k > 0 else { throw ValidationError("--k must be at least 1") }
        guard k <= PathCommand.maxK else { throw ValidationError("--k must be at most \(PathCommand.maxK)") }
        guard timeout > 0 && timeout <= 31_536_000 else { throw ValidationError("--timeout must be a number of seconds above 0 and at most a year (31536000)") }
    }

    func run() throws {
        let graph = try store.open(readOnly: true)
        let (a, b) = (try graph.resolveNode(from).id, try graph.resolveNode(to).id)
        let direction: Direction = anyDirection ? .any : .downstream
        let deadline = Deadline(seconds: timeout)
        let (paths, stopped) = try graph.shortestPaths(
            from: a, to: b, direction: direction, weight: Weight(parsing: weight), k: k, filter: try filters.filter(graph),
            deadline: deadline)
        try PathCommand.emit(paths, truncated: stopped ? true : nil, timedOut: stopped ? timeout : nil, from: a, to: b, output: output, store: graph)
    }

    /// Prints `{"paths": [...]}` (with `"truncated"` when given, and `"timed_out"` when the
    /// deadline cut the search).
    static func emit(
        _ paths: [Path], truncated: Bool?, timedOut: Double?, from a: String, to b: String, output: FormatOptions, store: GraphStore
    ) throws {
        let edges = try store.edges(withIDs: paths.flatMap(\.edges))
        let document = try store.json(of: paths, truncated: truncated, timedOut: timedOut != nil, edges: edges)
        let text = paths.enumerated().map { QueryFormat.text($1, number: $0 + 1, edges: edges) }.joined()
        output.emit(document) {
            if let timedOut {
                return text + "(stopped after \(JSONValue.format(timedOut)) s (--timeout) with \(paths.count) path(s); more may exist)\n"
            }
            if paths.isEmpty { return "no path from \(a) to \(b) under these filters\n" }
            return text + (truncated == true ? "(stopped at the limit; more paths exist)\n" : "")
        }
    }
}

struct PathsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "Every simple path from A to B up to a depth, in a fixed order, up to a limit.",
        discussion: """
            Depth-first, neighbours in id order; stops at --limit (at most \(PathsCommand.maxLimit)) or after \
            --timeout seconds (default \(Int(PathCommand.defaultTimeout))) and says so (JSON: "truncated": true, \
            "timed_out" saying which).
            Example: tiergraph paths tsmc csp:china --max-depth 4 --any-direction
            """)

    /// The most paths one call may ask for: each is kept until printed.
    static let maxLimit = 100_000

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Argument(help: "Where the paths start.") var from: String
    @Argument(help: "Where they end.") var to: String
    @Option(help: "At most this many edges per path.") var maxDepth: Int
    @Option(help: "At most this many paths.") var limit = 1000
    @Flag(help: "Treat every edge as two-way.") var anyDirection = false
    @Option(help: "Stop searching after this many seconds.") var timeout = PathCommand.defaultTimeout

    func validate() throws {
        guard maxDepth > 0, limit > 0 else { throw ValidationError("--max-depth and --limit must be positive") }
        guard limit <= PathsCommand.maxLimit else { throw ValidationError("--limit must be at most \(PathsCommand.maxLimit)") }
        guard timeout > 0 && timeout <= 31_536_000 else { throw ValidationError("--timeout must be a number of seconds above 0 and at most a year (31536000)") }
    }

    func run() throws {
        let graph = try store.open(readOnly: true)
        let (a, b) = (try graph.resolveNode(from).id, try graph.resolveNode(to).id)
        // Reads only the edges the search touches, not the whole graph.
        let deadline = Deadline(seconds: timeout)
        let (paths, truncated) = try graph.simplePaths(
            from: a, to: b, direction: anyDirection ? .any : .downstream, maxDepth: maxDepth, limit: limit,
            filter: try filters.filter(graph), deadline: deadline)
        let timedOut = truncated && paths.count < limit && deadline.hasPassed
        try PathCommand.emit(paths, truncated: truncated, timedOut: timedOut ? timeout : nil, from: a, to: b, output: output, store: graph)
    }
}
