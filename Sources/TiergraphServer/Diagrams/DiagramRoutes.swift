import Hummingbird
import Tiergraph

/// The diagram view (`/diagram?...`: the Graphviz SVG inline, with pan and zoom, nodes that open
/// or expand on a click) and its downloads: `/diagram.dot`, `.svg`, `.png` and `.json`
/// (node-link JSON of the selection). DOT is made on the store pool, Graphviz runs on the
/// drawing pool in a child process, as `tiergraph render` runs it.
extension Site {
    func registerDiagrams(on router: RouteTable) {
        getDiagram(router, "/diagram", page: true) { diagram in
            var page = Page(title: "Diagram", body: DiagramPage.form(diagram.parameters))
            if diagram.hasFocus {
                let (dot, title) = try await pool.read { store in
                    let selection = try diagram.selection(store)
                    return (try diagram.dot(selection, store), selection.title)
                }
                let svg = try await draw(dot, format: .svg)
                page = DiagramPage.page(diagram.parameters, title: title, svg: String(decoding: svg.data, as: UTF8.self))
            }
            // A page of 1,500 nodes is megabytes of SVG: joined off Swift's few shared threads.
            let html = try await drawing.runIfActive { [page] in page.html }
            return Site.response(.ok, type: "text/html; charset=utf-8", html)
        }
        for format in [Graphviz.Format.dot, .svg, .png] {
            getDiagram(router, "/diagram." + format.rawValue, page: false) { diagram in
                let dot = try await pool.read { store in try diagram.dot(try diagram.selection(store), store) }
                if format == .dot { return Site.response(.ok, type: "text/vnd.graphviz; charset=utf-8", dot, download: "diagram.dot") }
                let rendering = try await draw(dot, format: format)
                return Site.response(.ok, type: format == .svg ? "image/svg+xml" : "image/png", rendering.data)
            }
        }
        getDiagram(router, "/diagram.json", page: false) { diagram in
            let document = try await pool.read { store in
                let selection = try diagram.selection(store)
                return NodeLinkExporter.document(selection, catalogue: try store.catalogue(of: selection)).serialized(pretty: true) + "\n"
            }
            return Site.response(.ok, type: "application/json; charset=utf-8", document, download: "diagram.json")
        }
    }

    /// A diagram route: the request read as a ``DiagramRequest`` (its parameters checked), and
    /// errors as an error page (`page`) or JSON.
    private func getDiagram(
        _ router: RouteTable, _ path: String, page: Bool, _ body: @escaping @Sendable (DiagramRequest) async throws -> Response
    ) {
        router.get(RouterPath(path)) { request, _ in
            do {
                let diagram = try DiagramRequest(parameters: Parameters(query: request.uri.query))
                try diagram.parameters.rejectUnknown(DiagramRequest.names)
                return try await body(diagram)
            } catch {
                return page ? Site.errorPage(RequestError.describe(error)) : Site.jsonError(RequestError.describe(error))
            }
        }
    }
}
