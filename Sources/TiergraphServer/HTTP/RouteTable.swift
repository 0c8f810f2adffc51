import HTTPTypes
import Hummingbird

/// The router, remembering the methods each path was registered with, so that a request with
/// another method (`POST /api/stats`) is answered 405 with the methods the path takes rather
/// than "no such route". Filled while the routes are registered, read-only once serving.
final class RouteTable: RouterMethods, @unchecked Sendable {
    typealias Context = BasicRequestContext
    private let router: Router<BasicRequestContext>
    /// Each registered path (as ``RouterPath`` spells it) and its methods; a GET also answers HEAD.
    private(set) var methods: [String: Set<HTTPRequest.Method>] = [:]

    init(_ router: Router<BasicRequestContext>) {
        self.router = router
    }

    @discardableResult func on<Responder: HTTPResponder>(
        _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == Context {
        methods[path.description, default: []].formUnion(method == .get ? [.get, .head] : [method])
        router.on(path, method: method, responder: responder)
        return self
    }

    @discardableResult func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        router.add(middleware: middleware)
        return self
    }
}
