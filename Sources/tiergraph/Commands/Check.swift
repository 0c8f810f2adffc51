import ArgumentParser
import Tiergraph

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the database file and the graph; exit 1 if anything is wrong.",
        discussion: """
            Runs SQLite's integrity and foreign-key checks, then the graph's own: edges whose \
            endpoints, kind or cited sources are missing, shares outside 0…1, periods that end \
            before they start. Problems are printed to stdout, one per line.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let problems = try store.open(readOnly: true).check()
        output.emit(["ok": .bool(problems.isEmpty), "problems": .array(problems.map(\.json))]) {
            problems.isEmpty ? "ok: no problems found\n" : problems.map { "\($0)\n" }.joined()
        }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
