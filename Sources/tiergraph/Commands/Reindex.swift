import ArgumentParser
import Tiergraph

struct Reindex: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild the supply index that makes supply-direction path fast on large files.",
        discussion: """
            Every import rebuilds it. Any other change to an edge or a kind's flow (add, remove, or \
            plain SQL) empties it, and those queries then read the edge indexes instead: the same \
            answers, slower on a large graph. Run this after such changes. Takes a few seconds per \
            million edges.
            """)

    @OptionGroup var store: StoreOptions

    func run() throws {
        let graph = try store.open()
        let built = try graph.rebuildSupplyIndex()
        Output.line(built ? "supply index rebuilt" : "supply index left empty: the graph has no supply edges (or its node keys were made sparse by plain SQL)")
    }
}
