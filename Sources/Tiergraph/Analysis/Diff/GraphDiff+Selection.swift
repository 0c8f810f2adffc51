extension GraphDiff {
    /// The changed part of the graph, to draw: every node and edge added, removed or changed
    /// (claims and citations mark their node or edge as changed), with the ends of those edges
    /// for context, marked (``ChangeMarks``). Added and changed items are read from `new`,
    /// removed ones from `old`.
    public func selection(old: GraphStore, new: GraphStore) throws -> GraphSelection {
        var marks = ChangeMarks()
        for item in self[.nodes].added { marks.nodes[item.key] = .added }
        for item in self[.nodes].removed { marks.nodes[item.key] = .removed }
        for change in self[.nodes].changed { marks.nodes[change.key] = .changed }
        for item in self[.edges].added { marks.edges[item.key] = .added }
        for item in self[.edges].removed { marks.edges[item.key] = .removed }
        for change in self[.edges].changed { marks.edges[change.key] = .changed }
        for part in [Part.claims, .nodeCitations, .edgeCitations] {
            let section = self[part]
            let fields = section.added.map(\.fields) + section.removed.map(\.fields)
            for field in fields.joined() {
                guard case .string(let id) = field.value else { continue }
                if field.name == "node" && marks.nodes[id] == nil { marks.nodes[id] = .changed }
                if field.name == "edge" && marks.edges[id] == nil { marks.edges[id] = .changed }
            }
            for change in section.changed {
                let id = String(change.key.prefix { $0 != " " })
                if part == .edgeCitations { marks.edges[id] = marks.edges[id] ?? .changed } else { marks.nodes[id] = marks.nodes[id] ?? .changed }
            }
        }
        var edges: [Edge] = []
        for (id, mark) in marks.edges.sorted(by: { $0.key < $1.key }) {
            guard let edge = try (mark == .removed ? old : new).edge(id: id) ?? old.edge(id: id) else { continue }
            edges.append(edge)
        }
        var nodeIDs = Set(marks.nodes.keys)
        for edge in edges { nodeIDs.formUnion([edge.source, edge.target]) }
        var nodes: [Node] = []
        for id in nodeIDs.sorted() {
            guard let node = try (marks.nodes[id] == .removed ? old : new).node(id: id) ?? old.node(id: id) else { continue }
            nodes.append(node)
        }
        var selection = GraphSelection(
            nodes: nodes, edges: edges, tiers: [:], highlightedNodes: [], highlightedPaths: [],
            title: "Tiergraph: changes from \(self.old) to \(self.new)")
        selection.marks = marks
        return selection
    }
}
