import ArgumentParser
import Foundation
import Tiergraph

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Full-text search over node names and aliases, quotes, and source titles (SQLite FTS5).",
        discussion: """
            Every word must occur; the end of a word may be left off (lith finds lithography). \
            Case, width, accents and Traditional/Simplified Chinese are folded: 台積電 finds 台积电. \
            Chinese needs no spaces: any run of characters is matched as written. Best matches \
            first (BM25), each with the matching text in brackets. Unlike `find`, which looks a \
            node up by id, name or alias, this also reads what the sources say. The index is \
            built on the first search and rebuilt after any change. Exits 1 when nothing matches.
            Examples: tiergraph search 禁令   |   tiergraph search 華為 昇騰   |   tiergraph search hopper
            JSON: {"query", "hits": [{"item": node|edge|source, "id", "label", "field", "source", "text", "snippet"}]}.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "The words to look for.") var words: [String]
    @Option(help: "At most this many hits.") var limit = 50

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit takes a number of at least 1") }
    }

    func run() throws {
        let text = words.joined(separator: " ")
        let hits = try store.open(readOnly: true).search(text, limit: limit)
        output.emit(["query": .string(text), "hits": .array(hits.map(\.json))]) {
            hits.map { hit in
                "\(hit.item.rawValue) \(hit.id)" + (hit.item == .edge || hit.label == hit.id ? "" : " (\(hit.label))")
                    + (hit.item == .edge ? "  " + hit.label : "") + "\n  \(hit.field)" + (hit.source.map { " in \($0)" } ?? "") + ": \(hit.snippet)\n"
            }.joined()
        }
        if hits.isEmpty {
            FileHandle.standardError.write(Data("no name, alias, quote or title contains every word of '\(text)'\n".utf8))
            throw ExitCode(1)
        }
    }
}
