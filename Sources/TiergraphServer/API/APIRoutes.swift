import Hummingbird
import Tiergraph

/// The JSON API: the command line's documented JSON, one route per question, parameters in the
/// query string (`/api/path?from=tsmc&to=csp:china&k=3`). Errors are `{"error": {"status",
/// "message"}}` with a 4xx status; an unknown parameter is an error listing the route's own.
extension Site {
    /// The most shortest paths or simple paths one request may ask for, and its longest search.
    static let maxK = 100, maxPaths = 10_000, maxSeconds = 30.0

    func registerAPI(on router: RouteTable) {
        let filters = Parameters.filterNames
        getJSON(router, "/api/stats", takes: []) { store, _ in try store.statistics().json }
        getJSON(router, "/api/sources", takes: []) { store, _ in ["sources": .array(try store.sourceUsage().map(\.json))] }
        getJSON(router, "/api/search", takes: ["q", "limit", "where"]) { store, parameters in
            let conditions = try parameters.all("where").map { text throws(ValueError) in try NodeCondition(parsing: text) }
            let limit = try parameters.int("limit", in: 1...500, default: 20)!
            return ["nodes": .array(try store.find(try parameters.required("q"), limit: limit, where: conditions).map(\.json))]
        }
        getJSON(router, "/api/item", takes: ["id"]) { store, parameters in try store.item(try parameters.required("id")).json }
        for kind in ["node", "edge", "source"] {
            getJSON(router, "/api/" + kind, takes: ["id"]) { store, parameters in
                let item = try store.item(try parameters.required("id"))
                guard item.kindName == kind else {
                    throw RequestError(.notFound, "'\(try parameters.required("id"))' is not a \(kind) (it is a \(item.kindName)); /api/item takes any")
                }
                return item.json
            }
        }
        getJSON(router, "/api/path", takes: filters.union(["from", "to", "k", "weight", "any_direction", "timeout"])) { store, parameters in
            try Site.paths(store, parameters, simple: false)
        }
        getJSON(router, "/api/paths", takes: filters.union(["from", "to", "max_depth", "limit", "any_direction", "timeout"])) { store, parameters in
            try Site.paths(store, parameters, simple: true)
        }
        for (name, direction) in [("upstream", Direction.upstream), ("downstream", .downstream), ("neighbors", .any)] {
            let depthName = direction == .any ? "hops" : "depth"
            getJSON(router, "/api/" + name, takes: filters.union(["id", depthName])) { store, parameters in
                try Site.tiers(store, parameters, direction: direction).json
            }
        }
        getJSON(router, "/api/chokepoints", takes: filters.union(["id", "by", "of"])) { store, parameters in
            try Site.chokepoints(store, parameters).json
        }
        getJSON(router, "/api/impact", takes: filters.union(["remove", "remove_where", "of"])) { store, parameters in
            try Site.impact(store, parameters).json
        }
        getJSON(router, "/api/exposure", takes: filters.union(["id"])) { store, parameters in
            try Site.exposure(store, parameters).json
        }
        getJSON(router, "/api/log", takes: ["limit"]) { store, parameters in
            HistoryEntry.logJSON(try store.history(), limit: try parameters.int("limit", in: 0...100_000, default: 20)!)
        }
        getJSON(router, "/api/diff", takes: ["since"]) { store, parameters in
            _ = try parameters.required("since")
            return try store.diff(since: Int64(try parameters.int("since", in: 1...Int.max)!)).json
        }
    }

    /// A GET route answering JSON; `body` runs on the store pool, and so does encoding its JSON
    /// (megabytes for a big closure: not work for Swift's few cooperative threads).
    func getJSON(
        _ router: RouteTable, _ path: String, takes names: Set<String>,
        _ body: @escaping @Sendable (GraphStore, Parameters) throws -> JSONValue
    ) {
        get(router, path, takes: names, failure: Site.jsonError) { store, parameters in Site.json(try body(store, parameters)) }
    }

