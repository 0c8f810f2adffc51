import Foundation
import ArgumentParser
import Tiergraph

struct Chokepoints: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Single points of failure of X's supply: the nodes whose loss leaves X unsupplied.",
        discussion: """
            X needs every one of its inputs (an edge's `input`, else its kind: designs, \
            manufactures, supplies…) and every gate (a licence, a review); the suppliers of one \
            input are alternatives. A chokepoint is a node that every way of supplying X goes \
            through, listed closest first with the inputs of X it cuts. --by FIELD (country, kind \
            or a property) lists the groups whose loss, all members at once, cuts X.
            --from KIND keeps only chokepoints of that kind.
            Examples: tiergraph chokepoints chip:h200   |   tiergraph chokepoints chip:h200 --by country
            """)
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Argument(help: "The node.") var node: String
    @Option(name: .customLong("from"), help: "Only chokepoints of this node kind.") var kind: String?
    @Option(help: ArgumentHelp("Also groups of nodes by this field: country, kind or a property.", valueName: "field"))
    var by: String?

    func run() throws {
        let graph = try store.open(readOnly: true)
        let root = try graph.resolveNode(node).id
        if let kind { try graph.validateNodeKind(kind) }
        // Reads X's upstream from the file instead of loading the graph.
        let report = try graph.chokepoints(
            of: root, groupingBy: by.map(NodeField.init(parsing:)), ofKind: kind, filter: try filters.filter(graph))
        output.emit(report.json) { QueryFormat.text(report, by: by) }
    }
}

struct Impact: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What-if: remove nodes, a group of nodes, or edges, and see who loses all or part of their supply.",
        discussion: """
            A node loses all supply when one of its inputs (or gates) has no supplier left; it \
            loses part when it keeps every input but some input lost suppliers (with the share of \
            that input they provided, where the edges state it).
            Examples: tiergraph impact --remove tsmc   |   tiergraph impact --remove-where country=US --of csp
            """)
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Nodes (id, name or alias) or edge ids to remove.", valueName: "node-or-edge"))
    var remove: [String] = []
    @Option(name: .customLong("remove-where"), help: ArgumentHelp("Remove every node whose field has this value (country=US, kind=foundry, a property); repeatable.", valueName: "field=value"))
    var removeWhere: [String] = []
    @Option(name: .customLong("of"), help: "Report only nodes of this kind.") var kind: String?

    func validate() throws {
        guard !remove.isEmpty || !removeWhere.isEmpty else { throw ValidationError("give --remove or --remove-where") }
        for condition in removeWhere where !condition.contains("=") {
            throw ValidationError("--remove-where takes FIELD=VALUE (country=US), not '\(condition)'")
        }
    }

    func run() throws {
        let graph = try store.open(readOnly: true)
        let report = try graph.impact(removing: remove, removingWhere: removeWhere, ofKind: kind, filter: try filters.filter(graph))
        output.emit(report.json) { QueryFormat.text(report) }
    }
}

struct Exposure: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Effective ownership along owns chains, and a market's concentration (HHI), from resolved claims.",
        discussion: """
            Stakes multiply along a chain and add across parallel chains; ownership cycles are \
            followed once. For a node that is the target of market_share edges, each player's \
            share, the Herfindahl–Hirschman index (0–10,000) and the total, as ranges when \
            claims give bounds ("over 95%").

            Conflicting claims are never averaged: per player, the claim that holds at the date \
            (--as-of, else the latest) wins, by its as_of, else its validity, else its source's \
            date; claims that hold together and disagree are reported as a conflict, and totals \
            above 100% as a warning. Forecasts and rumours count only with --include.
            """)
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Option(help: "Which claims to print under each player: resolved (those that hold) or all (with their part).")
    var claims: ClaimListing = .resolved
    @Argument(help: "The node.") var node: String

    enum ClaimListing: String, ExpressibleByArgument, CaseIterable { case resolved, all }

    func run() throws {
        let graph = try store.open(readOnly: true)
        // Reads only the chains and shares around the node, not the whole graph.
        let report = try graph.exposure(of: try graph.resolveNode(node).id, filter: try filters.filter(graph))
        output.emit(report.json) { text(report) }
    }

    private func text(_ report: ExposureReport) -> String {
        func stake(_ stake: ExposureReport.Stake) -> String {
            let share = stake.low == stake.high ? Share.percent(stake.low) : "\(Share.percent(stake.low))–\(Share.percent(stake.high))"
            return "  \(stake.id)\t\(share)\t(\(stake.chains) chain(s))\(stake.conflicting ? "\tconflicting claims" : "")\n"
        }
        func range(_ range: ClosedRange<Double>, _ format: (Double) -> String) -> String {
            range.lowerBound == range.upperBound ? format(range.lowerBound) : format(range.lowerBound) + "–" + format(range.upperBound)
        }
        var text = report.root + (report.date.map { " (as of \($0))" } ?? "") + "\nowned by:\n"
        text += report.owners.map(stake).joined() + "owns:\n" + report.holdings.map(stake).joined()
        if let hhi = report.herfindahl, let total = report.marketTotal {
            text += "market shares (total \(range(total, Share.percent)), HHI \(range(hhi) { String(Int($0.rounded())) })):\n"
        } else if !report.uncounted.isEmpty {
            text += "market shares: none counted at this date\n"
        }
        for (players, counted) in [(report.marketShares, true), (report.uncounted, false)] {
            for player in players {
                let base = player.shareOf.map { " (of \($0.rawValue))" } ?? ""
                text += "  \(player.id)\(base)\t\(counted ? player.share.description : "not counted")"
                    + (player.conflicting ? "\tconflicting claims" : "") + "\n"
                for claim in player.claims where claims == .all || claim.role == .current {
                    let details = [claim.time.map { "as of \($0)" }, claim.status, claim.modality?.rawValue, claim.claimant.map { "claimed by \($0)" }]
                        .compactMap { $0 }.joined(separator: ", ")
                    text += "    \(claim.role.rawValue)\t\(claim.share.description)\t\(claim.edge)\t\(claim.sources.joined(separator: ";"))"
                        + (details.isEmpty ? "" : "\t(\(details))") + "\n"
                }
            }
        }
        if !report.warnings.isEmpty { text += "warnings:\n" + report.warnings.map { "  \($0)\n" }.joined() }
        return text
    }
}
