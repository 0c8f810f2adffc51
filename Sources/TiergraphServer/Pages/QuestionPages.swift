import Tiergraph

/// The pages that ask the graph a question: the path finder, tiers, chokepoints, the what-if.
/// Each is a form over the same parameters as its `/api/` route, and the answer under it.
enum QuestionPages {
    /// The most rows a page lists in one table: a page of a million rows helps nobody and takes a
    /// browser minutes. The JSON API has them all.
    static let maxRows = 2_000

    /// The first ``maxRows`` of `rows`, and a line saying how many more the JSON has.
    static func capped<T>(_ rows: [T], api: String, _ row: (T) -> [String]) -> (rows: [[String]], note: String) {
        guard rows.count > maxRows else { return (rows.map(row), "") }
        return (rows.prefix(maxRows).map(row),
                "<p class=\"note\">The first \(maxRows) of \(rows.count) are shown; " + HTML.link(api, "the JSON") + " has them all.</p>\n")
    }

    /// The filter fields every question form shows.
    static func filterFields(_ parameters: Parameters) -> [String] {
        [HTML.input("avoid", "avoid", value: parameters.list("avoid").joined(separator: ", "), placeholder: "nodes, comma-separated"),
         HTML.input("as_of", "as of", value: parameters.string("as_of"), placeholder: "YYYY[-MM[-DD]]")]
    }

    static func pathFinder(_ store: GraphStore, _ parameters: Parameters) throws -> Page {
        let from = parameters.string("from"), to = parameters.string("to")
        var body = "<h1>Path finder</h1>\n<p>How goods get from one node to another, following each edge kind's supply direction (tick “any direction” for how they are connected at all).</p>\n"
        body += HTML.form("/path", id: "path-form", [
            HTML.input("from", "from", value: from, placeholder: "tsmc"), HTML.input("to", "to", value: to, placeholder: "csp:china"),
            HTML.input("k", "paths", value: parameters.string("k") ?? "3"),
            HTML.checkbox("any_direction", "any direction", checked: try parameters.flag("any_direction")),
        ] + filterFields(parameters), submit: "Find paths")
        guard from != nil, to != nil else { return Page(title: "Path finder", body: body) }
        let (paths, _, timedOut) = try Site.findPaths(store, parameters, simple: false)
        let edges = try store.edges(withIDs: paths.flatMap(\.edges))
        let names = try store.names(ofNodes: Array(Set(paths.flatMap(\.nodes))))
        if paths.isEmpty {
            body += "<p class=\"empty\" id=\"no-path\">No path from \(HTML.text(from!)) to \(HTML.text(to!)) under these filters\(timedOut ? " (the search stopped at its time limit)" : "").</p>\n"
            return Page(title: "Path finder", body: body)
        }
        body += "<section id=\"paths\">\n"
        for (number, path) in paths.enumerated() {
            body += "<h2>Path \(number + 1): \(path.edges.count) edge(s)</h2>\n<ol class=\"path\">\n"
            for (offset, id) in path.edges.enumerated() {
                guard let edge = edges[id] else { continue }
                let (a, b) = (path.nodes[offset], path.nodes[offset + 1])
                body += "<li>" + HTML.node(a, names[a]) + (edge.source == a ? " → " : " ← ") + HTML.node(b, names[b])
                    + " <span class=\"facts\">" + HTML.text(edge.factPhrases.joined(separator: " ")) + "</span>"
                    + edge.citations.map(HTML.citation).joined() + "</li>\n"
            }
            body += "</ol>\n"
        }
        // The same question drawn: every parameter but the search's time limit, which drawing has not.
        let drawing = HTML.url("/diagram", [], keeping: parameters, excluding: ["timeout"])
        body += "</section>\n<p>" + HTML.link(drawing, "Draw these paths") + "</p>\n"
        return Page(title: "Path finder", body: body)
    }

    static func tiers(_ store: GraphStore, _ parameters: Parameters) throws -> Page {
        let direction = try parameters.choice("direction", ["upstream", "downstream"], default: "upstream")
        let tiers = try Site.tiers(store, parameters, direction: direction == "upstream" ? .upstream : .downstream)
        var body = "<h1>\(direction == "upstream" ? "Upstream of" : "Downstream of") \(HTML.node(tiers.root, tiers.names[tiers.root]))</h1>\n"
        // A diagram draws at most 100 tiers (and 1,500 nodes: a deep walk may be refused there).
        let depth = min(try parameters.int("depth", in: 1...1_000) ?? 3, 100)
        let drawing = HTML.url("/diagram", [(direction, tiers.root), ("depth", String(depth))], keeping: parameters, excluding: ["id", "direction"])
        body += "<p>\(tiers.nodes.count) node(s). " + HTML.link(drawing, "Draw it") + "</p>\n"
        if let needs = tiers.needs, !needs.isEmpty {
            body += "<h2>What it needs</h2>\n" + HTML.table(["input", "suppliers (alternatives)", "not in force"], needs.map { need in
                [HTML.text((need.gate ? "gate: " : "") + need.input), need.suppliers.map { HTML.node($0, tiers.names[$0]) }.joined(separator: " | "),
                 HTML.text(need.notInForce.joined(separator: ", "))]
            }, id: "needs")
        }
        let api = HTML.url("/api/" + direction, [("id", tiers.root)], keeping: parameters, excluding: ["direction"])
        let (rows, note) = capped(tiers.nodes, api: api) { node in
            [String(node.tier), HTML.node(node.id, tiers.names[node.id]), HTML.text(node.input ?? ""),
             node.viaEdge.map { HTML.link(HTML.url("/edge", [("id", $0)]), "edge") } ?? ""]
        }
        body += "<h2>Tiers</h2>\n" + HTML.table(["tier", "node", "input", "via"], rows, id: "tiers") + note
        return Page(title: "\(direction) of \(tiers.root)", body: body)
    }

