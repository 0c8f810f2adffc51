import Hummingbird

/// On a loopback server, refuses requests whose `Host` is not a loopback name. A web page on
/// another site can point its own name at 127.0.0.1 (DNS rebinding) and then read this
/// server's pages and JSON as if they were its own; the `Host` its browser sends still names
/// that site, so the request is refused (403) here.
struct LoopbackHosts: RouterMiddleware {
    /// The names a request may send as its `Host` (without the port).
    static let names: Set<String> = ["127.0.0.1", "localhost", "::1"]

    func handle(_ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
        let host = request.head.authority ?? ""
        guard LoopbackHosts.names.contains(LoopbackHosts.name(host)) else {
            return Site.errorResponse(RequestError(.forbidden, "this server answers requests to 127.0.0.1 or localhost only, not to '\(host)'; start it with --host to serve another name"), path: request.uri.path)
        }
        return try await next(request, context)
    }

    /// `host` without its port: `[::1]:8080` is `::1`, `localhost:8080` is `localhost`.
    static func name(_ host: String) -> String {
        if host.hasPrefix("["), let end = host.firstIndex(of: "]") { return String(host[host.index(after: host.startIndex)..<end]).lowercased() }
        return String(host.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").lowercased()
    }
}
