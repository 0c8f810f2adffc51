/// The full-text index behind `tiergraph search`: every node name and alias, every quote of a
/// citation or claim, and every source title and publisher, in an SQLite FTS5 table
/// (`search_text`), folded as look-ups fold (``SearchKey``: case, width, accents, Traditional →
/// Simplified Chinese), each CJK ideograph one token so that any run of characters is a phrase.
///
/// It is derived data, built on the first search and kept in the file, so imports pay nothing
/// for it. `search_state` holds one row while the index is current; triggers on every table the
/// index reads empty it whenever such a row changes, whoever writes (Tiergraph or plain SQL),
/// and the next search rebuilds. A bulk write (an import) empties it and drops the triggers at
/// its start, so that its rows pay nothing for them; the rebuild of the next search creates them
/// again (until then the index is stale anyway, whatever is written). The tables and
/// triggers are created by the first search, not by a schema migration: a file never searched has
/// none of them, and a file that has them opens in any Tiergraph of this schema version. A file
/// that cannot be written is searched through an index built in memory (`temp`) for the run.
enum SearchIndex {
    /// What invalidates the index: writes to these tables (and columns, for updates).
    private static let watched: [(table: String, updated: String)] = [
        ("nodes", "id, name"), ("aliases", "alias"), ("node_citations", "quote, node, source"),
        ("edge_citations", "quote, edge, source"), ("node_claims", "quote, node, source"), ("sources", "id, title, publisher"),
        ("edges", "id"),
    ]

