import ArgumentParser
import Tiergraph

/// The filters every query takes.
struct QueryOptions: ParsableArguments {
    @Option(name: .customLong("edge-kinds"), parsing: .upToNextOption, help: ArgumentHelp("Only edges of these kinds (space- or comma-separated).", valueName: "kind"))
    var edgeKinds: [String] = []
    @Option(name: .customLong("node-kinds"), parsing: .upToNextOption, help: ArgumentHelp("Only nodes of these kinds on the way (the query's own nodes are always allowed).", valueName: "kind"))
    var nodeKinds: [String] = []
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Never pass through these nodes (ids, names or aliases).", valueName: "node"))
    var avoid: [String] = []
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Only edges valid at this date (YYYY[-MM[-DD]]) whose as_of, if any, is not later.", valueName: "date"))
    var asOf: String?
    @Option(help: ArgumentHelp("Only facts citing this source id.", valueName: "source"))
    var source: String?
    @Option(help: ArgumentHelp(
        "Also count claims of these modalities (comma-separated: forecast, rumour) in the supply analyses and exposure; paths and walks follow every edge, whatever its modality.",
        valueName: "modalities"))
    var include: String?

    func validate() throws {
        for name in FilterArguments.items(include.map { [$0] } ?? []) ?? [] {
            do { _ = try Modality(validating: name) } catch { throw ValidationError("--include: \(error.message)") }
        }
    }

    /// The filter, with node references resolved through `store`.
    func filter(_ store: GraphStore) throws -> QueryFilter {
        try FilterArguments(
            edgeKinds: edgeKinds, nodeKinds: nodeKinds, avoid: avoid, asOf: asOf, source: source, include: include.map { [$0] } ?? []
        ).filter(in: store)
    }
}

/// Rendering of query results.
enum QueryFormat {
    /// A path as lines: each hop with the edge's facts and sources.
    static func text(_ path: Path, number: Int, edges: [String: Edge]) -> String {
        var text = "path \(number): \(path.nodes.joined(separator: " → ")) (cost \(JSONValue.format(path.cost)))\n"
        for (offset, id) in path.edges.enumerated() {
            guard let edge = edges[id] else { continue }
            let arrow = edge.source == path.nodes[offset] ? "→" : "←"
            text += "  \(path.nodes[offset]) \(arrow) \(path.nodes[offset + 1])  \(TextFormat.edgeFacts(edge))\n"
            text += TextFormat.citations(edge.citations, indent: "      ")
        }
        return text
    }

    /// A chokepoint report as lines: each chokepoint with its name, tier, and the inputs it cuts.
    static func text(_ report: ChokepointReport, by field: String?) -> String {
        guard report.supplied else {
            let blocked = report.notInForce.isEmpty ? "" : "; not in force: " + report.notInForce.joined(separator: ", ")
            return "\(report.root) is not supplied under these filters: nothing in force supplies or permits its input(s) "
                + report.unmetInputs.joined(separator: ", ") + blocked
                + " (no supplier, suppliers cut off themselves, or edges not in force: a licence pending or denied, an order declined…)\n"
        }
        var text = report.chokepoints.isEmpty
            ? "\(report.root): no single point of failure\n"
            : "\(report.root): \(report.chokepoints.count) chokepoint(s), closest first\n"
        for point in report.chokepoints {
            text += "  tier \(point.tier)\t\(named(point.id, point.name))"
                + "\tcuts: " + point.inputs.joined(separator: ", ") + (point.viaEdge.map { "\tvia \($0)" } ?? "") + "\n"
        }
        if let groups = report.groups, let field {
            text += groups.isEmpty
                ? "no \(field) is a chokepoint on its own\n"
                : "by \(field), the groups whose loss cuts \(report.root):\n"
            for group in groups {
                text += "  \(group.value)\t\(group.members.count) node(s): " + group.members.joined(separator: ", ")
                    + "\tcuts: " + group.inputs.joined(separator: ", ") + "\n"
            }
        }
        return text + disputed(report.disputed)
    }

    /// The note under an answer that rests on claims that disagree.
    static func disputed(_ edges: [String]) -> String {
        edges.isEmpty ? "" : "rests on claims that disagree, taken as in force (see tiergraph check): " + edges.joined(separator: ", ") + "\n"
    }

    /// An impact report as lines: who loses all supply (and which input), who loses part.
    static func text(_ report: ImpactReport) -> String {
        func line(_ loss: SupplyLoss) -> String {
            let inputs = loss.inputs.map { input in
                let share = input.shareLost.map { ", " + $0.description + " of it" } ?? ""
                return "\(input.gate ? "gate " : "")\(input.input): lost \(input.lost.count) of \(input.suppliers) ("
                    + input.lost.joined(separator: ", ") + ")" + share
            }
            return "  tier \(loss.tier)\t\(named(loss.id, loss.name))"
                + "\t" + inputs.joined(separator: "; ") + "\n"
        }
        return "loses all supply (\(report.losesAll.count)):\n" + report.losesAll.map(line).joined()
            + "loses part of its supply (\(report.losesSome.count)):\n" + report.losesSome.map(line).joined() + disputed(report.disputed)
    }

    /// `id (Name)`, or the id alone when the name says nothing more.
    static func named(_ id: String, _ name: String?) -> String {
        guard let name, !name.isEmpty, name != id else { return id }
        return "\(id) (\(name))"
    }

    /// What a walk reached: for upstream first what the root needs, then each tier with names.
    static func text(_ tiers: Tiers) -> String {
        var text = "\(named(tiers.root, tiers.names[tiers.root])): \(tiers.nodes.count) node(s)\n"
        if let needs = tiers.needs, !needs.isEmpty {
            text += "needs: " + needs.map {
                let blocked = $0.notInForce.isEmpty ? "" : ($0.suppliers.isEmpty ? "" : " ") + "(" + $0.notInForce.joined(separator: ", ") + ": not in force)"
                return ($0.gate ? "gate " : "") + "\($0.input) ← " + $0.suppliers.joined(separator: " | ") + blocked
            }
                .joined(separator: "; ") + "\n"
        }
        for node in tiers.nodes {
            text += "  tier \(node.tier)\t\(named(node.id, tiers.names[node.id]))" + (node.input.map { "\t\($0)" } ?? "")
                + (node.viaEdge.map { "\tvia \($0)" } ?? "") + "\n"
        }
        return text
    }
}
