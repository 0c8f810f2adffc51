import ArgumentParser
import Foundation
import Logging
import Tiergraph
import TiergraphServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explore the graph in a browser: search, node pages with sources and quotes, diagrams, paths, tiers, chokepoints, what-if.",
        discussion: """
            Serves the viewer and its JSON API (/api/search, /api/node, /api/path, /api/upstream, \
            /api/chokepoints, /api/impact… : the JSON the commands print; see the README) on \
            127.0.0.1, this machine only, unless --host says otherwise. Prints the URL on stdout \
            when it listens (--port 0 picks a free port); logs each request on stderr; stops \
            cleanly on Ctrl-C (SIGINT) or SIGTERM.
            Read-only unless --allow-edits, which prints a token: edits (POST /api/import, \
            DELETE /api/node, DELETE /api/edge) must send it as `Authorization: Bearer TOKEN`.
            Example: tiergraph serve --db tiergraph-demo.db --port 8080
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port (0: any free port).") var port = 8080
    @Flag(help: "Allow edits from requests that send the token printed at start.") var allowEdits = false
    @Option(help: ArgumentHelp("Seconds a connection may stay silent before it is closed (1 to 3600).", valueName: "seconds")) var idleTimeout = 60

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard (1...3_600).contains(idleTimeout) else { throw ValidationError("--idle-timeout must be from 1 to 3600 seconds") }
    }

    func run() async throws {
        let token = allowEdits ? Serve.newToken() : nil
        var logger = Logger(label: "tiergraph.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .info
        if !ViewerServer.loopbackHosts.contains(host) {
            FileHandle.standardError.write(Data("note: listening on \(host): other machines can reach this server\n".utf8))
        }
        // Checks the file before listening: a missing or foreign file is an error, not a server.
        _ = try store.open(readOnly: true)
        let server = ViewerServer(.init(databasePath: store.path, host: host, port: port, editToken: token, idleTimeout: idleTimeout))
        try await server.run(logger: logger) { url in
            var text = "Tiergraph viewer: \(url) (\(token == nil ? "read-only" : "edits allowed"))\n"
            if let token { text += "edit token: \(token)\n" }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// 32 hex digits from the system's random source.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt32, radix: 16).leftPadded(to: 8) }.joined()
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
