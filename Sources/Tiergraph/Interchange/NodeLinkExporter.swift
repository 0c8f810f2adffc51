/// Writes a selection as node-link JSON, the format `networkx.node_link_graph` reads with its
/// defaults in every version: the edges are written twice, under `"links"` (the default key of
/// networkx 2.x and 3.0–3.5) and under `"edges"` (3.6 and later). Tiergraph's importer reads one
/// (both must then be equal).
///
/// The graph is a directed multigraph; each edge's `key` is its id. The graph's attributes
/// (networkx's `G.graph`) are `name`, `edge_kinds` (`[{"name","flow","description","builtin"}]`)
/// and `sources` (`[{"id","title","publisher","date","url"}]`): see ``ExportCatalogue``. Node keys: `id`, `kind`,
/// `name`, `aliases`, `country`, `citations`, `claims` (see ``PropertyClaim/json``); edge keys: `id`, `key`, `source`, `target`, `kind`,
/// `share` (a number, or an object with its bounds and wording for a range or a qualified share:
/// see ``Share/boundsJSON``), `volume` (the same), `unit`, `valid_from`, `valid_to`, `as_of`,
/// `status`, `modality`, `claimant`, `share_of`, `citations`. Properties become further keys with their JSON types (a property
/// named like one of those keys is not exported). Re-importing the file gives the same graph.
public enum NodeLinkExporter {
    static let nodeKeys: Set<String> = ["id", "kind", "name", "aliases", "country", "citations", "claims"]
    static let edgeKeys: Set<String> = Set(["id", "key", "source", "target", "kind", "input", "share", "volume", "unit",
                                        "valid_from", "valid_to", "citations", "flow"]).union(EdgeQualifierFields.names)

    /// The document for `selection`, carrying the kinds and sources of `catalogue`.
    public static func document(_ selection: GraphSelection, catalogue: ExportCatalogue) -> JSONValue {
        let nodes: [JSONValue] = selection.nodes.map { node in
            var object = node.properties.filter { !nodeKeys.contains($0.key) }
            object["id"] = .string(node.id)
            object["kind"] = .string(node.kind)
            object["name"] = .string(node.name)
            if !node.aliases.isEmpty { object["aliases"] = .array(node.aliases.map(JSONValue.string)) }
            if let country = node.country { object["country"] = .string(country) }
            if !node.citations.isEmpty { object["citations"] = .array(node.citations.map(\.json)) }
            if !node.claims.isEmpty { object["claims"] = .array(node.claims.map(\.json)) }
            return .object(object)
        }
        let edges: [JSONValue] = selection.edges.map { edge in
            var object = edge.properties.filter { !edgeKeys.contains($0.key) }
            object["id"] = .string(edge.effectiveID)
            object["key"] = .string(edge.effectiveID)
            object["source"] = .string(edge.source)
            object["target"] = .string(edge.target)
            object["kind"] = .string(edge.kind)
            if let input = edge.input { object["input"] = .string(input) }
            if let share = edge.share { object["share"] = share.interchangeJSON }
            if let volume = edge.volume {
                object["volume"] = volume.interchangeJSON
                if let unit = volume.unit { object["unit"] = .string(unit) }
            }
            for (name, value) in zip(EdgeQualifierFields.names, EdgeQualifierFields.values(of: edge)) {
                if let value { object[name] = .string(value) }
            }
            if let from = edge.period.from { object["valid_from"] = .string(from.description) }
            if let to = edge.period.to { object["valid_to"] = .string(to.description) }
            if !edge.citations.isEmpty { object["citations"] = .array(edge.citations.map(\.json)) }
            return .object(object)
        }
        let graph: JSONValue = [
            "name": .string(selection.title), "edge_kinds": .array(catalogue.kinds.map(\.json)), "sources": .array(catalogue.sources.map(\.json)),
        ]
        return ["directed": true, "multigraph": true, "graph": graph, "nodes": .array(nodes), "links": .array(edges), "edges": .array(edges)]
    }
}
