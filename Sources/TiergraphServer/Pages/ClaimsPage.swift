import Tiergraph

/// The claims about a node side by side: its market's shares with every claim and the part it
/// plays (current, superseded, later, excluded, conflicting), the edges that say the same link
/// more than once over time, and its own property claims — each with its sources and quotes.
enum ClaimsPage {
    static func page(_ store: GraphStore, _ parameters: Parameters) throws -> Page {
        let node = try store.resolveNode(try parameters.required("id"))
        let report = try Site.exposure(store, parameters)
        let (outgoing, incoming) = try store.edges(of: node.id)
        let claimEdges = report.marketShares.flatMap { $0.claims.map(\.edge) } + report.uncounted.flatMap { $0.claims.map(\.edge) }
        let edges = try store.edges(withIDs: claimEdges)
        let names = try store.names(ofNodes: Array(Set(outgoing.map(\.target) + incoming.map(\.source) + [node.id])))
        var body = "<h1>Claims about \(HTML.node(node.id, node.name))</h1>\n"
        if let date = report.date { body += "<p>As of \(HTML.text(date.description)).</p>\n" }
        let players = report.marketShares + report.uncounted
        if !players.isEmpty {
            body += "<h2>Market shares</h2>\n"
            if let total = report.marketTotal {
                body += "<p>Total \(HTML.text(percent(total)))" + (report.herfindahl.map { ", HHI \(HTML.text(range($0) { String(Int($0.rounded())) }))" } ?? "") + ".</p>\n"
            }
            body += HTML.table(["player", "counted share", "claim", "part", "as of", "qualifiers", "sources and quotes"], players.flatMap { player in
                player.claims.map { claim in
                    [HTML.node(player.id, names[player.id]) + (player.conflicting ? " <span class=\"warning\">conflicting</span>" : ""),
                     HTML.text(player.share.description), HTML.text(claim.share.description), HTML.text(claim.role.rawValue),
                     HTML.text(claim.time?.description ?? ""),
                     HTML.text([claim.status, claim.modality?.rawValue, claim.claimant.map { "claimed by " + $0 }].compactMap { $0 }.joined(separator: ", ")),
                     (edges[claim.edge]?.citations ?? claim.sources.map { Citation(source: $0, quote: nil) }).map(HTML.citation).joined()]
                }
            }, id: "market-claims")
            if !report.warnings.isEmpty { body += "<ul class=\"warning\">" + report.warnings.map { "<li>\(HTML.text($0))</li>" }.joined() + "</ul>\n" }
        }
        let repeated = Dictionary(grouping: outgoing + incoming) { [$0.source, $0.target, $0.kind, $0.input ?? ""] }
            .filter { $0.value.count > 1 }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        if !repeated.isEmpty {
            body += "<h2>Links stated more than once</h2>\n"
            for (key, group) in repeated {
                body += "<h3>" + HTML.node(key[0], names[key[0]]) + " → " + HTML.node(key[1], names[key[1]]) + " · " + HTML.text(key[2]) + "</h3>\n"
                let ordered = group.sorted { ($0.asOf?.description ?? $0.period.from?.description ?? "", $0.effectiveID) < ($1.asOf?.description ?? $1.period.from?.description ?? "", $1.effectiveID) }
                body += HTML.table(["facts", "sources and quotes"], ordered.map { [HTML.text($0.factPhrases.joined(separator: " ")), $0.citations.map(HTML.citation).joined()] })
            }
        }
        if !node.claims.isEmpty {
            body += "<h2>Property claims</h2>\n" + HTML.table(["key", "value", "as of", "qualifiers", "source"], node.claims.sorted { $0.key < $1.key }.map(ItemPages.claimRow), id: "property-claims")
        }
        if players.isEmpty && repeated.isEmpty && node.claims.isEmpty {
            body += "<p class=\"empty\">No market shares, repeated links or property claims about this node.</p>\n"
        }
        return Page(title: "Claims about \(node.name)", body: body)
    }

    private static func percent(_ range: ClosedRange<Double>) -> String { self.range(range, Share.percent) }

    private static func range(_ range: ClosedRange<Double>, _ format: (Double) -> String) -> String {
        range.lowerBound == range.upperBound ? format(range.lowerBound) : format(range.lowerBound) + "–" + format(range.upperBound)
    }
}
