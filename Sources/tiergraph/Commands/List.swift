import ArgumentParser
import Tiergraph

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List nodes by id, optionally of one kind.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Only nodes of this kind.") var kind: String?
    @Option(help: "At most this many nodes.") var limit: Int?

    func run() throws {
        let nodes = try store.open(readOnly: true).nodes(kind: kind, limit: limit)
        output.emit(["nodes": .array(nodes.map(\.json))]) {
            nodes.map { TextFormat.nodeLine($0) + "\n" }.joined()
        }
    }
}
