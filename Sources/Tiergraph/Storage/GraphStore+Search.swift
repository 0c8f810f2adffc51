/// A text that matched a full-text search: a node's name, alias or quote, an edge's quote, or a
/// source's title or publisher.
public struct SearchHit: Sendable, Equatable {
    /// What the text belongs to.
    public enum Item: String, Sendable {
        case node, edge, source
    }

    public var item: Item
    /// The node, edge or source id.
    public var id: String
    /// `name`, `alias`, `quote`, `claim KEY` (a claim's quote), `title` or `publisher`.
    public var field: String
    /// The source a quote is cited from.
    public var source: String?
    /// The whole text.
    public var text: String
    /// Up to about 80 characters of the text around the first match, the match in brackets.
    public var snippet: String
    /// What the item is called: a node's name, an edge's ends (`tsmc (TSMC) → nvidia (Nvidia)`), a source's title.
    public var label: String

    /// `{"item","id","label","field","source","text","snippet"}`.
    public var json: JSONValue {
        ["item": .string(item.rawValue), "id": .string(id), "label": .string(label), "field": .string(field),
         "source": JSONValue(source), "text": .string(text), "snippet": .string(snippet)]
    }
}

extension GraphStore {
    /// The texts that contain every word of `text` (a word's end may be left off: `lith` finds
    /// `lithography`), folded for case, width, accents and Traditional/Simplified Chinese, best
    /// matches first (FTS5's BM25), then by item, id and field. Builds the index on first use
    /// (see ``SearchIndex``): in the file, unless it is read-only or damaged (then for this
    /// connection only, leaving the file as it was).
    public func search(_ text: String, limit: Int = 50) throws -> [SearchHit] {
        guard let query = SearchIndex.query(text) else { throw QueryError("give some letters or digits to search for, not '\(text)'") }
        let schema = try SearchIndex.current(on: connection, writable: !isImmutable, verify: verifyBeforeWriting)
        return try connection.reading {
            let rows = try connection.query(
                """
                SELECT item, ref, field, source, text FROM \(schema).search_text WHERE search_text MATCH ?1
                ORDER BY rank, item, ref, field, source, text LIMIT ?2
                """, [.text(query), .integer(Int64(limit))]
            ) { ($0.string(0) ?? "", $0.string(1) ?? "", $0.string(2) ?? "", $0.string(3), $0.string(4) ?? "") }
            let labels = try self.labels(nodes: rows.filter { $0.0 != "source" }.map(\.1), edges: rows.filter { $0.0 == "edge" }.map(\.1))
            let words = text.split(whereSeparator: \.isWhitespace).map { SearchKey.fold(String($0)) }
            return rows.map { item, id, field, source, text in
                let kind = SearchHit.Item(rawValue: item) ?? .node
                let label = kind == .source ? (labels.sources[id] ?? id) : kind == .edge ? (labels.edges[id] ?? id) : (labels.nodes[id] ?? id)
                return SearchHit(item: kind, id: id, field: field, source: source, text: text, snippet: SearchIndex.snippet(of: text, around: words), label: label)
            }
        }
    }

    /// The names of nodes, the ends of edges and the titles of sources, by id.
    private func labels(nodes: [String], edges: [String]) throws -> (nodes: [String: String], edges: [String: String], sources: [String: String]) {
        let list = { (ids: [String]) in SQLValue.text(JSONValue.array(ids.map(JSONValue.string)).serialized()) }
        var ends: [String: String] = [:]
        for (id, label) in try connection.query(
            """
            SELECT e.id, s.id || ' (' || s.name || ') → ' || t.id || ' (' || t.name || ')'
            FROM edges e JOIN nodes s ON s.nid = e.source JOIN nodes t ON t.nid = e.target WHERE e.id IN (SELECT value FROM json_each(?1))
            """, [list(edges)], { ($0.string(0) ?? "", $0.string(1) ?? "") }) {
            ends[id] = label
        }
        var titles: [String: String] = [:]
        for (id, title) in try connection.query("SELECT id, coalesce(title, id) FROM sources", [], { ($0.string(0) ?? "", $0.string(1) ?? "") }) {
            titles[id] = title
        }
        return (try names(ofNodes: nodes), ends, titles)
    }
}

extension SearchIndex {
    /// Up to about 80 characters of `text` around the first place where one of `words` (folded)
    /// occurs in it, folded the same way, with the match in brackets and `…` where text was left
    /// off; the text's start when none occurs as a whole (a prefix match of a word's tokens).
    static func snippet(of text: String, around words: [String]) -> String {
        let characters = Array(text)
        // Fold character by character, so that a match in the folded text maps back to the original.
        let folded = characters.map { SearchKey.fold(String($0)) }
        var match: Range<Int>?
        search: for word in words where !word.isEmpty {
            let target = Array(word.filter { !$0.isWhitespace })
            for start in folded.indices where !folded[start].isEmpty {
                var end = start, joined: [Character] = []
                while end < folded.count && joined.count < target.count {
                    joined += Array(folded[end])
                    end += 1
                }
                if joined.count >= target.count && Array(joined.prefix(target.count)) == target {
                    match = start..<end
                    break search
                }
            }
        }
        let width = 80
        guard let match else { return characters.count <= width ? text : String(characters.prefix(width)) + "…" }
        let before = max(0, match.lowerBound - (width - match.count) / 2)
        let after = min(characters.count, max(match.upperBound, before + width))
        return (before > 0 ? "…" : "") + String(characters[before..<match.lowerBound]) + "[" + String(characters[match]) + "]"
            + String(characters[match.upperBound..<after]) + (after < characters.count ? "…" : "")
    }
}
