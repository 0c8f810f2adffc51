extension NodeField {
    /// This field's value on `node` as text (a property as it is written), or nil when the node
    /// has none.
    public func value(of node: Node) -> String? {
        switch self {
        case .id: return node.id
        case .name: return node.name
        case .kind: return node.kind
        case .country: return node.country
        case .property(let name):
            guard let value = node.properties[name] else { return nil }
            if case .string(let text) = value { return text }
            return value.serialized()
        }
    }
}

extension GraphSelection {
    /// The selection with its nodes grouped by `field`: one node per value (of kind `group`, or
    /// by kind of the kind it stands for, so that it is drawn as its members are; named
    /// `VALUE (N nodes)`, its id `group:FIELD=VALUE`), nodes without a value in a group of their
    /// own (`(no country)`), and one edge per pair of groups and edge kind, labelled with how many
    /// edges it stands for (`count`). Edges inside one group are left out. What `--collapse-by`
    /// draws when a selection is too large to read node by node.
    /// - Complexity: O(n + m log m) for n nodes and m edges.
    public func collapsed(by field: NodeField) -> GraphSelection {
        let missing = "(no \(field))"
        func groupID(_ value: String) -> String { "group:\(field)=\(value)" }
        var groupOf: [String: String] = [:], members: [String: Int] = [:]
        for node in nodes {
            let value = field.value(of: node) ?? missing
            groupOf[node.id] = value
            members[value, default: 0] += 1
        }
        var counts: [[String]: Int] = [:]
        for edge in edges {
            guard let from = groupOf[edge.source], let to = groupOf[edge.target], from != to else { continue }
            counts[[from, to, edge.kind], default: 0] += 1
        }
        let groupNodes = members.keys.sorted().map { value in
            Node(id: groupID(value), kind: field == .kind ? value : "group", name: "\(value) (\(members[value]!) node\(members[value]! == 1 ? "" : "s"))",
                 properties: ["members": .int(Int64(members[value]!))])
        }
        let groupEdges = counts.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
            Edge(id: "group-edge:" + key.joined(separator: "|"), source: groupID(key[0]), target: groupID(key[1]), kind: key[2],
                 properties: ["count": .int(Int64(counts[key]!))])
        }
        return GraphSelection(
            nodes: groupNodes, edges: groupEdges, tiers: [:], highlightedNodes: [], highlightedPaths: [],
            title: title + " — by \(field)")
    }
}
