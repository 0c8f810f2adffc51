import Hummingbird
import Logging
import NIOCore

/// Logs each request once it is answered: method, path and query, status and time taken
/// (`GET /api/path?from=tsmc&to=csp:china 200 12 ms`), on the server's logger (stderr).
struct RequestLog: RouterMiddleware {
    func handle(_ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
        let start = NIODeadline.now()
        let line = "\(request.method.rawValue) \(request.uri.description)"
        do {
            let response = try await next(request, context)
            context.logger.info("\(line) \(response.status.code) \(RequestLog.milliseconds(since: start)) ms")
            return response
        } catch {
            context.logger.info("\(line) failed after \(RequestLog.milliseconds(since: start)) ms: \(error)")
            throw error
        }
    }

    private static func milliseconds(since start: NIODeadline) -> Int64 {
        (NIODeadline.now() - start).nanoseconds / 1_000_000
    }
}
