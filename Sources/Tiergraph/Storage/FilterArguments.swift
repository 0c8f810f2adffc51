/// A query's filters as a person gives them, on a command line or in a URL: kind lists, nodes by
/// id, name or alias, a date as text. ``filter(in:)`` checks and resolves them into a
/// ``QueryFilter``; the command line and the server both go through it.
public struct FilterArguments: Sendable, Equatable {
    /// Edge kinds; each item may itself hold several, comma-separated.
    public var edgeKinds: [String]
    /// Node kinds; each item may itself hold several, comma-separated.
    public var nodeKinds: [String]
    /// Nodes never to pass through (ids, names or aliases).
    public var avoid: [String]
    /// A date, `YYYY[-MM[-DD]]`.
    public var asOf: String?
    /// A source id.
    public var source: String?
    /// Modalities to count beyond the default ones (`forecast`, `rumour`); comma-separated items allowed.
    public var include: [String]

    public init(
        edgeKinds: [String] = [], nodeKinds: [String] = [], avoid: [String] = [], asOf: String? = nil,
        source: String? = nil, include: [String] = []
    ) {
        self.edgeKinds = edgeKinds
        self.nodeKinds = nodeKinds
        self.avoid = avoid
        self.asOf = asOf
        self.source = source
        self.include = include
    }

    /// The filter, with the nodes to avoid resolved through `store`.
    /// - Throws: ``GraphStoreError/nodeNotFound(reference:suggestions:)`` for a node that is not
    ///   there, ``ValueError`` for a bad date or an unknown modality (naming the valid ones),
    ///   ``QueryError`` for an edge or node kind the graph does not have (naming the ones it has).
    public func filter(in store: GraphStore) throws -> QueryFilter {
        var modalities = Modality.counted
        for name in FilterArguments.items(include) ?? [] { modalities.insert(try Modality(validating: name)) }
        let filter = QueryFilter(
            edgeKinds: FilterArguments.items(edgeKinds), nodeKinds: FilterArguments.items(nodeKinds),
            avoid: Set(try avoid.map { try store.resolveNode($0).id }),
            asOf: try asOf.map { text throws(ValueError) in try PartialDate(parsing: text) }, source: source, include: modalities)
        // Checked here too, not only by the queries: a whole-graph export streams without them.
        try store.validate(filter)
        return filter
    }

    /// The non-empty items of `values`, each split at commas; `nil` when there are none.
    public static func items(_ values: [String]) -> Set<String>? {
        let items = values.flatMap { $0.split(separator: ",") }.map { String($0) }.filter { !$0.isEmpty }
        return items.isEmpty ? nil : Set(items)
    }
}
