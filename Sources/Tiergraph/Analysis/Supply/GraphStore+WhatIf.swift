extension GraphStore {
    /// ``impact(removingNodes:edges:ofKind:filter:)`` for removals as a person names them:
    /// `references` are nodes (id, name or alias) or edge ids, `conditions` are `FIELD=VALUE`
    /// groups (`country=US`, `kind=foundry`, a property). The command line's `impact` and the
    /// server's what-if both go through it.
    /// - Throws: ``QueryError`` when a reference names both an edge and a node (Tiergraph will not
    ///   guess), ``GraphStoreError/nodeNotFound(reference:suggestions:)`` when it names neither,
    ///   ``ValueError`` for a condition without `=`, and what ``nodeIDs(where:is:)`` throws.
    public func impact(
        removing references: [String], removingWhere conditions: [String] = [], ofKind kind: String? = nil,
        filter: QueryFilter = QueryFilter()
    ) throws -> ImpactReport {
        guard !references.isEmpty || !conditions.isEmpty else { throw ValueError("nothing to remove: name nodes or edges, or a FIELD=VALUE group") }
        if let kind { try validateNodeKind(kind) }
        var nodes: Set<String> = [], edges: [String] = []
        for reference in references {
            let node = try? resolveNode(reference)
            switch (try edge(id: reference) != nil, node) {
            case (true, let node?):
                throw QueryError("'\(reference)' names both an edge and the node \(node.id): Tiergraph will not guess which to remove")
            case (true, nil): edges.append(reference)
            case (false, let node?): nodes.insert(node.id)
            case (false, nil): nodes.insert(try resolveNode(reference).id)
            }
        }
        for condition in conditions {
            guard let equals = condition.firstIndex(of: "=") else {
                throw ValueError("a group to remove is FIELD=VALUE (country=US), not '\(condition)'")
            }
            let field = NodeField(parsing: String(condition[..<equals]))
            nodes.formUnion(try nodeIDs(where: field, is: String(condition[condition.index(after: equals)...])))
        }
        return try impact(removingNodes: nodes.sorted(), edges: edges, ofKind: kind, filter: filter)
    }
}
