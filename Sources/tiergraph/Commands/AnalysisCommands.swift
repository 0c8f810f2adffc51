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
        if let kind { try graph.validateNodeKind(kind) }
        var nodes: [String] = [], edges: [String] = []
        for item in remove {
            let node = try? graph.resolveNode(item)
            switch (try graph.edge(id: item) != nil, node) {
            case (true, let node?): throw QueryError("'\(item)' names both an edge and the node \(node.id): Tiergraph will not guess which to remove")
            case (true, nil): edges.append(item)
            case (false, _): nodes.append(try node?.id ?? graph.resolveNode(item).id)
            }
        }
        for condition in removeWhere {
            let (field, value) = condition.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init).pair
            nodes += try graph.nodeIDs(where: NodeField(parsing: field), is: value)
        }
        let report = try graph.impact(removingNodes: Array(Set(nodes)), edges: edges, ofKind: kind, filter: try filters.filter(graph))
        output.emit(report.json) { QueryFormat.text(report) }
    }
}

private extension Array where Element == String {
    /// The first two elements (the second empty if missing).
    var pair: (String, String) { (self.first ?? "", count > 1 ? self[1] : "") }
}

struct Exposure: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Effective ownership along owns chains, and a market's concentration (HHI).",
        discussion: """
            Stakes multiply along a chain and add across parallel chains; ownership cycles are \
            followed once. For a node that is the target of market_share edges, the
            Herfindahl–Hirschman index (0–10,000) of the shares, and their total.
            """)
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Argument(help: "The node.") var node: String

    func run() throws {
        let graph = try store.open(readOnly: true)
        // Reads only the chains and shares around the node, not the whole graph.
        let report = try graph.exposure(of: try graph.resolveNode(node).id, filter: try filters.filter(graph))
        output.emit(report.json) {
            var text = "\(report.root)\nowned by:\n"
            text += report.owners.map { "  \($0.id)\t\(Share.percent($0.share))\t(\($0.chains) chain(s))\n" }.joined()
            text += "owns:\n" + report.holdings.map { "  \($0.id)\t\(Share.percent($0.share))\t(\($0.chains) chain(s))\n" }.joined()
            if let hhi = report.herfindahl, let total = report.marketTotal {
                text += "market shares (total \(Share.percent(total)), HHI \(Int(hhi.rounded()))):\n"
                text += report.marketShares.map { "  \($0.id)\t\(Share.percent($0.share))" + ($0.edges.count > 1 ? "\t(\($0.edges.count) claims, averaged)" : "") + "\n" }.joined()
            }
            return text
        }
    }
}
