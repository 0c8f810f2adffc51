import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOPosix
import Tiergraph

/// The server's routes and what they share: the store pool, the writer (when edits are allowed),
/// the renderer. Pages are in `Pages/`, the JSON API in `API/`.
struct Site: Sendable {
    let pool: StorePool
    let writer: StoreWriter?
    let editToken: String?
    let renderer: IsolatedRenderer
    let drawing: NIOThreadPool

    /// Adds every route to `router`; anything else is a 404, or a 405 for a known path asked
    /// with another method (JSON under `/api/`, a page elsewhere).
    func register(on router: Router<BasicRequestContext>) {
        let routes = RouteTable(router)
        registerAPI(on: routes)
        registerEdits(on: routes)
        registerPages(on: routes)
        routes.get("/assets/viewer.css") { _, _ in Site.response(.ok, type: "text/css; charset=utf-8", Assets.css) }
        routes.get("/assets/viewer.js") { _, _ in Site.response(.ok, type: "text/javascript; charset=utf-8", Assets.javascript) }
        // Router middleware wraps the routes added after it, and always the not-found answer.
        router.middlewares.add(NotFound(methods: routes.methods))
    }

    /// A GET route answered from the store pool: the query is checked against `names`, then
    /// `answer` runs on the pool, both the database work and the encoding of the reply (megabytes
    /// for a big closure: not work for Swift's few cooperative threads). An error is answered as
    /// `failure` writes it.
    func get(
        _ router: RouteTable, _ path: String, takes names: Set<String>, failure: @escaping @Sendable (RequestError) -> Response,
        _ answer: @escaping @Sendable (GraphStore, Parameters) throws -> Response
    ) {
        let pool = self.pool
        router.get(RouterPath(path)) { request, _ in
            do {
                let parameters = try Parameters(query: request.uri.query)
                try parameters.rejectUnknown(names)
                return try await pool.read { try answer($0, parameters) }
            } catch {
                return failure(RequestError.describe(error))
            }
        }
    }

    /// Draws `dot` on the drawing pool, in a child process.
    func draw(_ dot: String, format: Graphviz.Format) async throws -> Graphviz.Rendering {
        let renderer = self.renderer
        return try await drawing.runIfActive { try renderer.render(dot, format: format) }
    }

    // MARK: Responses

    /// Security headers on every answer: no sniffing, and for pages no script but the viewer's own.
    static func response(_ status: HTTPResponse.Status, type: String, _ text: String, download: String? = nil) -> Response {
        response(status, type: type, Array(text.utf8), download: download)
    }

    static func response(_ status: HTTPResponse.Status, type: String, _ bytes: [UInt8], download: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: type, .init("X-Content-Type-Options")!: "nosniff"]
        if type.hasPrefix("text/html") {
            headers[.contentSecurityPolicy] = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'"
        }
        if let download { headers[.contentDisposition] = "attachment; filename=\"\(download)\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        response(status, type: "application/json; charset=utf-8", value.serialized(pretty: true) + "\n")
    }

    /// `{"error": {"status": 404, "message": "…"}}`; a 401 says which scheme it wants.
    static func jsonError(_ error: RequestError) -> Response {
        var response = json(["error": ["status": .int(Int64(error.status.code)), "message": .string(error.message)]], status: error.status)
        if error.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"tiergraph\"" }
        return response
    }

    /// `error` as JSON for a path under `/api/`, as a page elsewhere.
    static func errorResponse(_ error: RequestError, path: String) -> Response {
        path.hasPrefix("/api/") ? jsonError(error) : errorPage(error)
    }

    static func errorPage(_ error: RequestError) -> Response {
        let page = Page(title: "Error \(error.status.code)", body: "<h1>\(error.status.code) \(error.status.reasonPhrase.xmlEscaped)</h1>\n<p class=\"error\">\(error.message.xmlEscaped)</p>\n")
        return response(error.status, type: "text/html; charset=utf-8", page.html)
    }
}

/// Answers a request no route matches: 404 for an unknown path; for a known one asked with
/// another method, 405 with `Allow` (and 204 with `Allow` to `OPTIONS`). A JSON error under
/// `/api/`, an error page elsewhere.
struct NotFound: RouterMiddleware {
    /// Each path's methods, from ``RouteTable``.
    let methods: [String: Set<HTTPRequest.Method>]

    func handle(_ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            let allowed = methods[RouterPath(path).description].map { $0.map(\.rawValue).sorted().joined(separator: ", ") }
            let failure = allowed.map { RequestError(.methodNotAllowed, "\(path) takes \($0), not \(request.method.rawValue)") }
                ?? RequestError(.notFound, path.hasPrefix("/api/") ? "no API route \(path); see the README's route list" : "no page at \(path)")
            var response = Site.errorResponse(failure, path: path)
            if let allowed {
                response.headers[.allow] = allowed
                if request.method == .options { response = Response(status: .noContent, headers: [.allow: allowed]) }
            }
            return response
        }
    }
}
