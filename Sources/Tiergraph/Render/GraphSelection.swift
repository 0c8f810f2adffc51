/// What to draw or export: the whole graph, or the part around a question.
public enum Focus: Sendable, Equatable {
    /// Every node and edge that passes the filter.
    case all
    /// Nodes within `hops` edges of a node, either direction.
    case around(String, hops: Int)
    /// The shortest path(s) from one node to another.
    case path(from: String, to: String, direction: Direction = .downstream, weight: Weight = .hops, k: Int = 1)
    /// A node and everything upstream of it (within `depth` tiers, if given).
    case upstream(String, depth: Int?)
    /// A node and everything downstream of it.
    case downstream(String, depth: Int?)
}


/// A selected part of the graph, ready to draw or export: nodes sorted by id, edges by id (or in
/// the order they were stored, for the exports that keep it).
public struct GraphSelection: Sendable {
    public var nodes: [Node]
    public var edges: [Edge]
    /// Each node's supply tier relative to the focus node (negative upstream), for upstream,
    /// downstream and path selections; nodes of one tier are drawn on one rank.
    public var tiers: [String: Int]
    /// The nodes of the asked-for paths, drawn highlighted.
    public var highlightedNodes: Set<String>
    /// The edge ids of each asked-for path, best first: each path is drawn in a colour of its own.
    public var highlightedPaths: [[String]]
    /// A one-line description of the selection, used as a title.
    public var title: String
    /// What a diff added, removed or changed among the drawn nodes and edges (drawn marked).
    public var marks = ChangeMarks()
    /// Whether this is the whole graph: no focus, no filter, isolated nodes kept. Its exports
    /// carry every edge kind and source (see ``ExportCatalogue``).
    public var isWholeGraph = false

    /// The title of a selection of the whole graph.
    public static let wholeGraphTitle = "Tiergraph: whole graph"

    /// The title of the whole graph under `filter`: "whole graph" only when nothing is filtered.
    public static func title(of filter: QueryFilter) -> String {
        let conditions = describe(filter)
        return conditions.isEmpty ? wholeGraphTitle : "Tiergraph: " + conditions
    }

