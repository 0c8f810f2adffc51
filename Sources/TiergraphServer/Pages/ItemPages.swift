import Tiergraph

/// The pages about things in the graph: the start page, search results, a node, an edge, a
/// source, the list of sources.
enum ItemPages {
    /// Edges are counted by kind on the start page up to this many (beyond, the count sorts
    /// every edge, see BENCHMARKS.md; `tiergraph stats` still gives it).
    static let edgeKindCountLimit = 200_000

    static func home(_ store: GraphStore) throws -> Page {
        let nodesByKind = try store.nodeCountsByKind(), edges = try store.edgeCount()
        let nodes = nodesByKind.values.reduce(0, +)
        var body = "<h1>Tiergraph</h1>\n<p>\(nodes) nodes and \(edges) edges. Search a company, a chip or a cloud provider by name or alias, in any script, or open the " + HTML.link("/sources", "sources") + ".</p>\n"
        body += "<div class=\"columns\">\n<section><h2>Nodes by kind</h2>\n"
        body += HTML.table(["kind", "nodes"], nodesByKind.sorted { $0.key < $1.key }.map { [HTML.text($0.key), String($0.value)] })
        body += "</section>\n"
        if edges <= edgeKindCountLimit {
            body += "<section><h2>Edges by kind</h2>\n"
            body += HTML.table(["kind", "edges"], try store.statistics().edgesByKind.sorted { $0.key < $1.key }.map { [HTML.text($0.key), String($0.value)] })
            body += "</section>\n"
        }
        return Page(title: "Start", body: body + "</div>\n")
    }

    static func search(_ store: GraphStore, _ parameters: Parameters) throws -> Page {
        let query = parameters.string("q") ?? ""
        let limit = try parameters.int("limit", in: 1...500, default: 50)!
        let nodes = query.isEmpty ? [] : try store.find(query, limit: limit)
        var body = "<h1>Search</h1>\n"
        if query.isEmpty {
            body += "<p>Type a name, an alias or an id: Chinese works in Traditional and Simplified characters.</p>\n"
        } else if nodes.isEmpty {
            body += "<p class=\"empty\">No node's id, name or alias contains “\(HTML.text(query))”.</p>\n"
        } else {
            body += "<p>\(nodes.count) node(s) for “\(HTML.text(query))”, best matches first.</p>\n"
            body += HTML.table(["node", "kind", "id", "country", "aliases"], nodes.map {
                [HTML.node($0.id, $0.name), HTML.text($0.kind), "<code>\(HTML.text($0.id))</code>", HTML.text($0.country ?? ""),
                 HTML.text($0.aliases.joined(separator: ", "))]
            }, id: "results")
        }
        return Page(title: query.isEmpty ? "Search" : "Search: \(query)", body: body, query: query)
    }

    /// The page of whatever `reference` names: a node, an edge or a source.
    static func item(_ store: GraphStore, _ reference: String) throws -> Page {
        switch try store.item(reference) {
        case .node(let node, let outgoing, let incoming): return try self.node(node, outgoing: outgoing, incoming: incoming, store)
        case .edge(let edge, let source, let target): return self.edge(edge, source: source, target: target)
        case .source(let usage): return try source(usage, store)
        }
    }

    private static func node(_ node: Node, outgoing: [Edge], incoming: [Edge], _ store: GraphStore) throws -> Page {
        let names = try store.names(ofNodes: Array(Set((outgoing.map(\.target) + incoming.map(\.source)))))
        let id = node.id
        var body = "<h1 id=\"node-name\">\(HTML.text(node.name))</h1>\n<p class=\"facts\"><code>\(HTML.text(id))</code> · \(HTML.text(node.kind))"
        if let country = node.country { body += " · " + HTML.text(country) }
        body += "</p>\n"
        if !node.aliases.isEmpty { body += "<p>Also: " + HTML.text(node.aliases.joined(separator: ", ")) + "</p>\n" }
        body += "<nav class=\"actions\">" + [
            HTML.link(HTML.url("/tiers", [("id", id), ("direction", "upstream")]), "Upstream tiers"),
            HTML.link(HTML.url("/tiers", [("id", id), ("direction", "downstream")]), "Downstream tiers"),
            HTML.link(HTML.url("/diagram", [("around", id)]), "Diagram"),
            HTML.link(HTML.url("/diagram", [("upstream", id), ("depth", "3")]), "Diagram upstream"),
            HTML.link(HTML.url("/chokepoints", [("id", id)]), "Chokepoints"),
            HTML.link(HTML.url("/whatif", [("remove", id)]), "What if it is removed?"),
            HTML.link(HTML.url("/claims", [("id", id)]), "Claims over time"),
            HTML.link(HTML.url("/path", [("from", id)]), "Path from here"),
        ].joined(separator: " ") + "</nav>\n"
        if !node.properties.isEmpty {
            body += "<h2>Properties</h2>\n" + HTML.table(["property", "value"], node.properties.sorted { $0.key < $1.key }.map {
                [HTML.text($0.key), HTML.text($0.value.serialized())]
            })
        }
        if !node.claims.isEmpty {
            body += "<h2>Claims</h2>\n" + HTML.table(["key", "value", "as of", "qualifiers", "source"], node.claims.map(claimRow))
        }
        if !node.citations.isEmpty { body += "<h2>Sources</h2>\n" + node.citations.map(HTML.citation).joined(separator: "\n") + "\n" }
        for (title, edges, outward) in [("Out", outgoing, true), ("In", incoming, false)] {
            body += "<h2>\(title) (\(edges.count))</h2>\n"
            let (rows, note) = QuestionPages.capped(edges, api: HTML.url("/api/node", [("id", id)])) { edge in
                let other = outward ? edge.target : edge.source
                return [HTML.node(other, names[other]), HTML.text(edge.factPhrases.joined(separator: " ")),
                        edge.citations.map(HTML.citation).joined(), HTML.link(HTML.url("/edge", [("id", edge.effectiveID)]), "edge")]
            }
            body += HTML.table([outward ? "to" : "from", "facts", "sources", "edge"], rows, id: outward ? "outgoing" : "incoming") + note
        }
        return Page(title: node.name, body: body)
    }

