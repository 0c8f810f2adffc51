import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Tiergraph

/// `tiergraph serve`: the viewer's pages and its JSON API over one database file, on loopback
/// by default.
///
/// Every request reads through a ``StorePool`` on a thread pool of its own, so a slow query or a
/// diagram never blocks the event loops; diagrams are drawn by ``IsolatedRenderer`` (a child
/// process with time and memory limits, as `tiergraph render` does) on a second pool, so that
/// layouts under load do not hold up JSON requests. Read-only unless an edit token is given.
public struct ViewerServer: Sendable {
    /// What the server serves, where, and what it allows.
    public struct Configuration: Sendable {
        /// The database file.
        public var databasePath: String
        /// The address to listen on (`127.0.0.1`: this machine only). On a loopback address,
        /// requests must name a loopback host too (see ``LoopbackHosts``).
        public var host: String
        /// The port; 0 picks a free one (the URL printed at start says which).
        public var port: Int
        /// With a token, `POST /api/import` and `DELETE /api/node|edge` are allowed to requests
        /// that send `Authorization: Bearer TOKEN`; without one the server is read-only.
        public var editToken: String?
        /// How diagrams are drawn.
        public var renderer: IsolatedRenderer
        /// Seconds a connection may stay silent (no request, or a request's head not finished)
        /// before it is closed: clients that open connections and send nothing do not pile up.
        /// A request being answered is never cut.
        public var idleTimeout: Int

        public init(databasePath: String, host: String = "127.0.0.1", port: Int = 8080, editToken: String? = nil,
                    renderer: IsolatedRenderer = IsolatedRenderer(timeout: 30, memoryLimit: 2 << 30), idleTimeout: Int = 60) {
            self.databasePath = databasePath
            self.host = host
            self.port = port
            self.editToken = editToken
            self.renderer = renderer
            self.idleTimeout = idleTimeout
        }
    }

    public let configuration: Configuration

    /// The host names that reach this machine only; a server on one of them checks each request's
    /// `Host` (see `LoopbackHosts`).
    public static var loopbackHosts: Set<String> { LoopbackHosts.names }

    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// Opens the database (checking it, without loading the graph), starts listening, calls
    /// `started` with the server's URL, and serves until SIGINT or SIGTERM, then shuts down
    /// cleanly (requests in progress are finished).
    /// - Throws: ``GraphStoreError`` when the file is missing or not a Tiergraph database, and
    ///   the server's error when it cannot listen.
    public func run(logger: Logger, started: @escaping @Sendable (String) -> Void) async throws {
        let queries = NIOThreadPool(numberOfThreads: max(4, System.coreCount * 2))
        let drawing = NIOThreadPool(numberOfThreads: 2)
        // The file is opened and checked before any thread starts, so a bad file leaves nothing running.
        let site = try Site(
            pool: StorePool(path: configuration.databasePath, threads: queries),
            writer: configuration.editToken == nil ? nil : StoreWriter(path: configuration.databasePath, threads: queries),
            editToken: configuration.editToken, renderer: configuration.renderer, drawing: drawing)
        queries.start()
        drawing.start()
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.middlewares.add(RequestLog())
        if LoopbackHosts.names.contains(configuration.host) { router.middlewares.add(LoopbackHosts()) }
        site.register(on: router)
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeout)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tiergraph"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                // An IPv6 address goes in brackets in a URL (http://[::1]:8080/).
                let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
                started("http://\(host):\(port)/")
            },
            logger: logger)
        do {
            try await app.runService()
        } catch {
            try? await queries.shutdownGracefully()
            try? await drawing.shutdownGracefully()
            throw error
        }
        try await queries.shutdownGracefully()
        try await drawing.shutdownGracefully()
    }
}
