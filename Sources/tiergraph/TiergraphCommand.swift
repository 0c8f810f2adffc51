import ArgumentParser

@main
struct TiergraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiergraph",
        abstract: "Supply-chain graphs in one SQLite file: import, query, check.",
        discussion: """
            Every command works on one database: --db PATH, else $TIERGRAPH_DB, \
            else ./tiergraph.db. Anywhere a node is named, its id, name or an alias \
            is accepted (case-insensitive). Commands that print data take \
            --format text|json. Errors go to stderr with a non-zero exit code.

            Start with:
              tiergraph import Graph/           load the curated graph
              tiergraph stats                   what it holds
              tiergraph find 英伟达              look a node up by name or alias
              tiergraph show nvidia             a node, its edges and sources
              tiergraph search 台積電            names, aliases and quotes (full text)
              tiergraph edges --where input=H200   edges by their fields and quotes
              tiergraph path tsmc csp:china     how goods get from one to another
              tiergraph upstream chip:h200      what it needs, tier by tier
              tiergraph chokepoints chip:h200   single points of failure, by input
              tiergraph impact --remove gov:us  what-if: who loses supply
              tiergraph render -o g.svg         a diagram of the graph
            And to explore it in a browser: `tiergraph serve` (see `tiergraph help serve`).
            """,
        subcommands: [
            Init.self, Import.self, Add.self, Remove.self, Kind.self, Show.self, Sources.self, List.self, Find.self, Search.self, Edges.self, Merge.self, Duplicates.self,
            Stats.self, Imports.self, Log.self, Undo.self, Diff.self, Check.self, Reindex.self, PathCommand.self, PathsCommand.self, Upstream.self, Downstream.self,
            Neighbors.self, Chokepoints.self, Impact.self, Exposure.self, Export.self, Render.self, Serve.self, Generate.self, RenderWorker.self,
        ]
    )
}
