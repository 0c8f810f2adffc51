import ArgumentParser
import Foundation
import Tiergraph

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import CSV, TSV, node-link JSON, GraphML and DOT files or folders, in one transaction.",
        discussion: """
            Each CSV file's header says what it holds: an `id` column makes a nodes file, \
            `source` and `target` columns an edges file; `kind,flow` a kinds file; \
            `id` with `title`/`publisher`/`url`/`date` a sources file; `node` or `edge` with \
            `source_ref` a citations file. Known columns map to fields, others become properties.
            Nodes are upserted by id; an edge without an id column is identified by source, \
            target, kind, period and cited sources, so importing the same file twice changes nothing.
            On any error nothing is written and the message names file, line and column.

            Files with other column names import through a mapping, for example:
              tiergraph import people.csv links.csv --node-kind-column type --edge-kind-column relation
              tiergraph import links.csv --column edge.source=from --column edge.target=to
            Fields: \(Field.allCases.map(\.name).joined(separator: ", ")).
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: "Files (.csv, .tsv, .json, .graphml, .dot, .gv) or folders to import.")
    var paths: [String]

    @Flag(help: "Validate everything, then roll back: the database is left as it was.")
    var dryRun = false

    @Option(name: .customLong("column"), help: ArgumentHelp("Map a field to a column name.", valueName: "field=column"))
    var columns: [String] = []
    @Option(help: ArgumentHelp("The column holding node ids (default: id).", valueName: "column"))
    var nodeIdColumn: String?
    @Option(help: ArgumentHelp("The column holding node kinds (default: kind).", valueName: "column"))
    var nodeKindColumn: String?
    @Option(help: ArgumentHelp("The column holding node names (default: name).", valueName: "column"))
    var nodeNameColumn: String?
    @Option(help: ArgumentHelp("The column holding edge kinds (default: kind).", valueName: "column"))
    var edgeKindColumn: String?
    @Option(help: ArgumentHelp("The column holding edge sources (default: source).", valueName: "column"))
    var sourceColumn: String?
    @Option(help: ArgumentHelp("The column holding edge targets (default: target).", valueName: "column"))
    var targetColumn: String?
    @Option(help: "The kind of nodes whose row gives none.")
    var defaultNodeKind = "entity"
    @Option(help: "The kind of edges whose row gives none (must be defined; `link` flows source → target).")
    var defaultEdgeKind = "link"

    func options() throws -> ImportOptions {
        var options = ImportOptions()
        options.dryRun = dryRun
        options.defaultNodeKind = defaultNodeKind
        options.defaultEdgeKind = defaultEdgeKind
        for mapping in columns {
            let parts = mapping.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let field = Field(name: parts[0].trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--column takes FIELD=COLUMN with FIELD one of: \(Field.allCases.map(\.name).joined(separator: ", "))")
            }
            options.columns[field] = parts[1]
        }
        let shortcuts: [(Field, String?)] = [
            (.nodeID, nodeIdColumn), (.nodeKind, nodeKindColumn), (.nodeName, nodeNameColumn),
            (.edgeKind, edgeKindColumn), (.edgeSource, sourceColumn), (.edgeTarget, targetColumn),
        ]
        for case let (field, column?) in shortcuts { options.columns[field] = column }
        return options
    }

    func run() throws {
        let options = try options()
        let graph = try store.open(create: true)
        let started = Date()
        var lastShown = Date.distantPast
        let showProgress = Output.stderrIsTerminal
        let report = try graph.importFiles(paths, options: options) { done, total in
            guard showProgress, Date().timeIntervalSince(lastShown) > 0.25 else { return }
            lastShown = Date()
            let percent = total > 0 ? Int(Double(done) / Double(total) * 100) : 0
            Output.progress("importing: \(percent)% of \(total / 1_000_000) MB")
        }
        if showProgress { Output.endProgress() }
        let seconds = Date().timeIntervalSince(started)
        output.emit(report.json) {
            let verb = report.dryRun ? "validated (dry run, nothing written)" : "imported"
            return "\(verb): \(report.nodes) nodes, \(report.edges) edges, \(report.sources) sources, \(report.kinds) kinds from \(report.files.count) file(s) in \(String(format: "%.2f", seconds)) s\n"
        }
    }
}
