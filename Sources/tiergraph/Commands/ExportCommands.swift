import ArgumentParser
import Foundation
import Tiergraph

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the graph, or a selection of it: DOT, node-link JSON, GraphML, Cypher, CSV, Neo4j import CSV.",
        discussion: """
            --format dot      Graphviz DOT as data (pydot, pygraphviz): no legend, each
                              edge in its stored direction with its kind's flow;
                              --diagram: the DOT that `render` draws
            --format json     node-link JSON: networkx.node_link_graph (2.x, 3.x) reads
                              it with its defaults
            --format graphml  GraphML, typed, with labels (networkx, Gephi, yEd)
            --format cypher   Cypher with typed properties: --dialect neo4j (MERGE,
                              idempotent), falkordb, or kuzu (LadybugDB, Kùzu)
            --format csv      kinds, sources, nodes, edges, citations and claims .csv
                              into the folder -o names
            --format neo4j    nodes.csv and relationships.csv for neo4j-admin import
            The whole graph (no selection, no filter) exports with every edge kind
            and source, so that importing a csv, json or graphml export restores
            it; a selection carries the kinds its edges use and the sources it
            cites. Without -o, the single-file formats go to stdout. The same
            database and options give the same bytes.
            Examples:
              tiergraph export --format dot --upstream chip:h200 -o h200.dot
              tiergraph export --format csv -o backup/
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case dot, json, graphml, cypher, csv, neo4j }

    @OptionGroup var store: StoreOptions
    @OptionGroup var selection: SelectionOptions
    @Option(help: "dot, json, graphml, cypher, csv or neo4j.") var format: Format
    @Option(help: "The Cypher dialect: neo4j, falkordb or kuzu (Kùzu and LadybugDB).") var dialect: CypherExporter.Dialect = .neo4j
    @Option(name: .shortAndLong, help: "The file (or, for csv, the folder) to write.") var output: String?
    @Option(name: .customLong("cluster-by"), help: "Group nodes into boxes by kind or country (dot).") var clusterBy: DOTWriter.Clustering?
    @Flag(help: "With --format dot: the diagram as `render` draws it (a legend; supply edges turned to point from supplier to buyer).")
    var diagram = false
    @OptionGroup var styling: StyleOptions

    func validate() throws {
        if diagram && format != .dot { throw ValidationError("--diagram goes with --format dot only") }
        if styling.style != nil && format != .dot { throw ValidationError("--style goes with --format dot only") }
    }

    private var purpose: DOTWriter.Purpose { diagram ? .diagram : .data }

    func run() throws {
        let graph = try store.open(readOnly: true)
        let filter = try selection.filter(graph)
        let focus = try selection.focus(graph)
        if focus == .all && (format == .dot || format == .csv) {
            return try streamWholeGraph(graph, filter: filter)
        }
        // Data lists edges as they were stored (what breaks ties between parallel edges); a diagram by id.
        let selected = try graph.select(focus, filter: filter, storedOrder: !diagram)
        if let limited = textFormat { try ExportText.check(selected, for: limited) }
        switch format {
        case .dot:
            try emit(DOTWriter(clustering: clusterBy, purpose: purpose, styles: try styling.sheet(graph)).write(selected, flows: try graph.flows()))
        case .json:
            try emit(NodeLinkExporter.document(selected, catalogue: try graph.catalogue(of: selected)).serialized(pretty: true) + "\n")
        case .graphml:
            try emit(GraphMLExporter.document(selected, catalogue: try graph.catalogue(of: selected)))
        case .cypher:
            try emit(CypherExporter.script(selected, dialect: dialect))
        case .csv, .neo4j:
            guard let output else { throw ValidationError("--format \(format.rawValue) writes several files: give a folder with -o") }
            let files: [(name: String, content: String)]
            if format == .neo4j {
                files = CSVExporter.neo4jFiles(selected)
            } else {
                files = CSVExporter.files(selected, catalogue: try graph.catalogue(of: selected))
            }
            try AtomicFile.writeFolder(output) { folder in
                for file in files { try AtomicFile.write(Array(file.content.utf8), to: folder + "/" + file.name) }
            }
            FileHandle.standardError.write(Data("wrote \(selected.nodes.count) nodes and \(selected.edges.count) edges to \(output)\n".utf8))
        }
    }

    /// The format's limits on text, checked before anything is written (nil: it carries any text).
    private var textFormat: ExportText.Format? {
        switch format {
        case .dot: return .dot
        case .graphml: return .graphml
        case .csv, .neo4j: return .csv
        case .cypher:
            switch dialect {
            case .neo4j: return .cypher
            case .falkordb: return .falkordb
            case .kuzu: return .kuzu
            }
        case .json: return nil
        }
    }

    /// The whole graph as DOT or CSV, streamed from the database: memory stays flat whatever its size.
    private func streamWholeGraph(_ graph: GraphStore, filter: QueryFilter) throws {
        if let limited = textFormat { try graph.checkExportText(filter: filter, for: limited) }
        if format == .csv {
            guard let output else { throw ValidationError("--format csv writes several files: give a folder with -o") }
            let counts = try AtomicFile.writeFolder(output) { folder in try CSVExporter.stream(graph, filter: filter, to: folder) }
            FileHandle.standardError.write(Data("wrote \(counts.nodes) nodes and \(counts.edges) edges to \(output)\n".utf8))
            return
        }
        // As `render` would draw it: no edge labels on a large graph (see DOTWriter).
        let labelled = try graph.nodeCount() <= DOTWriter.edgeLabelLimit
        try BufferedFile.write(path: output) { out in
            try DOTWriter(clustering: clusterBy, edgeLabels: labelled, purpose: purpose, styles: try styling.sheet(graph)).stream(
                title: GraphSelection.title(of: filter), flows: try graph.flows(),
                nodes: { emit in try graph.forEachNode(filter: filter, groupedBy: clusterBy?.rawValue, emit) },
                edges: { emit in try graph.forEachEdge(filter: filter, storedOrder: !diagram, emit) },
                to: { try out.append($0) })
        }
    }

    private func emit(_ text: String) throws {
        if let output {
            try AtomicFile.write(Array(text.utf8), to: output)
        } else {
            Output.write(text)
        }
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the graph, or a selection of it, as SVG, PNG or PDF (Graphviz, in a child process with time and memory limits).",
        discussion: """
            The format comes from the file name. Goods flow left to right; shapes and colours by \
            node kind, with a legend; dashed edges are not supply (ownership, shares); a --path is \
            highlighted. Graphviz runs in a child process of tiergraph, with the time limit of \
            --timeout and the memory limit of --memory-limit: a crash, a layout that does not end \
            or one that needs too much memory is an error, and the file is written only when \
            complete. Edges are labelled with their kind and share up to \(DOTWriter.edgeLabelLimit) \
            nodes (beyond, the labels are unreadable and slow the layout most). Above \
            \(Graphviz.largeGraph) nodes the dot layout is slow, so sfdp is used unless --layout \
            says otherwise. A selection reads only its part of the database (a --path with --k or \
            --weight loads the whole graph first).

            Examples:
              tiergraph render -o chain.svg --upstream bytedance --depth 3
              tiergraph render -o path.png --path tsmc csp:china
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var selection: SelectionOptions
    @Option(name: .shortAndLong, help: "The file to write: .svg, .png, .pdf (or .dot).") var output: String
    @Option(help: "The layout: \(Graphviz.layouts.joined(separator: ", ")) (default dot).") var layout: String?
    @Option(name: .customLong("cluster-by"), help: "Group nodes into boxes by kind or country.") var clusterBy: DOTWriter.Clustering?
    @OptionGroup var styling: StyleOptions
    @Option(name: .customLong("collapse-by"), help: ArgumentHelp(
        "Draw one node per value of this field (kind, country or a property), with counts, and one edge per pair of groups and kind.",
        valueName: "field"))
    var collapseBy: String?
    @Flag(help: "Draw a selection of more than \(Render.readableLimit) nodes anyway (no picture of that many can be read).")
    var force = false
    @Flag(help: "Draw nodes that no drawn edge touches too (left out of whole-graph pictures by default).")
    var includeIsolated = false
    @Option(help: "Stop the layout after this many seconds.") var timeout: Double = IsolatedRenderer.defaultTimeout
    @Option(name: .customLong("memory-limit"), help: "Stop the layout when it needs more than this many MiB.")
    var memoryLimit: Int = IsolatedRenderer.defaultMemoryLimit >> 20

    func validate() throws {
        guard Graphviz.Format(fileName: output) != nil else {
            throw ValidationError("-o must end in .svg, .png, .pdf or .dot")
        }
        guard timeout > 0 && timeout <= 31_536_000 else { throw ValidationError("--timeout must be a number of seconds above 0 and at most a year (31536000)") }
        guard memoryLimit > 0 else { throw ValidationError("--memory-limit must be more than 0 MiB") }
    }

    func run() throws {
        try AtomicFile.checkFolder(of: output)
        let graph = try store.open(readOnly: true)
        var selected = try selection.select(graph, includeIsolated: includeIsolated)
        guard !selected.nodes.isEmpty else {
            throw ValueError("nothing to draw: no node matches the selection and its filters")
        }
        if let collapseBy {
            let field = NodeField(parsing: collapseBy)
            try graph.validate(field)
            selected = selected.collapsed(by: field)
        }
        guard selected.nodes.count <= Render.readableLimit || force else {
            throw ValueError("""
                \(selected.nodes.count) nodes are too many to read in one picture: draw a smaller selection (--depth, --hops, \
                --kinds, --edge-kinds), or groups (--collapse-by kind, country or a property), or pass --force to draw it anyway
                """)
        }
        try ExportText.check(selected, for: .picture)
        let dot = try Render.dot(selected, store: graph, clustering: clusterBy, styles: try styling.sheet(graph))
        let renderer = IsolatedRenderer(timeout: timeout, memoryLimit: memoryLimit << 20)
        let rendering = try renderer.render(dot, format: Graphviz.Format(fileName: output)!, layout: layout)
        if let note = rendering.note { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        try AtomicFile.write(rendering.data, to: output)
        Output.line("wrote \(output) (\(rendering.data.count) bytes, layout \(rendering.layout))")
    }

    /// The most nodes `render` draws without --force.
    static let readableLimit = 3_000

    /// The DOT text of a selection, with the database's edge kinds.
    static func dot(_ selection: GraphSelection, store: GraphStore, clustering: DOTWriter.Clustering?, styles: StyleSheet) throws -> String {
        DOTWriter(clustering: clustering, styles: styles).write(selection, flows: try store.flows())
    }
}

extension CypherExporter.Dialect: ExpressibleByArgument {}

/// The render worker (hidden): reads a render request on stdin and answers on stdout, for
/// ``IsolatedRenderer``. Not for people; `render` starts it.
struct RenderWorker: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: IsolatedRenderer.workerArguments[0], shouldDisplay: false)

    func run() throws {
        let status = IsolatedRenderer.runWorker()
        if status != 0 { throw ExitCode(status) }
    }
}
