import ArgumentParser
import Tiergraph

struct Edges: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List edges by kind, ends and conditions on their fields, properties and quotes.",
        discussion: """
            --where FIELD OP VALUE (repeatable; all must hold): a field (\(EdgeField.Column.allCases.map(\.rawValue).joined(separator: ", "))) \
            or an edge property; OP is = != ~ (contains) for any value, >= <= > < for numbers and dates. \
            share takes 0.5 or 50% (>= tests the low end of a range, <= the high end, = whether the range holds it); \
            quote and source_ref match when one of the edge's citations does.
            Examples: tiergraph edges --kind licenses --where input=H200   |   tiergraph edges --where 'share>=50%'   |   tiergraph edges --to csp:china --where status=approved   |   tiergraph edges --where quote~禁令
            JSON: {"edges": [edge with "source_name" and "target_name"]}.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Only edges of this kind (repeatable, or comma-separated).") var kind: [String] = []
    @Option(name: .customLong("where"), help: ArgumentHelp("Only edges meeting this condition (input~EUV, share>=50%, status=approved).", valueName: "condition"))
    var conditions: [String] = []
    @Option(help: ArgumentHelp("Only edges from this node (id, name or alias).", valueName: "node")) var from: String?
    @Option(help: ArgumentHelp("Only edges to this node (id, name or alias).", valueName: "node")) var to: String?
    @Option(help: "At most this many edges.") var limit: Int?

    /// What was asked, in words: ` of kind licenses from gov:us meeting input~EUV`.
    private var asked: String {
        var words = kind.isEmpty ? "" : " of kind " + kind.joined(separator: " or ")
        if let from { words += " from \(from)" }
        if let to { words += " to \(to)" }
        return words + (conditions.isEmpty ? "" : " meeting " + conditions.joined(separator: " and "))
    }

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit takes a number of at least 1") }
    }

    func run() throws {
        let query = EdgeQuery(
            kinds: kind, conditions: try conditions.map { text throws(ValueError) in try EdgeCondition(parsing: text) }, from: from, to: to,
            limit: limit)
        let edges = try store.open(readOnly: true).edges(matching: query)
        output.emit(["edges": .array(edges.map(\.json))]) {
            edges.isEmpty ? "no edge" + asked + "\n" : edges.map(TextFormat.edgeLine).joined()
        }
    }
}