    /// The triggers that empty `search_state` when what the index holds changes.
    static var triggers: String {
        watched.map { table, updated in
            ["INSERT": "INSERT", "DELETE": "DELETE", "UPDATE": "UPDATE OF \(updated)"].sorted { $0.key < $1.key }.map { name, event in
                "CREATE TRIGGER IF NOT EXISTS search_index_\(table)_\(name.lowercased()) AFTER \(event) ON \(table) "
                    + "WHEN EXISTS (SELECT 1 FROM search_state) BEGIN DELETE FROM search_state; END;"
            }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Marks the index stale and drops its triggers (for a bulk write), if the file has one; the
    /// next ``current(on:writable:)`` rebuilds it and creates them again.
    static func suspend(on connection: Connection) throws {
        guard try isInstalled(in: "main", on: connection) else { return }
        try connection.execute("DELETE FROM search_state;\n" + watched.flatMap { table, _ in
            ["insert", "delete", "update"].map { "DROP TRIGGER IF EXISTS search_index_\(table)_\($0);" }
        }.joined(separator: "\n"))
    }

    /// Whether `schema` (`main` or `temp`) has the index's tables.
    private static func isInstalled(in schema: String, on connection: Connection) throws -> Bool {
        try connection.scalar("SELECT count(*) FROM \(schema).sqlite_schema WHERE name IN ('search_text', 'search_state')")?.int64 == 2
    }

    /// The schema (`main` or `temp`) holding a current index, built now if there is none.
    /// `writable`: whether the file may be written (else the index is built in `temp`);
    /// `verify`: the check every write makes first (``GraphStore/verifyBeforeWriting()``): a
    /// file it finds damaged is not written either, and the index is built in `temp`.
    static func current(on connection: Connection, writable: Bool, verify: () throws -> Void) throws -> String {
        if try isInstalled(in: "main", on: connection), try connection.scalar("SELECT count(*) FROM main.search_state")?.int64 == 1 {
            return "main"
        }
        if writable {
            do {
                try connection.transaction {
                    // Re-checked under the write lock: another process may have built it meanwhile.
                    if try isInstalled(in: "main", on: connection), try connection.scalar("SELECT count(*) FROM search_state")?.int64 == 1 { return }
                    try verify()
                    try build(in: "main", on: connection)
                }
                return "main"
            } catch GraphStoreError.damaged {}
        }
        if try !isInstalled(in: "temp", on: connection) { try build(in: "temp", on: connection) }
        return "temp"
    }

    /// Creates the tables in `schema` if missing (and, in `main`, the triggers), fills the text
    /// table from the graph and marks it current.
    private static func build(in schema: String, on connection: Connection) throws {
        try connection.execute("""
            CREATE VIRTUAL TABLE IF NOT EXISTS \(schema).search_text USING fts5(
                key, item UNINDEXED, ref UNINDEXED, field UNINDEXED, source UNINDEXED, text UNINDEXED,
                tokenize = 'unicode61 remove_diacritics 2');
            CREATE TABLE IF NOT EXISTS \(schema).search_state(built INTEGER NOT NULL);
            DELETE FROM \(schema).search_text;
            DELETE FROM \(schema).search_state;
            """)
        if schema == "main" { try connection.execute(triggers) }
        let insert = try connection.prepare(
            "INSERT INTO \(schema).search_text(key, item, ref, field, source, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        let texts = try connection.prepare("""
            SELECT 'node', id, 'name', NULL, name FROM nodes
            UNION ALL SELECT 'node', n.id, 'alias', NULL, a.alias FROM aliases a JOIN nodes n ON n.nid = a.node
            UNION ALL SELECT 'node', n.id, 'quote', s.id, c.quote FROM node_citations c JOIN nodes n ON n.nid = c.node
                JOIN sources s ON s.sid = c.source WHERE c.quote IS NOT NULL
            UNION ALL SELECT 'node', n.id, 'claim ' || c.key, s.id, c.quote FROM node_claims c JOIN nodes n ON n.nid = c.node
                LEFT JOIN sources s ON s.sid = c.source WHERE c.quote IS NOT NULL
            UNION ALL SELECT 'edge', e.id, 'quote', s.id, c.quote FROM edge_citations c JOIN edges e ON e.eid = c.edge
                JOIN sources s ON s.sid = c.source WHERE c.quote IS NOT NULL
            UNION ALL SELECT 'source', id, 'title', NULL, title FROM sources WHERE title IS NOT NULL
            UNION ALL SELECT 'source', id, 'publisher', NULL, publisher FROM sources WHERE publisher IS NOT NULL
            """)
        while let row = try texts.step() {
            let text = row.string(4) ?? ""
            try insert.bind([.text(tokens(text)), .text(row.string(0) ?? ""), .text(row.string(1) ?? ""), .text(row.string(2) ?? ""),
                             row.string(3).map(SQLValue.text) ?? .null, .text(text)])
            try insert.run()
        }
        try connection.execute("INSERT INTO \(schema).search_state(built) VALUES (1)")
    }

    /// `text` folded (``SearchKey``) with a space around every CJK ideograph, as the index holds it.
    static func tokens(_ text: String) -> String {
        let folded = SearchKey.fold(text)
        guard folded.unicodeScalars.contains(where: isIdeograph) else { return folded }
        var spaced = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if isIdeograph(scalar) { spaced.append(" "); spaced.append(scalar); spaced.append(" ") } else { spaced.append(scalar) }
        }
        return String(spaced)
    }

    /// Whether `scalar` is a CJK ideograph (or kana or hangul: scripts written without spaces).
    static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x3040...0x30FF).contains(value) || (0x3400...0x9FFF).contains(value) || (0xAC00...0xD7AF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x20000...0x2FFFF).contains(value)
    }

    /// The FTS5 query for what a person typed: every word must occur (a CJK run as a phrase of
    /// its characters), the last token of each word matching as a prefix (`lith` finds
    /// `lithography`). `nil` when the text has nothing to search for.
    static func query(_ text: String) -> String? {
        let phrases = text.split(whereSeparator: \.isWhitespace).map { tokens(String($0)) }
            .map { $0.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .map { "\"" + $0 + "\"*" }
        return phrases.isEmpty ? nil : phrases.joined(separator: " AND ")
    }
}
