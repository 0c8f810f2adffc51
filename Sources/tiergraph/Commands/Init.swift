import ArgumentParser
import Tiergraph

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create an empty database (or upgrade an older one).",
        discussion: "Safe to run on an existing Tiergraph database: it is opened, migrated if older, and left as it is.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let graph = try store.open(create: true)
        Output.line("database \(graph.path) ready (schema version \(try graph.schemaVersion()))")
    }
}
