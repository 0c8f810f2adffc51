extension GraphStore {
    /// Removes the node that `reference` names (id, name or alias), with its aliases and citations.
    ///
    /// - Parameter cascade: also remove the node's edges; without it, a node with edges is kept
    ///   and ``GraphStoreError/nodeHasEdges(id:count:)`` is thrown.
    /// - Returns: the id of the removed node and the number of edges removed with it.
    @discardableResult
    public func removeNode(_ reference: String, cascade: Bool = false) throws -> (id: String, edgesRemoved: Int) {
        let node = try resolveNode(reference)
        return try recordedWrite {
            let nid = try connection.scalar("SELECT nid FROM nodes WHERE id = ?", [.text(node.id)])?.int64 ?? 0
            let count = Int(try connection.scalar(
                "SELECT count(*) FROM edges WHERE source = ?1 OR target = ?1", [.integer(nid)])?.int64 ?? 0)
            if count > 0 {
                guard cascade else { throw GraphStoreError.nodeHasEdges(id: node.id, count: count) }
                try connection.run("DELETE FROM edges WHERE source = ?1 OR target = ?1", [.integer(nid)])
            }
            try connection.run("DELETE FROM nodes WHERE nid = ?", [.integer(nid)])
            return (node.id, count)
        }
    }

    /// Removes the edge with this id, with its citations.
    public func removeEdge(id: String) throws {
        try recordedWrite {
            try connection.run("DELETE FROM edges WHERE id = ?", [.text(id)])
            if connection.changes == 0 { throw GraphStoreError.edgeNotFound(id: id) }
        }
    }
}
