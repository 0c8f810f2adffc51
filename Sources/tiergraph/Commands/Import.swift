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
            target, kind, period and cited sources, so importing the same file twice changes no node or edge.
            On any error nothing is written and the message names file, line and column.

            Files with other column names import through a mapping, for example:
              tiergraph import people.csv links.csv --node-kind-column type --edge-kind-column relation
              tiergraph import links.csv --column edge.source=from --column edge.target=to
              tiergraph import provision.csv --flow provides=with --share-scale 100
              tiergraph import --mapping dataset.json data/ --skip-bad-rows skipped.csv
            Fields: \(Field.allCases.map(\.name).joined(separator: ", ")).
            Flows: \(Flow.allCases.map(\.rawValue).joined(separator: ", ")).

            A mapping file (JSON) saves all of this per table of a dataset, so the import is \
            repeatable: `tiergraph import --mapping dataset.json data/` reads each table the \
            mapping lists from the folder data/ (or from the mapping file's folder when no path \
            is given) with the table's own columns, flows, share scale, value maps and row filters; \
            see README, "Bringing in your data". The command line's options are the defaults the \
            mapping file overrides.
            Each file imported is logged with its content hash, mapping and counts \
            (`tiergraph imports`); --replace first removes the edges that earlier imports of the \
            same file wrote, so a re-import with a corrected mapping does not double them.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: "Files (.csv, .tsv, .json, .graphml, .dot, .gv) or folders to import (with --mapping: the folders holding its tables).")
    var paths: [String] = []

    @Flag(help: "Validate everything, then roll back: the database is left as it was.")
    var dryRun = false

    @Option(help: ArgumentHelp("A mapping file (JSON) saying how to read each table of a dataset.", valueName: "file.json"))
    var mapping: String?

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
    @Option(help: "The kind of edges whose row gives none (must be defined or declared; `link` flows source → target).")
    var defaultEdgeKind = "link"

    @Option(name: .customLong("flow"), help: ArgumentHelp(
        "Declare an edge kind with its flow (with, against, none or gate) for this import; repeatable.", valueName: "kind=flow"))
    var flows: [String] = []
    @Option(help: ArgumentHelp(
        "The flow of edge kinds that are neither defined nor declared (default: such a kind is an error).", valueName: "flow"))
    var unknownKindsFlow: String?
    @Option(help: ArgumentHelp(
        "What a whole share is written as: 100 reads 0–100 shares (40 is 40%; a cell with % is a percentage anyway).", valueName: "scale"))
    var shareScale: Double?
    @Option(name: .customLong("map"), help: ArgumentHelp(
        "Replace a field's value in CSV files before reading it (edge.kind=procures:orders; split at the last ':'); repeatable.", valueName: "field=from:to"))
    var valueMaps: [String] = []
    @Option(help: ArgumentHelp(
        "Import only rows whose column holds the value (column!=value: does not; a|b: either); repeatable, all must hold.", valueName: "column=value"))
    var rowsWhere: [String] = []
    @Flag(help: "A nodes row that repeats an id adds to the node (aliases, properties; its name as an alias, or as the name of a node that had none) instead of failing.")
    var mergeRepeatedIds = false
    @Option(help: ArgumentHelp(
        "Skip blank and bad rows instead of failing, and list each (file, line, column, reason) in this CSV file.", valueName: "report.csv"))
    var skipBadRows: String?
    @Option(help: ArgumentHelp(
        "A row giving an existing node another kind: refuse (the default: nothing is written, every such node is listed with file and line), report (change and list them) or allow.",
        valueName: "refuse|report|allow"))
    var kindChange: KindChangePolicy = .refuse
    @Flag(help: "First remove the edges that earlier imports of the same files wrote, unless another file's import wrote them too (re-import with a corrected mapping).")
    var replace = false

    func validate() throws {
        if paths.isEmpty && mapping == nil { throw ValidationError("give files or folders to import, or a --mapping file") }
    }

    /// The command line's options: the defaults of every table (a mapping file overrides them).
    func options() throws -> ImportOptions {
        var options = ImportOptions()
        options.dryRun = dryRun
        options.replace = replace
        options.defaultNodeKind = defaultNodeKind
        options.defaultEdgeKind = defaultEdgeKind
        let fields = "FIELD one of: \(Field.allCases.map(\.name).joined(separator: ", "))"
        let flowNames = Flow.allCases.map(\.rawValue).joined(separator: ", ")
        for mapping in columns {
            let (name, column) = try Import.split(mapping, at: "=", option: "--column", form: "FIELD=COLUMN with \(fields)")
            guard let field = Field(name: name) else { throw ValidationError("--column \(mapping): unknown field '\(name)'; --column takes FIELD=COLUMN with \(fields)") }
            options.columns[field] = column
        }
        let shortcuts: [(Field, String?)] = [
            (.nodeID, nodeIdColumn), (.nodeKind, nodeKindColumn), (.nodeName, nodeNameColumn),
            (.edgeKind, edgeKindColumn), (.edgeSource, sourceColumn), (.edgeTarget, targetColumn),
        ]
        for case let (field, column?) in shortcuts { options.columns[field] = column }
        for declaration in flows {
            let (kind, flow) = try Import.split(declaration, at: "=", option: "--flow", form: "KIND=FLOW with FLOW one of: \(flowNames)")
            guard let parsed = Flow(rawValue: flow.lowercased()) else {
                throw ValidationError("--flow \(declaration): unknown flow '\(flow)'; the flows are: \(flowNames)")
            }
            options.flows[EdgeKind.normalize(kind)] = parsed
        }
        if let unknownKindsFlow {
            guard let flow = Flow(rawValue: unknownKindsFlow.lowercased()) else {
                throw ValidationError("--unknown-kinds-flow: unknown flow '\(unknownKindsFlow)'; the flows are: \(flowNames)")
            }
            options.unknownKindsFlow = flow
        }
        if let shareScale {
            guard shareScale.isFinite && shareScale > 0 else { throw ValidationError("--share-scale takes a number above 0, such as 100") }
            options.shareScale = shareScale
        }
        for map in valueMaps {
            let (name, pair) = try Import.split(map, at: "=", option: "--map", form: "FIELD=FROM:TO with \(fields)")
            guard let field = Field(name: name) else { throw ValidationError("--map \(map): unknown field '\(name)'; --map takes FIELD=FROM:TO with \(fields)") }
            guard let colon = pair.lastIndex(of: ":") else { throw ValidationError("--map \(map): the value is FROM:TO, such as procures:orders") }
            options.valueMaps[field, default: [:]][pair[..<colon].trimmingCharacters(in: .whitespaces)] = String(pair[pair.index(after: colon)...])
        }
        for filter in rowsWhere {
            do { options.rowFilters.append(try RowFilter(parsing: filter)) } catch { throw ValidationError("--rows-where: \(error.message)") }
        }
        options.kindChange = kindChange
        options.mergeRepeatedIDs = mergeRepeatedIds
        options.skipBadRows = skipBadRows != nil
        return options
    }

    /// `text` split at the first `separator` into two non-empty parts.
    private static func split(_ text: String, at separator: Character, option: String, form: String) throws -> (String, String) {
        let parts = text.split(separator: separator, maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw ValidationError("\(option) takes \(form), not '\(text)'") }
        return (parts[0], parts[1])
    }

    func run() throws {
        let options = try options()
        let graph = try store.open(create: true)
        var tables: [ImportTable]
        var report: String? = skipBadRows
        var replace = options.replace
        if let mapping {
            let loaded = try ImportMapping(path: mapping, base: options)
            tables = try loaded.importTables(for: paths)
            report = report ?? loaded.skippedRowsReport
            replace = replace || loaded.defaults.replace
        } else {
            tables = try GraphStore.expand(paths).map { ImportTable(path: $0, options: options) }
        }
        if let report, !FileManager.default.createFile(atPath: report, contents: nil) {
            throw ValidationError("cannot write the skipped-rows report '\(report)': check that its folder exists and is writable")
        }
        let started = Date()
        var lastShown = Date.distantPast
        let showProgress = Output.stderrIsTerminal
        let result = try graph.importTables(tables, dryRun: options.dryRun, replace: replace) { done, total in
            guard showProgress, Date().timeIntervalSince(lastShown) > 0.25 else { return }
            lastShown = Date()
            let percent = total > 0 ? Int(Double(done) / Double(total) * 100) : 0
            Output.progress("importing: \(percent)% of \(total / 1_000_000) MB")
        }
        if showProgress { Output.endProgress() }
        if let report {
            do { try result.skippedRowsCSV.write(toFile: report, atomically: true, encoding: .utf8) } catch {
                throw ValidationError("cannot write the skipped-rows report '\(report)': \(error.localizedDescription) (the import itself was \(result.dryRun ? "validated" : "kept"))")
            }
        }
        let seconds = Date().timeIntervalSince(started)
        output.emit(result.json) {
            let verb = result.dryRun ? "validated (dry run, nothing written)" : "imported"
            var text = "\(verb): \(result.nodes) nodes, \(result.edges) edges, \(result.sources) sources, \(result.kinds) kinds from \(result.files.count) file(s) in \(String(format: "%.2f", seconds)) s\n"
            if result.merged > 0 { text += "merged: \(result.merged) rows that repeat the id of a node given before\n" }
            if result.replaced > 0 { text += "replaced: \(result.replaced) edges of earlier imports of the same files removed first\n" }
            if result.filtered > 0 { text += "filtered: \(result.filtered) rows left out by --rows-where\n" }
            if kindChange == .report && !result.kindChanges.isEmpty {
                text += "kinds changed: \(result.kindChanges.count) node(s)\n" + result.kindChanges.map { "  \($0)\n" }.joined()
            }
            if let report { text += "skipped: \(result.skipped.count) bad rows, listed in \(report)\n" }
            return text
        }
    }
}
