import ArgumentParser
import Tiergraph

struct Imports: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the import log: each file imported, its content hash, mapping, counts and time.",
        discussion: """
            One line per file read by `tiergraph import` (a table imported in parts has one line \
            per part), oldest first. `replaced` counts the edges of earlier imports of the same \
            file that `import --replace` removed. With --format json, each entry also has the \
            file's absolute path and the mapping it was read with, in the form of a mapping file's table.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let records = try store.open(readOnly: true).imports()
        output.emit(.array(records.map(\.json))) {
            records.map { record in
                var text = "#\(record.id) \(record.importedAt) \(record.file) sha256:\(record.sha256.prefix(12)) "
                text += "nodes \(record.nodes), edges \(record.edges), sources \(record.sources), kinds \(record.kinds)"
                if record.merged > 0 { text += ", merged \(record.merged)" }
                if record.skipped > 0 { text += ", skipped \(record.skipped)" }
                if record.filtered > 0 { text += ", filtered \(record.filtered)" }
                if record.replaced > 0 { text += ", replaced \(record.replaced)" }
                return text + "\n"
            }.joined()
        }
    }
}
