import ArgumentParser
import Tiergraph

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Count nodes, edges, sources and citations, by kind.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let stats = try store.open(readOnly: true).statistics()
        output.emit(stats.json) {
            var text = "nodes: \(stats.nodes)\nedges: \(stats.edges)\nsources: \(stats.sources)\ncitations: \(stats.citations)\n"
            text += "nodes by kind:\n" + stats.nodesByKind.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)\n" }.joined()
            text += "edges by kind:\n" + stats.edgesByKind.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)\n" }.joined()
            text += "supply index: " + (stats.supplyIndex ? "current\n" : "incomplete (`tiergraph reindex` rebuilds it)\n")
            text += "supply baseline: " + (stats.supplyBaseline ? "current\n" : "none since the last edit (`tiergraph reindex` rebuilds it)\n")
            return text
        }
    }
}
