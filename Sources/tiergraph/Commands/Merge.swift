import ArgumentParser
import Tiergraph

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge node B into node A: one entity under two ids.",
        discussion: """
            B's aliases, citations, claims and edges move to A, and the properties A lacks; B's \
            name and id become aliases of A, so B's id still finds A. Where they disagree A's \
            value is kept and the conflict listed (kind, country, a property's value; an edge \
            between A and B, which would become a self-loop, is removed; an edge that becomes \
            the same fact as one of A's is removed, its citations joining A's edge). One \
            transaction; --dry-run shows what would happen and writes nothing. \
            `tiergraph duplicates` lists likely pairs.
            Examples: tiergraph merge gov:us gov:us-commerce --dry-run   |   tiergraph merge tsmc tsmc-tw (a pair `duplicates` listed)
            JSON: {"kept", "merged", "dry_run", "aliases_added", "citations_moved", "claims_moved", "properties_added", \
            "edges_moved", "edges_reidentified": [{"old", "new"}], "conflicts": [{"what", "kept", "dropped", "resolution"}]}.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "The node kept (id, name or alias).") var keeper: String
    @Argument(help: "The node merged into it and removed (id, name or alias).") var duplicate: String
    @Flag(help: "Show what would happen; write nothing.") var dryRun = false

    func run() throws {
        let report = try store.open().merge(duplicate, into: keeper, dryRun: dryRun)
        output.emit(report.json) {
            var text = "merged \(report.merged) into \(report.kept)" + (report.dryRun ? " (dry run: nothing written)" : "") + "\n"
            text += "  aliases added: " + (report.aliasesAdded.isEmpty ? "none" : report.aliasesAdded.joined(separator: ", ")) + "\n"
            text += "  citations moved: \(report.citationsMoved), claims moved: \(report.claimsMoved), edges moved: \(report.edgesMoved)\n"
            if !report.propertiesAdded.isEmpty { text += "  properties added: " + report.propertiesAdded.joined(separator: ", ") + "\n" }
            for (old, new) in report.edgesReidentified { text += "  edge \(old) is now \(new) (its id is derived from its ends)\n" }
            text += report.conflicts.isEmpty ? "  no conflicts\n" : "  conflicts:\n" + report.conflicts.map {
                "    \($0.what): " + ($0.kept.map { "kept \($0); " } ?? "") + "dropped \($0.dropped) — \($0.resolution)\n"
            }.joined()
            return text
        }
    }
}

struct Duplicates: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List pairs of nodes that may be one entity: equal names, aliases or ids once folded.",
        discussion: """
            Folding: case, width (ＴＳＭＣ = TSMC), accents, and Traditional/Simplified Chinese \
            (台積電 = 台积电). Only equal folded texts count, never one contained in another (H20 \
            and H200 are no pair). Score: 2 per shared name, +1 same kind, +1 same country; \
            each pair says why. Merge a pair with `tiergraph merge A B`.
            Example: tiergraph duplicates
            JSON: {"candidates": [{"first", "second", "score", "explanation", "shared": [{"key", "first", "first_field", "second", "second_field", "folding"}]}]}.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "At most this many pairs.") var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit takes a number of at least 1") }
    }

    func run() throws {
        let candidates = try store.open(readOnly: true).duplicateCandidates(limit: limit)
        output.emit(["candidates": .array(candidates.map(\.json))]) {
            candidates.isEmpty ? "no two nodes share a name, alias or id once folded\n" : candidates.map {
                "\($0.first.id) (\($0.first.name)) ~ \($0.second.id) (\($0.second.name))\n  \($0.explanation)\n"
            }.joined()
        }
    }
}
