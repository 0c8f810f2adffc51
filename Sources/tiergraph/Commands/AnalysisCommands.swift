import ArgumentParser
import Tiergraph

struct Chokepoints: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Single points of failure upstream of X: nodes whose loss cuts X off from every source of supply.",
        discussion: """
            Sources of supply are the nodes of X's upstream that nothing feeds (and closed cycles \
            that feed themselves). The chokepoints are X's dominators from those sources, closest \
            first. --from KIND keeps only chokepoints of that kind (for example foundry).
            """)
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Argument(help: "The node.") var node: String
    @Option(name: .customLong("from"), help: "Only chokepoints of this kind.") var kind: String?

    func run() throws {
        let graph = try store.open(readOnly: true)
        let root = try graph.resolveNode(node).id
        // Walks the file (root's upstream only) instead of loading the graph.
        var points = try graph.chokepoints(of: root, filter: try filters.filter(graph))
        if let kind {
            let wanted = EdgeKind.normalize(kind)
            points = try points.filter { try graph.node(id: $0.id)?.kind == wanted }
        }
        output.emit(["root": .string(root), "nodes": .array(points.map(QueryFormat.json))]) {
            points.isEmpty
                ? "\(root): no single point of failure upstream\n"
                : "\(root): \(points.count) chokepoint(s), closest first\n" + points.map(QueryFormat.text).joined()
        }
    }
}

struct Impact: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What-if: remove nodes or edges and see who loses all, or some, supply.",
        discussion: """
            Example: tiergraph impact --remove tsmc   |   tiergraph impact --remove e1f0… --of csp
            A node loses all supply when no source of supply reaches it any more; it loses some \
            when it lies downstream of what was removed but is still supplied.
            """)
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: QueryOptions
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Nodes (id, name or alias) or edge ids to remove.", valueName: "node-or-edge"))
    var remove: [String]
    @Option(name: .customLong("of"), help: "Report only nodes of this kind.") var kind: String?

    func run() throws {
        let graph = try store.open(readOnly: true)
        var nodes: [String] = [], edges: [String] = []
        for item in remove {
            if try graph.edge(id: item) != nil { edges.append(item) } else { nodes.append(try graph.resolveNode(item).id) }
        }
        let report = try filters.query(graph).impact(removingNodes: nodes, edges: edges, ofKind: kind)
        output.emit([
            "removed_nodes": .array(report.removedNodes.map(JSONValue.string)),
            "removed_edges": .array(report.removedEdges.map(JSONValue.string)),
            "loses_all": .array(report.losesAll.map(QueryFormat.json)),
            "loses_some": .array(report.losesSome.map(QueryFormat.json)),
        ]) {
            "loses all supply (\(report.losesAll.count)):\n" + report.losesAll.map(QueryFormat.text).joined()
                + "loses some supply paths (\(report.losesSome.count)):\n" + report.losesSome.map(QueryFormat.text).joined()
        }
    }
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
        func stakes(_ list: [ExposureReport.Stake]) -> JSONValue {
            .array(list.map { ["id": .string($0.id), "share": .double($0.share), "chains": .int(Int64($0.chains))] })
        }
        output.emit([
            "root": .string(report.root), "owners": stakes(report.owners), "holdings": stakes(report.holdings),
            "market": report.herfindahl == nil ? .null : [
                "hhi": JSONValue(report.herfindahl), "total": JSONValue(report.marketTotal),
                "shares": .array(report.marketShares.map { ["id": .string($0.id), "share": .double($0.share), "edges": .array($0.edges.map(JSONValue.string))] }),
            ],
        ]) {
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
