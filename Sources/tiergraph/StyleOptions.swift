import ArgumentParser
import Tiergraph

/// `--style FILE`, for `render` and `export --format dot`.
struct StyleOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A style file: CSV with kind,shape,fill (a node kind's Graphviz shape and #RRGGBB fill) and/or color (an edge kind's).",
        valueName: "file"))
    var style: String?

    /// The database's styles, with the style file's over them.
    func sheet(_ store: GraphStore) throws -> StyleSheet {
        let sheet = try store.styleSheet()
        return try style.map { try sheet.loading(path: $0) } ?? sheet
    }
}
