import ArgumentParser
import Tiergraph

struct Undo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Undo the last write (or write ID from `tiergraph log`), in one transaction.",
        discussion: """
            Without ID, undoes the newest write still in effect (not an undo): run it again to \
            step further back. `undo ID` of an undo puts back what it undid. Every row the write \
            added, changed or removed must still be as it left it: if a later write changed one, \
            nothing is changed and the error names the row and that write (undo it first). An \
            import into an empty graph is undone by emptying the graph. The undo is itself a \
            write in the log.
            Example:
              tiergraph import Graph/ --db g.db
              tiergraph add node acme --kind company --db g.db
              tiergraph undo --db g.db     # takes acme away again
              tiergraph log --db g.db
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "The write to undo (its id in `tiergraph log`, with or without #).") var id: String?

    func run() throws {
        let target = try id.map { text throws -> Int64 in
            let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
            guard let number = Int64(digits), number > 0 else {
                throw ValidationError("ID is a write's number in `tiergraph log` (such as 3 or #3), got '\(text)'")
            }
            return number
        }
        let entry = try store.open().undo(target)
        output.emit(entry.json) {
            "undid #\(entry.undoes ?? 0) as write #\(entry.id)" + (entry.countsText.isEmpty ? "" : ": \(entry.countsText)") + "\n"
        }
    }
}
