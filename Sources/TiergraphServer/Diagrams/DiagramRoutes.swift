import Hummingbird
import Tiergraph

/// The diagram view (`/diagram?...`: the Graphviz SVG inline, with pan and zoom, nodes that open
/// or expand on a click) and its downloads: `/diagram.dot`, `.svg`, `.png` and `.json`
/// (node-link JSON of the selection). DOT is made on the store pool, Graphviz runs on the
/// drawing pool in a child process, as `tiergraph render` runs it.
extension Site {
    func registerDiagrams(on router: RouteTable) {
        router.get("/diagram") { request, _ in
            do {
                let diagram = try DiagramRequest(parameters: Parameters(query: request.uri.query))
                try diagram.parameters.rejectUnknown(DiagramRequest.names)
                var page = Page(title: "Diagram", body: DiagramPage.form(diagram.parameters))
                if diagram.hasFocus {
                    let (dot, title) = try await pool.read { store in
                        let selection = try diagram.selection(store)
                        return (try diagram.dot(store), selection.title)
                    }
                    let svg = try await draw(dot, format: .svg)
                    page = DiagramPage.page(diagram.parameters, title: title, svg: String(decoding: svg.data, as: UTF8.self))
                }
                return Site.response(.ok, type: "text/html; charset=utf-8", page.html)
            } catch {
                return Site.errorPage(RequestError.describe(error))
            }
        }
        for format in [Graphviz.Format.dot, .svg, .png] {
            router.get(RouterPath("/diagram." + format.rawValue)) { request, _ in
                do {
                    let diagram = try DiagramRequest(parameters: Parameters(query: request.uri.query))
                    try diagram.parameters.rejectUnknown(DiagramRequest.names)
                    let dot = try await pool.read { try diagram.dot($0) }
                    if format == .dot { return Site.response(.ok, type: "text/vnd.graphviz; charset=utf-8", dot, download: "diagram.dot") }
                    let rendering = try await draw(dot, format: format)
                    return Site.response(.ok, type: format == .svg ? "image/svg+xml" : "image/png", rendering.data)
                } catch {
                    return Site.jsonError(RequestError.describe(error))
                }
            }
        }
        router.get("/diagram.json") { request, _ in
            do {
                let diagram = try DiagramRequest(parameters: Parameters(query: request.uri.query))
                try diagram.parameters.rejectUnknown(DiagramRequest.names)
                let document = try await pool.read { store in
                    let selection = try diagram.selection(store)
                    return NodeLinkExporter.document(selection, catalogue: try store.catalogue(of: selection)).serialized(pretty: true) + "\n"
                }
                return Site.response(.ok, type: "application/json; charset=utf-8", document, download: "diagram.json")
            } catch {
                return Site.jsonError(RequestError.describe(error))
            }
        }
    }
}