    static func chokepoints(_ store: GraphStore, _ parameters: Parameters) throws -> Page {
        let report = try Site.chokepoints(store, parameters)
        let names = try store.names(ofNodes: [report.root])
        var body = "<h1>Chokepoints of \(HTML.node(report.root, names[report.root]))</h1>\n"
        body += HTML.form("/chokepoints", id: "chokepoints-form", [
            "<input type=\"hidden\" name=\"id\" value=\"\(HTML.text(report.root))\">",
            HTML.input("by", "groups by", value: parameters.string("by"), placeholder: "country, kind or a property"),
        ] + filterFields(parameters), submit: "Ask")
        guard report.supplied else {
            body += "<p class=\"empty\">Not supplied under these filters: nothing in force supplies its input(s) \(HTML.text(report.unmetInputs.joined(separator: ", ")))"
                + (report.notInForce.isEmpty ? "" : "; not in force: " + HTML.text(report.notInForce.joined(separator: ", "))) + ".</p>\n"
            return Page(title: "Chokepoints of \(report.root)", body: body)
        }
        body += report.chokepoints.isEmpty
            ? "<p id=\"no-chokepoint\">No single point of failure.</p>\n"
            : HTML.table(["tier", "node", "cuts input(s)", ""], report.chokepoints.map { point in
                [String(point.tier), HTML.node(point.id, point.name), HTML.text(point.inputs.joined(separator: ", ")),
                 HTML.link(HTML.url("/whatif", [("remove", point.id)]), "what if it is removed?")]
            }, id: "chokepoints")
        if let groups = report.groups {
            body += "<h2>Groups by \(HTML.text(parameters.string("by") ?? ""))</h2>\n"
            body += groups.isEmpty ? "<p>No group is a chokepoint on its own.</p>\n" : HTML.table(["group", "members", "cuts input(s)"], groups.map {
                [HTML.text($0.value), HTML.text($0.members.joined(separator: ", ")), HTML.text($0.inputs.joined(separator: ", "))]
            }, id: "groups")
        }
        if !report.disputed.isEmpty { body += "<p class=\"note\">Rests on claims that disagree: \(HTML.text(report.disputed.joined(separator: ", ")))</p>\n" }
        return Page(title: "Chokepoints of \(report.root)", body: body)
    }

    static func whatIf(_ store: GraphStore, _ parameters: Parameters) throws -> Page {
        var body = "<h1>What-if</h1>\n<p>Remove suppliers, a country or a licence, and see who loses all or part of their supply.</p>\n"
        body += HTML.form("/whatif", id: "whatif-form", [
            HTML.input("remove", "remove", value: parameters.list("remove").joined(separator: ", "), placeholder: "tsmc, gov:us (nodes or edge ids)"),
            HTML.input("remove_where", "remove every node with", value: parameters.all("remove_where").first, placeholder: "country=US"),
            HTML.input("of", "report only kind", value: parameters.string("of"), placeholder: "csp"),
        ] + [HTML.input("as_of", "as of", value: parameters.string("as_of"), placeholder: "YYYY[-MM[-DD]]")], submit: "Remove")
        guard !parameters.list("remove").isEmpty || !parameters.all("remove_where").isEmpty else { return Page(title: "What-if", body: body) }
        let report = try Site.impact(store, parameters)
        let api = HTML.url("/api/impact", [], keeping: parameters)
        func table(_ losses: [SupplyLoss], _ header: String, id: String) -> String {
            let (rows, note) = capped(losses, api: api) { loss in
                [String(loss.tier), HTML.node(loss.id, loss.name), HTML.text(loss.inputs.map { input in
                    "\(input.gate ? "gate " : "")\(input.input): lost \(input.lost.count) of \(input.suppliers) (\(input.lost.joined(separator: ", ")))"
                        + (input.shareLost.map { ", \($0.description) of it" } ?? "")
                }.joined(separator: "; "))]
            }
            return HTML.table(["tier", "node", header], rows, id: id) + note
        }
        body += "<p>Removed: " + HTML.text((report.removedNodes + report.removedEdges).joined(separator: ", ")) + "</p>\n"
        body += "<h2>Loses all supply (\(report.losesAll.count))</h2>\n" + table(report.losesAll, "input that failed", id: "loses-all")
        body += "<h2>Loses part of its supply (\(report.losesSome.count))</h2>\n" + table(report.losesSome, "what it lost", id: "loses-some")
        if !report.disputed.isEmpty { body += "<p class=\"note\">Rests on claims that disagree: \(HTML.text(report.disputed.joined(separator: ", ")))</p>\n" }
        return Page(title: "What-if", body: body)
    }
}
