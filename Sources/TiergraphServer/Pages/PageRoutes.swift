import Hummingbird
import Tiergraph

/// The viewer's pages: server-rendered HTML, each also reachable as JSON under `/api/`.
extension Site {
    func registerPages(on router: RouteTable) {
        let filters = Parameters.filterNames
        getPage(router, "/", takes: []) { store, _ in try ItemPages.home(store) }
        getPage(router, "/search", takes: ["q", "limit"]) { store, parameters in try ItemPages.search(store, parameters) }
        getPage(router, "/node", takes: ["id"]) { store, parameters in try ItemPages.item(store, try parameters.required("id")) }
        getPage(router, "/edge", takes: ["id"]) { store, parameters in try ItemPages.item(store, try parameters.required("id")) }
        getPage(router, "/source", takes: ["id"]) { store, parameters in try ItemPages.item(store, try parameters.required("id")) }
        getPage(router, "/sources", takes: []) { store, _ in try ItemPages.sources(store) }
        getPage(router, "/path", takes: filters.union(["from", "to", "k", "weight", "any_direction", "timeout"])) { store, parameters in
            try QuestionPages.pathFinder(store, parameters)
        }
        getPage(router, "/tiers", takes: filters.union(["id", "direction", "depth"])) { store, parameters in
            try QuestionPages.tiers(store, parameters)
        }
        getPage(router, "/chokepoints", takes: filters.union(["id", "by", "of"])) { store, parameters in
            try QuestionPages.chokepoints(store, parameters)
        }
        getPage(router, "/whatif", takes: filters.union(["remove", "remove_where", "of"])) { store, parameters in
            try QuestionPages.whatIf(store, parameters)
        }
        getPage(router, "/claims", takes: filters.union(["id"])) { store, parameters in try ClaimsPage.page(store, parameters) }
        registerDiagrams(on: router)
    }

    /// A GET route answering a page; `body` and the page's HTML run on the store pool. Errors become an error page
    /// with the same status and message as the API's.
    func getPage(
        _ router: RouteTable, _ path: String, takes names: Set<String>,
        _ body: @escaping @Sendable (GraphStore, Parameters) throws -> Page
    ) {
        get(router, path, takes: names, failure: Site.errorPage) { store, parameters in
            Site.response(.ok, type: "text/html; charset=utf-8", try body(store, parameters).html)
        }
    }
}
