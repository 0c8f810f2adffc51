import ArgumentParser
import Tiergraph

struct Kind: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List kinds, or add an edge kind with its flow.",
        subcommands: [KindList.self, KindAdd.self], defaultSubcommand: KindList.self)
}

struct KindList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List edge kinds with their flow, and node kinds with their counts.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let graph = try store.open(readOnly: true)
        let kinds = try graph.edgeKinds()
        let stats = try graph.statistics()
        let builtInNodeKinds = Dictionary(uniqueKeysWithValues: NodeKind.builtIns.map { ($0.name, $0.description) })
        let nodeKindNames = Set(builtInNodeKinds.keys).union(stats.nodesByKind.keys).sorted()
        let nodeKinds: [JSONValue] = nodeKindNames.map { name in
            ["name": .string(name), "description": .string(builtInNodeKinds[name] ?? ""),
             "builtin": .bool(builtInNodeKinds[name] != nil), "count": .int(Int64(stats.nodesByKind[name] ?? 0))]
        }
        let edgeKinds: [JSONValue] = kinds.map { kind in
            var json = kind.json
            if case .object(var object) = json {
                object["count"] = .int(Int64(stats.edgesByKind[kind.name] ?? 0))
                json = .object(object)
            }
            return json
        }
        output.emit(["edge_kinds": .array(edgeKinds), "node_kinds": .array(nodeKinds)]) {
            var text = "edge kinds (flow: with = source → target supplies, against = target → source, gate = source permits target, none = not supply):\n"
            for kind in kinds {
                text += "  \(kind.name)\t\(kind.flow.rawValue)\t\(stats.edgesByKind[kind.name] ?? 0) edges\t\(kind.builtIn ? "" : "(user) ")\(kind.description)\n"
            }
            text += "node kinds:\n"
            for name in nodeKindNames {
                text += "  \(name)\t\(stats.nodesByKind[name] ?? 0) nodes\t\(builtInNodeKinds[name] ?? "(user)")\n"
            }
            return text
        }
    }
}

struct KindAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Define an edge kind and the direction goods flow along it.",
        discussion: "Example: tiergraph kind add packages --flow with --description \"an OSAT packages chips for the target\"")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The kind's name.") var name: String
    @Option(help: "with (source → target), against (target → source), gate (source permits target) or none.") var flow: String
    @Option(help: "A one-line explanation.") var description = ""

    func run() throws {
        let kind = EdgeKind(name: name, flow: try Flow(parsing: flow), description: description)
        try store.open(create: true).write { try $0.define(kind) }
        Output.line("edge kind \(EdgeKind.normalize(name)) flows \(kind.flow.rawValue)")
    }
}
