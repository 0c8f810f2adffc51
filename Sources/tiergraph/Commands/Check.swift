import ArgumentParser
import Foundation
import Tiergraph

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the database file and the graph; exit 1 if anything is wrong.",
        discussion: """
            Runs SQLite's integrity and foreign-key checks, then the graph's own: edges whose \
            endpoints, kind or cited sources are missing, shares outside 0…1, periods that end \
            before they start, volumes whose ends are out of order, qualifiers Tiergraph would \
            not write (an as_of that is no date, a status outside its kind's vocabulary). \
            Problems are printed to stdout, one per line.

            Then, as information (exit 0 if nothing else is wrong): claims that contradict each \
            other, the same quantity claimed for the same time by different sources with \
            shares that cannot both hold, or a permission or supply said to be in force and not \
            in force. Such conflicts are what articles do; the graph keeps both sides.

            With --sources DIR, then checks that every citation's quote stands verbatim (byte \
            for byte) in the file it cites: the source's url when that is a file reference \
            (relative to DIR), else its id. An id ending in #N cites part N of a bundled file: \
            the article that begins at the N-th title line (a line followed by a byline \
            "publisher· YYYY-MM-DD HH:MM"). A quote that differs only in whitespace is not \
            found, and its line says so. Each finding is one line (code: message); a source \
            whose url is not a local file (http:…) is listed as not checked. Exits 1 if a quote \
            is not found or a cited file or part is missing or unreadable.
            """)

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: ArgumentHelp(
        "Also check every quote against the source files in this folder.", valueName: "dir"))
    var sources: String?
    @OptionGroup var output: FormatOptions

    func run() throws {
        let graph = try store.open(readOnly: true)
        let problems = try graph.check()
        // A file SQLite cannot read on is reported, not thrown at: the conflicts are left out.
        let conflicts = problems.contains { $0.code == .integrity } ? ((try? graph.claimConflicts()) ?? []) : try graph.claimConflicts()
        let quotes = try sources.map { try graph.checkQuotes(sources: URL(fileURLWithPath: $0)) }
        let failed = !problems.isEmpty || quotes?.hasErrors == true
        var json: [String: JSONValue] = [
            "ok": .bool(!failed), "problems": .array(problems.map(\.json)), "conflicts": .array(conflicts.map(\.json)),
        ]
        if let quotes {
            json["quotes"] = .array(quotes.findings.map(\.json))
            json["quotes_total"] = .int(Int64(quotes.quotes))
            json["quotes_checked"] = .int(Int64(quotes.checked))
            json["quotes_found"] = .int(Int64(quotes.found))
        }
        output.emit(.object(json)) {
            var text = failed ? problems.map { "\($0)\n" }.joined() : "ok: no problems found\n"
            text += conflicts.map { "info: \($0)\n" }.joined()
            if let quotes, let sources {
                text += quotes.findings.map { "\($0)\n" }.joined()
                text += "quotes: \(quotes.found) of \(quotes.quotes) found verbatim in \(sources)"
                if quotes.checked < quotes.quotes { text += " (\(quotes.quotes - quotes.checked) not checked)" }
                text += "\n"
            }
            return text
        }
        if failed { throw ExitCode(1) }
    }
}
