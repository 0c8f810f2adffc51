import ArgumentParser
import Foundation
import Tiergraph

/// `--db PATH`, shared by every command.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The database file.", discussion: "Defaults to $TIERGRAPH_DB, else tiergraph.db in the current folder.",
        valueName: "path"))
    var db: String?

    /// The path to use: the option, the environment, or the default.
    var path: String {
        db ?? ProcessInfo.processInfo.environment["TIERGRAPH_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "tiergraph.db"
    }

    /// Opens the database; `create` makes it if missing (otherwise a missing file is an error).
    /// `readOnly` is for commands that only read: see ``GraphStore/init(path:create:readOnly:)``.
    /// Its writes are recorded in the history under the command line (``commandLine``).
    func open(create: Bool = false, readOnly: Bool = false) throws -> GraphStore {
        let store = try GraphStore(path: path, create: create, readOnly: readOnly)
        store.command = StoreOptions.commandLine
        return store
    }

    /// This process's arguments without `--db PATH` (the history is the file's own), each
    /// quoted as a shell would need it: `add node nvidia --kind company --name 'Nvidia Corp'`.
    static var commandLine: String {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if let at = arguments.firstIndex(of: "--db") {
            arguments.removeSubrange(at..<min(at + 2, arguments.count))
        }
        arguments.removeAll { $0.hasPrefix("--db=") }
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,@%+")
        return arguments.map { argument in
            !argument.isEmpty && argument.allSatisfy { plain.contains($0) || !$0.isASCII }
                ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--format text|json`, for every command that prints data.
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text for people, json for programs (stable, see README).")
    var format: OutputFormat = .text

    /// Prints `value` as JSON, or `text()` as text.
    func emit(_ value: @autoclosure () -> JSONValue, text: () -> String) {
        switch format {
        case .json: Output.line(value().serialized(pretty: true))
        case .text: Output.write(text())
        }
    }
}

extension KindChangePolicy: ExpressibleByArgument {}