    static func claimRow(_ claim: PropertyClaim) -> [String] {
        let qualifiers = [claim.modality?.rawValue, claim.claimant.map { "claimed by " + $0 }].compactMap { $0 }.joined(separator: ", ")
        return [HTML.text(claim.key), HTML.text(claim.value + (claim.unit.map { claim.value.hasSuffix($0) ? "" : " " + $0 } ?? "")),
                HTML.text(claim.asOf?.description ?? ""), HTML.text(qualifiers), claim.citation.map(HTML.citation) ?? ""]
    }

    private static func edge(_ edge: Edge, source: Node?, target: Node?) -> Page {
        var body = "<h1>Edge</h1>\n<p class=\"facts\">" + HTML.node(edge.source, source?.name) + " → " + HTML.node(edge.target, target?.name) + "</p>\n"
        body += "<p>" + HTML.text(edge.factPhrases.joined(separator: " ")) + "</p>\n<p><code>\(HTML.text(edge.effectiveID))</code></p>\n"
        if !edge.properties.isEmpty {
            body += HTML.table(["property", "value"], edge.properties.sorted { $0.key < $1.key }.map { [HTML.text($0.key), HTML.text($0.value.serialized())] })
        }
        body += "<h2>Sources</h2>\n" + (edge.citations.isEmpty ? "<p class=\"empty\">No source cited.</p>\n" : edge.citations.map(HTML.citation).joined(separator: "\n") + "\n")
        return Page(title: "\(edge.source) → \(edge.target)", body: body)
    }

    private static func source(_ usage: SourceUsage, _ store: GraphStore) throws -> Page {
        let source = usage.source
        var body = "<h1>\(HTML.text(source.title ?? source.id))</h1>\n<p class=\"facts\"><code>\(HTML.text(source.id))</code>"
        body += [source.publisher, source.date?.description].compactMap { $0 }.map { " · " + HTML.text($0) }.joined() + "</p>\n"
        if let url = source.url, url.hasPrefix("http://") || url.hasPrefix("https://") {
            body += "<p>" + HTML.link(url, url) + "</p>\n"
        } else if let url = source.url {
            body += "<p>" + HTML.text(url) + "</p>\n"
        }
        let api = HTML.url("/api/source", [("id", source.id)]), limit = QuestionPages.maxRows
        let names = try store.names(ofNodes: Array(usage.nodes.prefix(limit)))
        let (nodes, nodesNote) = QuestionPages.capped(usage.nodes, api: api) { [HTML.node($0, names[$0])] }
        body += "<h2>Nodes citing it (\(usage.nodes.count))</h2>\n<ul>" + nodes.map { "<li>" + $0.joined() + "</li>" }.joined() + "</ul>\n" + nodesNote
        body += "<h2>Edges citing it (\(usage.edges.count))</h2>\n"
        let edges = try store.edges(withIDs: Array(usage.edges.prefix(limit)))
        let ends = try store.names(ofNodes: Array(Set(edges.values.flatMap { [$0.source, $0.target] })))
        let (rows, rowsNote) = QuestionPages.capped(usage.edges, api: api) { id in
            edges[id].map { edge in
                [HTML.node(edge.source, ends[edge.source]), HTML.node(edge.target, ends[edge.target]),
                 HTML.link(HTML.url("/edge", [("id", edge.effectiveID)]), edge.factPhrases.joined(separator: " ")),
                 edge.citations.filter { $0.source == source.id }.compactMap(\.quote).map { "<blockquote>\(HTML.text($0))</blockquote>" }.joined()]
            } ?? []
        }
        body += HTML.table(["from", "to", "facts", "quote"], rows.filter { !$0.isEmpty }) + rowsNote
        return Page(title: source.title ?? source.id, body: body)
    }

    static func sources(_ store: GraphStore) throws -> Page {
        let usage = try store.sourceUsage()
        let body = "<h1>Sources (\(usage.count))</h1>\n" + HTML.table(["source", "title", "publisher", "date", "cited by"], usage.map {
            [HTML.source($0.source.id), HTML.text($0.source.title ?? ""), HTML.text($0.source.publisher ?? ""),
             HTML.text($0.source.date?.description ?? ""), "\($0.nodes.count) node(s), \($0.edges.count) edge(s)"]
        })
        return Page(title: "Sources", body: body)
    }
}
