import ArgumentParser
import Foundation
import Tiergraph

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What changed between two databases, or since a write of the history: nodes, edges and claims added, removed, changed.",
        discussion: """
            Items are matched by their ids: nodes (kind, name, country, properties, aliases), \
            edges (ends, kind, input, share, volume, period, qualifiers, properties), sources, \
            edge kinds, node property claims, and node and edge citations. Text lists + added, \
            - removed and ~ changed items with their names and each changed field's old and new \
            value; --format json gives the same (see README, "JSON output").
            Compares:
              tiergraph diff OLD.db NEW.db     two files
              tiergraph diff OLD.db            OLD.db and the database (--db)
              tiergraph diff --since ID        the graph as write ID of `tiergraph log`
                                               left it, and the graph now
            --diagram FILE (.svg, .png, .pdf or .dot) draws the changed part: added in \
            green, removed in red (dashed), changed in orange, with the ends of changed edges.
            Example:
              tiergraph import Graph/ --db old.db && cp old.db new.db
              tiergraph add node acme --kind supplier --db new.db
              tiergraph remove edge e86f091cc8f225521 --db new.db
              tiergraph diff old.db new.db --diagram changes.svg
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "The old database, then the new one (default: --db).") var files: [String] = []
    @Option(help: ArgumentHelp("Compare with the graph as this write of the history left it (its id in `tiergraph log`).", valueName: "id"))
    var since: Int64?
    @Option(help: ArgumentHelp("Draw the changed part to this file (.svg, .png, .pdf or .dot).", valueName: "file")) var diagram: String?

    func validate() throws {
        if since != nil && !files.isEmpty { throw ValidationError("give either --since ID or database files to compare, not both") }
        if since == nil && files.isEmpty { throw ValidationError("give the database(s) to compare (OLD.db [NEW.db]) or --since ID") }
        if files.count > 2 { throw ValidationError("diff compares two databases: OLD.db and NEW.db (got \(files.count) files)") }
        if let diagram, Graphviz.Format(fileName: diagram) == nil { throw ValidationError("--diagram must end in .svg, .png, .pdf or .dot") }
    }

    func run() throws {
        if let diagram { try AtomicFile.checkFolder(of: diagram) }
        let new = files.count == 2 ? try GraphStore(path: files[1], readOnly: true) : try store.open(readOnly: true)
        let (diff, drawn) = try compare(new) { old in
            var diff = try new.diff(from: old)
            if let since { diff.old = try GraphStore.name(ofPoint: since, in: new.history()) }
            return (diff, try diagram.map { _ in try diff.selection(old: old, new: new) })
        }
        if let diagram, let drawn { try draw(drawn, store: new, to: diagram) }
        output.emit(diff.json) { diff.text }
    }

    private func compare<T>(_ new: GraphStore, _ body: (GraphStore) throws -> T) throws -> T {
        if let since { return try new.withGraph(after: since, body) }
        return try body(try GraphStore(path: files[0], readOnly: true))
    }

    private func draw(_ selection: GraphSelection, store: GraphStore, to file: String) throws {
        guard !selection.nodes.isEmpty else { throw ValueError("nothing to draw: the two graphs hold the same nodes and edges") }
        guard selection.nodes.count <= Render.readableLimit else {
            throw ValueError("\(selection.nodes.count) changed nodes are too many to read in one picture: compare smaller steps")
        }
        let dot = try Render.dot(selection, store: store, clustering: nil, styles: try store.styleSheet())
        let rendering = try IsolatedRenderer().render(dot, format: Graphviz.Format(fileName: file)!, layout: nil)
        try AtomicFile.write(rendering.data, to: file)
        FileHandle.standardError.write(Data("wrote \(file) (\(rendering.data.count) bytes, layout \(rendering.layout))\n".utf8))
    }
}