    // MARK: Questions, shared by the API and the pages

    /// `path` (k shortest loopless paths) or `paths` (every simple path up to a depth), as
    /// `{"paths": [...]}` with `truncated` and `timed_out` as the command line prints them.
    static func paths(_ store: GraphStore, _ parameters: Parameters, simple: Bool) throws -> JSONValue {
        let (paths, truncated, timedOut) = try findPaths(store, parameters, simple: simple)
        let edges = try store.edges(withIDs: paths.flatMap(\.edges))
        return try store.json(of: paths, truncated: truncated, timedOut: timedOut, edges: edges)
    }

    static func findPaths(_ store: GraphStore, _ parameters: Parameters, simple: Bool) throws -> (paths: [Path], truncated: Bool?, timedOut: Bool) {
        let from = try store.resolveNode(try parameters.required("from")).id, to = try store.resolveNode(try parameters.required("to")).id
        let direction: Direction = try parameters.flag("any_direction") ? .any : .downstream
        let seconds = try parameters.string("timeout").map { text -> Double in
            guard let value = Double(text), value > 0, value <= maxSeconds else {
                throw RequestError(.badRequest, "parameter 'timeout' must be a number of seconds above 0 and at most \(Int(maxSeconds)), not '\(text)'")
            }
            return value
        } ?? 10
        let deadline = Deadline(seconds: seconds)
        let filter = try parameters.filterArguments.filter(in: store)
        if simple {
            let depth = try parameters.int("max_depth", in: 1...30, default: 4)!, limit = try parameters.int("limit", in: 1...maxPaths, default: 100)!
            let (paths, truncated) = try store.simplePaths(
                from: from, to: to, direction: direction, maxDepth: depth, limit: limit, filter: filter, deadline: deadline)
            return (paths, truncated, truncated && paths.count < limit && deadline.hasPassed)
        }
        let k = try parameters.int("k", in: 1...maxK, default: 1)!
        let (paths, stopped) = try store.shortestPaths(
            from: from, to: to, direction: direction, weight: Weight(parsing: parameters.string("weight") ?? "hops"), k: k,
            filter: filter, deadline: deadline)
        return (paths, stopped ? true : nil, stopped)
    }

    static func tiers(_ store: GraphStore, _ parameters: Parameters, direction: Direction) throws -> Tiers {
        let root = try store.resolveNode(try parameters.required("id")).id
        let depth = direction == .any
            ? try parameters.int("hops", in: 1...6, default: 1) : try parameters.int("depth", in: 1...1_000)
        return try store.tiers(of: root, direction: direction, depth: depth, filter: try parameters.filterArguments.filter(in: store))
    }

    static func chokepoints(_ store: GraphStore, _ parameters: Parameters) throws -> ChokepointReport {
        let root = try store.resolveNode(try parameters.required("id")).id
        let kind = parameters.string("of")
        if let kind { try store.validateNodeKind(kind) }
        return try store.chokepoints(
            of: root, groupingBy: parameters.string("by").map(NodeField.init(parsing:)), ofKind: kind,
            filter: try parameters.filterArguments.filter(in: store))
    }

    static func impact(_ store: GraphStore, _ parameters: Parameters) throws -> ImpactReport {
        try store.impact(
            removing: parameters.list("remove"), removingWhere: parameters.all("remove_where"), ofKind: parameters.string("of"),
            filter: try parameters.filterArguments.filter(in: store))
    }

    static func exposure(_ store: GraphStore, _ parameters: Parameters) throws -> ExposureReport {
        try store.exposure(of: try store.resolveNode(try parameters.required("id")).id, filter: try parameters.filterArguments.filter(in: store))
    }
}

extension GraphItem {
    /// `node`, `edge` or `source`.
    var kindName: String {
        switch self {
        case .node: return "node"
        case .edge: return "edge"
        case .source: return "source"
        }
    }
}
