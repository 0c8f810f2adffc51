/// What an export carries besides nodes and edges, so that `tiergraph import` of it restores the
/// graph: the edge kinds (name, flow, description) and the sources.
///
/// The rule: an export of the whole graph (no selection, no filter) carries every kind and every
/// source, those that nothing uses or cites included; an export of a selection carries the kinds
/// its edges use and the sources its nodes, claims and edges cite.
public struct ExportCatalogue: Equatable, Sendable {
    /// Edge kinds, built-in ones first, then by name.
    public var kinds: [EdgeKind]
    /// Sources, by id.
    public var sources: [Source]

    public init(kinds: [EdgeKind] = [], sources: [Source] = []) {
        self.kinds = kinds
        self.sources = sources
    }
}

extension GraphStore {
    /// The kinds and sources an export of `selection` carries (see ``ExportCatalogue``).
    public func catalogue(of selection: GraphSelection) throws -> ExportCatalogue {
        try catalogue(whole: selection.isWholeGraph, kindsUsed: Set(selection.edges.map(\.kind)), sourcesCited: Set(selection.citedSources))
    }

    /// Every kind and source when `whole`, else the kinds in `kindsUsed` and the sources in `sourcesCited`.
    func catalogue(whole: Bool, kindsUsed: Set<String>, sourcesCited: Set<String>) throws -> ExportCatalogue {
        let kinds = try edgeKinds().filter { whole || kindsUsed.contains($0.name) }
        let sources = try allSources().filter { whole || sourcesCited.contains($0.id) }
        return ExportCatalogue(kinds: kinds, sources: sources)
    }
}
