import ArgumentParser
import Tiergraph

struct Reindex: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild the supply index and its baseline, which make path, chokepoints and impact fast on large files.",
        discussion: """
            Every import rebuilds both. Edits (add, remove, merge, undo) keep the index whole but \
            empty the baseline, which depends on the whole graph: impact then proves supply node by \
            node, slower on a large graph. A change to a kind's flow empties the index, and plain-SQL \
            edits leave rows of it missing until the next Tiergraph write; queries then read the edge \
            indexes instead: the same answers, slower. `tiergraph stats` says what is current. Takes \
            a few seconds per million edges.
            """)

    @OptionGroup var store: StoreOptions

    func run() throws {
        let graph = try store.open()
        let built = try graph.rebuildSupplyIndex()
        Output.line(built ? "supply index rebuilt" : "supply index left empty: the graph has no supply edges (or its node keys were made sparse by plain SQL)")
    }
}
