import Tiergraph

/// What a diagram shows, read from a request: a focus (`upstream=X&depth=3`, `downstream=X`,
/// `around=X&hops=2`, `from=A&to=B&k=3` for paths, or `all=true` for the whole graph), nodes
/// whose neighbourhoods are added (`expand=X`, repeatable: a click on a node), the filters, and
/// `cluster_by`. The page, the downloads and the API all read it the same way.
struct DiagramRequest: Sendable {
    /// The most nodes the viewer draws: beyond, a layout takes long and the picture says nothing.
    static let maxNodes = 1_500
    static let names: Set<String> = Parameters.filterNames.union([
        "around", "hops", "upstream", "downstream", "depth", "from", "to", "k", "weight", "any_direction", "all", "expand", "cluster_by",
    ])

    let parameters: Parameters

    /// Whether the request names something to draw (otherwise the page shows its form only).
    var hasFocus: Bool {
        ["around", "upstream", "downstream", "from", "to"].contains { parameters.string($0) != nil } || ((try? parameters.flag("all")) ?? false)
    }

    /// The focus, with node references resolved through `store`.
    func focus(_ store: GraphStore) throws -> Focus {
        let given = ["around", "upstream", "downstream"].filter { parameters.string($0) != nil }
            + (parameters.string("from") != nil || parameters.string("to") != nil ? ["from/to"] : []) + (try parameters.flag("all") ? ["all"] : [])
        guard given.count <= 1 else { throw RequestError(.badRequest, "choose one of around, upstream, downstream, from/to, all (got \(given.joined(separator: ", ")))") }
        let depth = try parameters.int("depth", in: 1...100)
        if let around = parameters.string("around") {
            return .around(try store.resolveNode(around).id, hops: try parameters.int("hops", in: 1...4, default: 1)!)
        }
        if let upstream = parameters.string("upstream") { return .upstream(try store.resolveNode(upstream).id, depth: depth) }
        if let downstream = parameters.string("downstream") { return .downstream(try store.resolveNode(downstream).id, depth: depth) }
        if given == ["from/to"] {
            return .path(
                from: try store.resolveNode(try parameters.required("from")).id, to: try store.resolveNode(try parameters.required("to")).id,
                direction: try parameters.flag("any_direction") ? .any : .downstream, weight: Weight(parsing: parameters.string("weight") ?? "hops"),
                k: try parameters.int("k", in: 1...Site.maxK, default: 1)!)
        }
        guard try parameters.flag("all") else { throw RequestError(.badRequest, "say what to draw: around, upstream, downstream, from and to, or all=true") }
        let count = try store.nodeCount()
        guard count <= DiagramRequest.maxNodes else { throw tooLarge(count) }
        return .all
    }

    /// The selection to draw, with each `expand` node's neighbours added.
    func selection(_ store: GraphStore) throws -> GraphSelection {
        let filter = try parameters.filterArguments.filter(in: store)
        var selection = try store.select(try focus(store), filter: filter, includeIsolated: false)
        for reference in parameters.all("expand") {
            selection = selection.merging(try store.select(.around(try store.resolveNode(reference).id, hops: 1), filter: filter))
        }
        guard selection.nodes.count <= DiagramRequest.maxNodes else { throw tooLarge(selection.nodes.count) }
        guard !selection.nodes.isEmpty else { throw RequestError(.notFound, "nothing to draw: no node matches the selection and its filters") }
        return selection
    }

    /// The DOT text of `selection` (``selection(_:)``), as `tiergraph render` writes it.
    func dot(_ selection: GraphSelection, _ store: GraphStore) throws -> String {
        let clustering = try parameters.string("cluster_by").map { text -> DOTWriter.Clustering in
            guard let clustering = DOTWriter.Clustering(rawValue: text) else {
                throw RequestError(.badRequest, "parameter 'cluster_by' takes kind or country, not '\(text)'")
            }
            return clustering
        }
        return DOTWriter(clustering: clustering, styles: try store.styleSheet()).write(selection, flows: try store.flows())
    }

    private func tooLarge(_ count: Int) -> RequestError {
        RequestError(.contentTooLarge, "the selection has \(count) nodes; the viewer draws at most \(DiagramRequest.maxNodes): narrow it (a smaller depth or hops, edge or node kinds)")
    }
}
