import ArgumentParser

@main
struct TiergraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiergraph",
        abstract: "Supply-chain graphs in one SQLite file: import, query, check.",
        discussion: """
            Every command works on one database: --db PATH, else $TIERGRAPH_DB, else ./tiergraph.db.
            Anywhere a node is named, its id, name or an alias is accepted (case-insensitive).
            Commands that print data take --format text|json. Errors go to stderr with a
            non-zero exit code.

            Start with:
              tiergraph import Graph/          load the curated graph (creates the database)
              tiergraph stats                  what it holds
              tiergraph find nvidia            look a node up by name or alias (英伟达 works too)
              tiergraph show nvidia            a node with its edges and sources
              tiergraph path tsmc bytedance    how goods get from one to the other
              tiergraph upstream chip:h200     what a chip depends on, tier by tier
              tiergraph chokepoints bytedance  single points of failure of its supply
            """,
        subcommands: [
            Init.self, Import.self, Add.self, Remove.self, Kind.self, Show.self, List.self, Find.self,
            Stats.self, Check.self, PathCommand.self, PathsCommand.self, Upstream.self, Downstream.self,
            Neighbors.self, Chokepoints.self, Impact.self, Exposure.self, Export.self, Render.self, Generate.self,
        ]
    )
}
