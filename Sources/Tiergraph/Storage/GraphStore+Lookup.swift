/// What a reference names: a node with its edges, an edge with its ends, or a source with what
/// cites it. `tiergraph show` and the server's look-up print it.
public enum GraphItem: Sendable {
    case node(Node, outgoing: [Edge], incoming: [Edge])
    case edge(Edge, source: Node?, target: Node?)
    case source(SourceUsage)

    /// `{"node", "outgoing", "incoming"}`, `{"edge", "source_node", "target_node"}` or
    /// `{"source", "nodes", "edges"}`.
    public var json: JSONValue {
        switch self {
        case .node(let node, let outgoing, let incoming):
            return ["node": node.json, "outgoing": .array(outgoing.map(\.json)), "incoming": .array(incoming.map(\.json))]
        case .edge(let edge, let source, let target):
            return ["edge": edge.json, "source_node": source?.json ?? .null, "target_node": target?.json ?? .null]
        case .source(let usage):
            return usage.json
        }
    }
}

extension GraphStore {
    /// The item `reference` names: a node (id, name or alias), else an edge id, else a source id.
    /// - Throws: ``GraphStoreError/nodeNotFound(reference:suggestions:)`` with the node look-up's
    ///   suggestions when it names none of them.
    public func item(_ reference: String) throws -> GraphItem {
        try connection.reading {
            let node: Node
            do {
                node = try resolveNode(reference)
            } catch GraphStoreError.nodeNotFound(let reference, let suggestions) {
                if let edge = try edge(id: reference) {
                    return .edge(edge, source: try self.node(id: edge.source), target: try self.node(id: edge.target))
                }
                if let usage = try usage(ofSource: reference) { return .source(usage) }
                throw GraphStoreError.nodeNotFound(reference: reference, suggestions: suggestions)
            }
            let (outgoing, incoming) = try edges(of: node.id)
            return .node(node, outgoing: outgoing, incoming: incoming)
        }
    }

    /// Each edge kind's flow, by kind name: what drawing needs to orient edges.
    public func flows() throws -> [String: Flow] {
        Dictionary(uniqueKeysWithValues: try edgeKinds().map { ($0.name, $0.flow) })
    }
}

extension GraphStore {
    /// ``find(_:limit:)`` narrowed to the nodes that also meet every one of `conditions`
    /// (`kind=chip`, `hbm_gb>=100`), best matches first, at most `limit`.
    public func find(_ text: String, limit: Int = 50, where conditions: [NodeCondition]) throws -> [Node] {
        guard !conditions.isEmpty else { return try find(text, limit: limit) }
        return try connection.reading {
            let meeting = Set(try nodes(where: conditions).map(\.id))
            return Array(try find(text, limit: Int.max).filter { meeting.contains($0.id) }.prefix(limit))
        }
    }
}
