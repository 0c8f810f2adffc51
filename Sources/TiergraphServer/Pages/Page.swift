import Foundation
import Tiergraph

/// A viewer page: a title and its body, set in the shell every page shares (the search box, the
/// navigation, the stylesheet and the one script). Every text from the database goes through
/// ``HTML/text(_:)``: a node named `<script>` shows as those characters.
struct Page: Sendable {
    var title: String
    var body: String
    /// What the search box shows.
    var query = ""

    var html: String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.text(title)) — Tiergraph</title>
        <link rel="stylesheet" href="/assets/viewer.css">
        <script src="/assets/viewer.js" defer></script>
        </head>
        <body>
        <header>
        <a class="brand" href="/">Tiergraph</a>
        <form action="/search" method="get" role="search" autocomplete="off">
        <input id="search" name="q" type="search" list="suggestions" value="\(HTML.text(query))" placeholder="Search names and aliases: 英伟达, 台積電, TSMC…" aria-label="Search">
        <datalist id="suggestions"></datalist>
        <button type="submit">Search</button>
        </form>
        <nav><a href="/path">Path finder</a> <a href="/whatif">What-if</a> <a href="/diagram">Diagram</a> <a href="/sources">Sources</a></nav>
        </header>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }
}

/// Small HTML builders; each escapes what it is given.
enum HTML {
    /// Text for an element or a quoted attribute.
    static func text(_ text: String) -> String { text.xmlEscaped }

    /// A URL path with query parameters, percent-encoded (empty values left out).
    static func url(_ path: String, _ parameters: [(String, String?)]) -> String {
        let query = parameters.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return name + "=" + encode(value)
        }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }

    /// `text` percent-encoded for a query value.
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// ``url(_:_:)`` with the request's other parameters (all but `excluding` and those given) after them.
    static func url(_ path: String, _ parameters: [(String, String?)], keeping request: Parameters, excluding: Set<String> = []) -> String {
        let base = url(path, parameters), rest = request.query(excluding: excluding.union(parameters.map(\.0)))
        return rest.isEmpty ? base : base + (base.contains("?") ? "&" : "?") + rest
    }

    /// A link to `href` (already a URL) with `label` as text.
    static func link(_ href: String, _ label: String, title: String? = nil) -> String {
        "<a href=\"\(text(href))\"" + (title.map { " title=\"\(text($0))\"" } ?? "") + ">\(text(label))</a>"
    }

    /// A link to a node's page, showing its name (and its id when the name differs).
    static func node(_ id: String, _ name: String?) -> String {
        let shown = (name?.isEmpty ?? true) || name == id ? id : name!
        return link(url("/node", [("id", id)]), shown, title: id)
    }

    /// A link to a source's page.
    static func source(_ id: String) -> String { link(url("/source", [("id", id)]), id) }

    /// A table with a header row; `rows` are already HTML.
    static func table(_ headers: [String], _ rows: [[String]], id: String? = nil) -> String {
        var out = "<table" + (id.map { " id=\"\(text($0))\"" } ?? "") + ">\n<thead><tr>" + headers.map { "<th>\(text($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }
        return out + "</tbody></table>\n"
    }

    /// A citation: the source as a link and the quote as a block quote.
    static func citation(_ citation: Citation) -> String {
        "<div class=\"citation\">" + source(citation.source)
            + (citation.quote.map { "<blockquote lang=\"zh\">\(text($0))</blockquote>" } ?? "") + "</div>"
    }

    /// A form of GET fields; `fields` are already HTML.
    static func form(_ action: String, id: String, _ fields: [String], submit: String) -> String {
        "<form class=\"query\" id=\"\(text(id))\" action=\"\(text(action))\" method=\"get\">\n" + fields.joined(separator: "\n")
            + "\n<button type=\"submit\">\(text(submit))</button>\n</form>\n"
    }

    /// A labelled text input.
    static func input(_ name: String, _ label: String, value: String?, placeholder: String = "") -> String {
        "<label>\(text(label)) <input name=\"\(text(name))\" value=\"\(text(value ?? ""))\" placeholder=\"\(text(placeholder))\"></label>"
    }

    /// A labelled checkbox.
    static func checkbox(_ name: String, _ label: String, checked: Bool) -> String {
        "<label><input type=\"checkbox\" name=\"\(text(name))\" value=\"true\"\(checked ? " checked" : "")> \(text(label))</label>"
    }
}
