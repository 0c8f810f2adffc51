import ArgumentParser
import Tiergraph

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the writes recorded in the database's history, newest first.",
        discussion: """
            Every write is recorded: import, add, remove, kind add, merge, undo, and the viewer's \
            edits. Each has an id (for `tiergraph undo ID` and `tiergraph diff --since ID`), the \
            command, its time (UTC), the rows it added (+), changed (~) and removed (-) per table, \
            the files it read with their SHA-256, and whether it can be undone.
            Example:
              tiergraph import Graph/ --db g.db
              tiergraph add node acme --kind company --db g.db
              tiergraph log --db g.db
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Show at most this many writes, newest first (0: all).") var limit = 20

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit takes 0 (all) or a positive number, got \(limit)") }
    }

    func run() throws {
        let entries = try store.open(readOnly: true).history()
        let shown = Array(entries.reversed().prefix(limit == 0 ? entries.count : limit))
        output.emit(HistoryEntry.logJSON(entries, limit: limit)) {
            guard !entries.isEmpty else { return "no writes recorded yet\n" }
            var text = shown.map(Log.text).joined()
            if shown.count < entries.count {
                text += "(\(entries.count - shown.count) older writes: --limit 0 shows all)\n"
            }
            return text
        }
    }

    static func text(_ entry: HistoryEntry) -> String {
        var text = "#\(entry.id) \(entry.at) \(entry.command)\n"
        let counts = entry.countsText
        if !counts.isEmpty { text += "    \(counts)\n" }
        for file in entry.files { text += "    file \(file.file) sha256:\(file.sha256.prefix(12)) \(file.bytes) bytes\n" }
        if let target = entry.undoes { text += "    undid #\(target)\n" }
        if let by = entry.undoneBy { text += "    undone by #\(by)\n" }
        switch entry.undo {
        case .changeset: break
        case .empty: text += "    undo empties the graph (an import into an empty graph)\n"
        case .none: text += "    cannot be undone: \(entry.note ?? "no undo data")\n"
        }
        return text
    }
}
