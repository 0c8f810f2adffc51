extension GraphSelection {
    /// This selection with `other`'s nodes and edges added (each once, sorted by id): a diagram
    /// grown by a node's neighbourhood. Tiers, highlights and the title stay this selection's.
    /// - Complexity: O((n + m) log(n + m)) for the nodes and edges of both.
    public func merging(_ other: GraphSelection) -> GraphSelection {
        var merged = self
        let nodeIDs = Set(nodes.map(\.id)), edgeIDs = Set(edges.map(\.effectiveID))
        merged.nodes += other.nodes.filter { !nodeIDs.contains($0.id) }
        merged.edges += other.edges.filter { !edgeIDs.contains($0.effectiveID) }
        merged.nodes.sort { $0.id < $1.id }
        merged.edges.sort { $0.effectiveID < $1.effectiveID }
        return merged
    }
}
