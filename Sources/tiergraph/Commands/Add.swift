import ArgumentParser
import Tiergraph

struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add (or update) one node or edge.",
        subcommands: [AddNode.self, AddEdge.self])
}

/// Options that cite a source, shared by `add node` and `add edge`.
struct CitationOptions: ParsableArguments {
    @Option(name: .customLong("source-ref"), help: ArgumentHelp("The id of the source stating this (repeatable).", valueName: "source"))
    var sources: [String] = []
    @Option(help: "The supporting sentence, in its original language.")
    var quote: String?
    @Option(name: .customLong("property"), help: ArgumentHelp("A property, with its type inferred (repeatable).", valueName: "key=value"))
    var properties: [String] = []

    var citations: [Citation] { sources.map { Citation(source: $0, quote: quote) } }

    func parsedProperties() throws -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for property in properties {
            let parts = property.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--property takes key=value, got '\(property)'") }
            result[parts[0]] = JSONValue(inferring: parts[1])
        }
        return result
    }
}

struct AddNode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Add a node, or update the node with this id.",
        discussion: "Example: tiergraph add node nvidia --kind company --name Nvidia --alias 英伟达 --alias NVDA --country US")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The node's id.") var id: String
    @Option(help: "The kind: company, chip, foundry, csp, supplier, government, fund, market, product, country, or your own.")
    var kind: String
    @Option(help: "The display name (defaults to the id).") var name: String?
    @Option(name: .customLong("alias"), help: "Another name (repeatable).") var aliases: [String] = []
    @Option(help: "The country.") var country: String?
    @OptionGroup var cite: CitationOptions
    @Option(help: ArgumentHelp(
        "If the node exists with another kind: refuse (the default), report (change it and say so) or allow.", valueName: "refuse|report|allow"))
    var kindChange: KindChangePolicy = .refuse

    func run() throws {
        let node = Node(id: id, kind: kind, name: name, aliases: aliases, country: country,
                        properties: try cite.parsedProperties(), citations: cite.citations)
        let graph = try store.open(create: true)
        let changes = try graph.write { writer in
            writer.kindChangePolicy = kindChange
            try writer.write(node)
            return writer.kindChanges
        }
        Output.line(node.id)
        if kindChange == .report { for change in changes { Output.line("kind changed: \(change)") } }
    }
}

struct AddEdge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edge",
        abstract: "Add an edge, or update the edge with the same id.",
        discussion: """
            SOURCE and TARGET may be ids, names or aliases. Prints the edge's id.
            Example: tiergraph add edge 中芯国际 华为 --kind supplies --share 40-60% --from 2024 --source-ref report.pdf
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The source node.") var source: String
    @Argument(help: "The target node.") var target: String
    @Option(help: "The edge kind (see `tiergraph kind list`).") var kind: String
    @Option(help: "The edge's id (derived from its natural key when omitted).") var id: String?
    @Option(help: "The input of the target this edge supplies or gates (\"EUV lithography tools\"); default: the kind.") var input: String?
    @Option(help: "A share: 0.25, 25%, or a range such as 40-60%.") var share: String?
    @Option(help: "A volume, optionally with its unit: 16e9 USD.") var volume: String?
    @Option(help: "The volume's unit.") var unit: String?
    @Option(name: .customLong("from"), help: "First year, month or day the fact holds (YYYY[-MM[-DD]]).") var validFrom: String?
    @Option(name: .customLong("to"), help: "Last year, month or day the fact holds.") var validTo: String?
    @Option(help: "Define the kind on the fly with this flow (with, against, none, gate) if it is new.") var flow: String?
    @OptionGroup var cite: CitationOptions

    func run() throws {
        let edge = Edge(
            id: id, source: source, target: target, kind: kind, input: input,
            share: try share.map { text throws(ValueError) in try Share(parsing: text) },
            volume: try volume.map { text throws(ValueError) in try Volume(parsing: text, unit: unit) },
            period: try Period(parsingFrom: validFrom, to: validTo),
            properties: try cite.parsedProperties(), citations: cite.citations)
        let flow = try flow.map { text throws(ValueError) in try Flow(parsing: text) }
        let graph = try store.open(create: true)
        let edgeID = try graph.write { writer in
            if let flow { try writer.define(EdgeKind(name: edge.kind, flow: flow)) }
            return try writer.write(edge)
        }
        Output.line(edgeID)
    }
}
