import Tiergraph

/// The diagram view's HTML: a form choosing what to draw, the toolbar (click mode, zoom,
/// downloads) and the SVG, which `viewer.js` makes pannable and clickable.
enum DiagramPage {
    static func form(_ parameters: Parameters) -> String {
        let (mode, node) = ["upstream", "downstream", "around"].lazy.compactMap { mode in parameters.string(mode).map { (mode, $0) } }.first ?? ("upstream", "")
        let options = ["upstream", "downstream", "around"].map { "<option value=\"\($0)\"\($0 == mode ? " selected" : "")>\($0)</option>" }.joined()
        return "<h1>Diagram</h1>\n<form class=\"query\" id=\"diagram-form\" action=\"/diagram\" method=\"get\" data-modes=\"upstream downstream around\">\n"
            + "<label>draw <select id=\"diagram-mode\">\(options)</select></label>\n"
            + HTML.input(mode, "of", value: node, placeholder: "chip:h200") + "\n"
            + HTML.input(mode == "around" ? "hops" : "depth", mode == "around" ? "hops" : "depth", value: parameters.string(mode == "around" ? "hops" : "depth") ?? (mode == "around" ? "1" : "3")) + "\n"
            + "<button type=\"submit\">Draw</button>\n</form>\n<p>Paths are drawn from the " + HTML.link("/path", "path finder") + ".</p>\n"
    }

    /// The page with `svg` (Graphviz's output) inline.
    static func page(_ parameters: Parameters, title: String, svg: String) -> Page {
        let query = parameters.query
        var body = "<h1 id=\"diagram-title\">\(HTML.text(title))</h1>\n<div class=\"toolbar\">\n"
        body += "<span>A click on a node: <label><input type=\"radio\" name=\"click\" value=\"open\" checked> opens it</label> "
        body += "<label><input type=\"radio\" name=\"click\" value=\"expand\" id=\"click-expand\"> adds its neighbours</label></span>\n"
        body += "<span><button type=\"button\" data-zoom=\"in\">+</button><button type=\"button\" data-zoom=\"out\">−</button><button type=\"button\" data-zoom=\"fit\">fit</button></span>\n"
        body += "<span>Download: " + ["dot", "svg", "png", "json"].map { HTML.link("/diagram.\($0)" + (query.isEmpty ? "" : "?" + query), $0.uppercased()) }.joined(separator: " ") + "</span>\n</div>\n"
        // Graphviz's SVG is well-formed XML whose text it has escaped; its prolog is dropped.
        let start = svg.range(of: "<svg")?.lowerBound ?? svg.startIndex
        body += "<div class=\"diagram\" id=\"diagram\">\n" + svg[start...] + "</div>\n"
        return Page(title: title, body: body)
    }
}
