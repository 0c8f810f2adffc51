import ArgumentParser
import Foundation
import Tiergraph

struct Find: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find nodes whose id, name or alias contains TEXT (case-insensitive; Chinese works).",
        discussion: "Best matches first: exact id, exact name or alias, prefix, anywhere. Exits 1 when nothing matches.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "The text to look for.") var text: String
    @Option(help: "At most this many nodes.") var limit = 50
    @Option(name: .customLong("where"), help: ArgumentHelp("Only nodes meeting this condition too (see `tiergraph list --help`).", valueName: "condition"))
    var conditions: [String] = []

    func run() throws {
        let graph = try store.open(readOnly: true)
        let nodes = try graph.find(text, limit: limit, where: try conditions.map { text throws(ValueError) in try NodeCondition(parsing: text) })
        output.emit(["nodes": .array(nodes.map(\.json))]) {
            nodes.map { TextFormat.nodeLine($0) + "\n" }.joined()
        }
        if nodes.isEmpty {
            FileHandle.standardError.write(Data("no node's id, name or alias contains '\(text)'\n".utf8))
            throw ExitCode(1)
        }
    }
}
