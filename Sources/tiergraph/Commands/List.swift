import ArgumentParser
import Tiergraph

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List nodes by id, optionally of one kind or meeting conditions.",
        discussion: """
            --where FIELD OP VALUE (repeatable; all must hold): a field (id, name, kind, country) or \
            a property; OP is = != ~ (contains) for any value, >= <= > < for numbers.
            Examples: tiergraph list --kind chip --where 'hbm_gb>=100'   |   tiergraph list --where country=US --where name~Nv
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Only nodes of this kind.") var kind: String?
    @Option(name: .customLong("where"), help: ArgumentHelp("Only nodes meeting this condition (country=NL, hbm_gb>=100, name~semi).", valueName: "condition"))
    var conditions: [String] = []
    @Option(help: "At most this many nodes.") var limit: Int?

    func run() throws {
        let graph = try store.open(readOnly: true)
        if let kind { try graph.validateNodeKind(kind) }
        let nodes = try graph.nodes(kind: kind, where: try conditions.map { text throws(ValueError) in try NodeCondition(parsing: text) }, limit: limit)
        output.emit(["nodes": .array(nodes.map(\.json))]) {
            nodes.map { TextFormat.nodeLine($0) + "\n" }.joined()
        }
    }
}