    /// What a filter keeps, in words (`edge kinds designs, supplies; as of 2025`); empty without one.
    static func describe(_ filter: QueryFilter) -> String {
        var parts: [String] = []
        if let kinds = filter.nodeKinds { parts.append("node kinds " + kinds.sorted().joined(separator: ", ")) }
        if let kinds = filter.edgeKinds { parts.append("edge kinds " + kinds.sorted().joined(separator: ", ")) }
        if let date = filter.asOf { parts.append("as of \(date)") }
        if let source = filter.source { parts.append("citing \(source)") }
        if !filter.avoid.isEmpty { parts.append("avoiding " + filter.avoid.sorted().joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}

extension GraphStore {
    /// Selects the nodes and edges for `focus` under `filter`. Edges are those between selected
    /// nodes that pass the filter (for a path: the path's edges). Node-kind filters keep only
    /// nodes of those kinds, except the focus nodes themselves.
    ///
    /// Reads the file as it goes (the file-backed walks of ``closure(of:direction:depth:filter:)``
    /// and ``shortestPath(from:to:direction:filter:)``), so drawing a small part of a big graph
    /// costs what that part costs; only weighted or k-shortest paths load the whole graph.
    ///
    /// Titles name the nodes they are about and say what the filter keeps. Without
    /// `includeIsolated`, a selection of the whole graph leaves out the nodes that no selected
    /// edge touches (an overview filtered to some edge kinds would otherwise stack them in a
    /// column); exports keep them. With `storedOrder`, edges come in the order they were stored
    /// (see ``forEachEdge(filter:ids:storedOrder:_:)``), as data exports list them.
    public func select(
        _ focus: Focus, filter: QueryFilter = QueryFilter(), includeIsolated: Bool = true, storedOrder: Bool = false
    ) throws -> GraphSelection {
        try connection.reading {
            var nodeIDs: [String] = []
            var pathEdges: [String]?
            var tiers: [String: Int] = [:]
            var highlightedNodes: Set<String> = [], highlightedPaths: [[String]] = []
            var title: String
            switch focus {
            case .all:
                var nodes: [Node] = [], edges: [Edge] = []
                try forEachNode(filter: filter) { nodes.append($0) }
                try forEachEdge(filter: filter, storedOrder: storedOrder) { edges.append($0) }
                if !includeIsolated {
                    let touched = Set(edges.flatMap { [$0.source, $0.target] })
                    nodes.removeAll { !touched.contains($0.id) }
                }
                return GraphSelection(
                    nodes: nodes, edges: edges, tiers: [:], highlightedNodes: [], highlightedPaths: [], title: GraphSelection.title(of: filter),
                    isWholeGraph: includeIsolated && GraphSelection.describe(filter).isEmpty)
            case .around(let id, let hops):
                // No tiers: a neighbourhood mixes suppliers and buyers, and the layout ranks them by flow.
                nodeIDs = [id] + (try closure(of: id, direction: .any, depth: hops, filter: filter)).map(\.id)
                title = "Within \(hops) edge(s) of \(try named(id))"
            case .path(let from, let to, let direction, let weight, let k):
                let paths = try shortestPaths(from: from, to: to, direction: direction, weight: weight, k: k, filter: filter).paths
                guard !paths.isEmpty else { throw QueryError("no path from \(from) to \(to) under these filters") }
                nodeIDs = paths.flatMap(\.nodes)
                pathEdges = paths.flatMap(\.edges)
                // Every path is highlighted; the first (the shortest) sets the ranks.
                highlightedNodes = Set(paths.flatMap(\.nodes))
                highlightedPaths = paths.map(\.edges)
                for (offset, id) in paths[0].nodes.enumerated() { tiers[id] = offset }
                title = (paths.count == 1 ? "Path from " : "\(paths.count) shortest paths from ") + "\(try named(from)) to \(try named(to))"
            case .upstream(let id, let depth), .downstream(let id, let depth):
                let upstream: Bool
                if case .upstream = focus { upstream = true } else { upstream = false }
                let reached = try closure(of: id, direction: upstream ? .upstream : .downstream, depth: depth, filter: filter)
                nodeIDs = [id] + reached.map(\.id)
                for node in reached { tiers[node.id] = upstream ? -node.tier : node.tier }
                tiers[id] = 0
                title = upstream ? "What \(try named(id)) depends on" : "What depends on \(try named(id))"
            }
            let conditions = GraphSelection.describe(filter)
            if !conditions.isEmpty { title += " (\(conditions))" }
            let selected = Set(nodeIDs)
            let edgeIDs = try pathEdges ?? edgeIDs(among: selected, filter: filter)
            var nodes: [Node] = [], edges: [Edge] = []
            try forEachNode(ids: Array(selected)) { nodes.append($0) }
            try forEachEdge(ids: edgeIDs, storedOrder: storedOrder) { edges.append($0) }  // `IN` lists each edge once
            return GraphSelection(
                nodes: nodes, edges: edges, tiers: tiers, highlightedNodes: highlightedNodes,
                highlightedPaths: highlightedPaths, title: title)
        }
    }
}

extension GraphSelection {
    /// The ids of the sources its nodes, their claims and its edges cite, sorted.
    public var citedSources: [String] {
        Set(nodes.flatMap { $0.citations.map(\.source) + $0.claims.compactMap(\.citation?.source) } + edges.flatMap { $0.citations.map(\.source) })
            .sorted()
    }
}

extension GraphStore {
    /// `Name (id)`, or the id alone when the node's name is the id.
    func named(_ id: String) throws -> String {
        let name = try names(ofNodes: [id])[id] ?? id
        return name == id || name.isEmpty ? id : "\(name) (\(id))"
    }
}
