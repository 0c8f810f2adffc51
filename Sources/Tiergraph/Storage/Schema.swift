import CSQLite

/// The database schema and its migrations.
///
/// A Tiergraph file is marked with SQLite's `application_id` (``applicationID``) and carries its
/// schema version in `user_version`. Opening an older file applies the missing migrations in one
/// transaction; a newer or foreign file is refused (see ``GraphStoreError``).
enum Schema {
    /// `TGPH` in ASCII: tells a Tiergraph database from any other SQLite file.
    static let applicationID: Int32 = 0x5447_5048

    /// Migration `i` brings a database from version `i` to `i + 1`, inside the opening
    /// transaction.
    static let migrations: [@Sendable (Connection) throws -> Void] = [
        { try $0.execute(version1) }, { try $0.execute(version2) }, migrateToVersion3, { try $0.execute(version4) },
        { try $0.execute(version5) }, { try $0.execute(version6) }, { try $0.execute(version7) },
        { try $0.execute(version8) },
    ]

    /// The version this build writes and understands.
    static var currentVersion: Int { migrations.count }

    /// The indexes of `edges`: dropped before a bulk load into an empty table and built after
    /// it (one sort each instead of millions of random B-tree inserts). `edges_out` and
    /// `edges_in` also hold the other end, the input (schema version 3), the status, the
    /// `as_of` and the modality (version 4; almost always null, so a byte each), so a walk, and the supply
    /// analyses, read a node's edges from the index alone.
    static let edgeIndexes = """
        CREATE UNIQUE INDEX edges_by_id ON edges(id);
        \(adjacencyIndexes)
        """
    static let adjacencyIndexes = """
        CREATE INDEX edges_out ON edges(source, kind, target, input, status, as_of, modality);
        CREATE INDEX edges_in ON edges(target, kind, source, input, status, as_of, modality);
        """
    static let dropEdgeIndexes = "DROP INDEX edges_by_id; DROP INDEX edges_out; DROP INDEX edges_in;"

    /// The triggers on `edges` that keep the supply index (schema version 8): a change to a
    /// supply edge (of a kind whose flow is not `none`) deletes the rows of both sides of the
    /// chunks of its two ends, lists them in `supply_index_pending` for the write to rebuild
    /// (``SupplyIndex/patch(on:)``), and deletes the baseline; a change to what only the
    /// baseline depends on (input, status, `as_of`, modality, validity) deletes the baseline.
    /// While the table is empty (no index, or during a bulk load, which rebuilds it at the end)
    /// their `WHEN` is one look at its root page. A bulk load into an empty table drops them with
    /// the indexes and creates them again at the end.
    static let edgeTriggers = """
        CREATE TRIGGER supply_index_edge_insert AFTER INSERT ON edges
            WHEN EXISTS (SELECT 1 FROM supply_index) AND \(isSupply("NEW")) BEGIN \(dropChunks("NEW")) END;
        CREATE TRIGGER supply_index_edge_delete AFTER DELETE ON edges
            WHEN EXISTS (SELECT 1 FROM supply_index) AND \(isSupply("OLD")) BEGIN \(dropChunks("OLD")) END;
        CREATE TRIGGER supply_index_edge_update AFTER UPDATE OF source, target, kind ON edges
            WHEN EXISTS (SELECT 1 FROM supply_index) AND (\(isSupply("OLD")) OR \(isSupply("NEW")))
                AND (OLD.source IS NOT NEW.source OR OLD.target IS NOT NEW.target OR OLD.kind IS NOT NEW.kind)
            BEGIN \(dropChunks("OLD")) \(dropChunks("NEW")) END;
        CREATE TRIGGER supply_baseline_edge_update AFTER UPDATE OF input, status, as_of, modality, valid_from ON edges
            WHEN EXISTS (SELECT 1 FROM supply_index WHERE slot < 0) AND \(isSupply("NEW"))
                AND (OLD.input IS NOT NEW.input OR OLD.status IS NOT NEW.status OR OLD.as_of IS NOT NEW.as_of
                    OR OLD.modality IS NOT NEW.modality OR OLD.valid_from IS NOT NEW.valid_from)
            BEGIN \(dropBaseline) END;
        """
    private static func isSupply(_ row: String) -> String {
        "\(row).kind IN (SELECT name FROM edge_kinds WHERE flow <> 'none')"
    }
    private static let dropBaseline = "DELETE FROM supply_index WHERE slot < 0;"
    /// Deletes the baseline and both rows of the chunks of `row`'s ends, and lists them as pending.
    private static func dropChunks(_ row: String) -> String {
        let b = SupplyIndex.chunkBits
        let slots = "(\(row).source >> \(b) << 1), (\(row).source >> \(b) << 1 | 1), (\(row).target >> \(b) << 1), (\(row).target >> \(b) << 1 | 1)"
        return """
            \(dropBaseline) DELETE FROM supply_index WHERE slot IN (\(slots));
            INSERT OR IGNORE INTO supply_index_pending(slot) SELECT column1 FROM (VALUES \(slots)) WHERE column1 >= 0;
            """
    }
    /// The triggers on `nodes` (version 8): a node added or removed deletes the baseline (its
    /// bits cover the nodes there were); a node added in a chunk without rows lists them as
    /// pending, so that the index covers it. A bulk write drops them while it runs (it empties
    /// the index first and rebuilds it at the end) and creates them again.
    static let nodeTriggers = """
        CREATE TRIGGER supply_baseline_node_insert AFTER INSERT ON nodes
            WHEN EXISTS (SELECT 1 FROM supply_index) BEGIN
                \(dropBaseline)
                INSERT OR IGNORE INTO supply_index_pending(slot)
                    SELECT column1 FROM (VALUES (NEW.nid >> \(SupplyIndex.chunkBits) << 1), (NEW.nid >> \(SupplyIndex.chunkBits) << 1 | 1))
                    WHERE column1 >= 0 AND NOT EXISTS (SELECT 1 FROM supply_index WHERE slot = column1);
            END;
        CREATE TRIGGER supply_baseline_node_delete AFTER DELETE ON nodes
            WHEN EXISTS (SELECT 1 FROM supply_index WHERE slot < 0) BEGIN \(dropBaseline) END;
        """
    static let dropNodeTriggers = "DROP TRIGGER supply_baseline_node_insert; DROP TRIGGER supply_baseline_node_delete;"

    static let dropEdgeTriggers = """
        DROP TRIGGER supply_index_edge_insert; DROP TRIGGER supply_index_edge_delete; DROP TRIGGER supply_index_edge_update;
        DROP TRIGGER supply_baseline_edge_update;
        """

    /// Nodes and edges refer to each other by integer keys (`nid`, `eid`, `sid`), which keeps
    /// edge rows small and lets analysis load adjacency as dense integers; the user's text ids
    /// are unique columns beside them. `*_key` columns hold case- and width-folded text for
    /// case-insensitive look-ups that also work for Chinese and full-width Latin.
    static let version1 = """
        CREATE TABLE edge_kinds(
            name TEXT PRIMARY KEY,
            flow TEXT NOT NULL CHECK (flow IN ('with', 'against', 'none')),
            description TEXT NOT NULL DEFAULT '',
            builtin INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE nodes(
            nid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            country TEXT,
            properties TEXT CHECK (properties IS NULL OR json_type(properties) = 'object')
        );
        CREATE INDEX nodes_by_kind ON nodes(kind);
        CREATE INDEX nodes_by_name ON nodes(name_key);
        CREATE TABLE aliases(
            node INTEGER NOT NULL REFERENCES nodes(nid) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            alias_key TEXT NOT NULL,
            PRIMARY KEY (node, alias)
        ) WITHOUT ROWID;
        CREATE INDEX aliases_by_key ON aliases(alias_key);
        CREATE TABLE sources(
            sid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT,
            publisher TEXT,
            date TEXT,
            url TEXT
        );
        CREATE TABLE edges(
            eid INTEGER PRIMARY KEY,
            id TEXT NOT NULL,
            source INTEGER NOT NULL REFERENCES nodes(nid),
            target INTEGER NOT NULL REFERENCES nodes(nid),
            kind TEXT NOT NULL REFERENCES edge_kinds(name),
            share_low REAL CHECK (share_low BETWEEN 0 AND 1),
            share_high REAL CHECK (share_high BETWEEN 0 AND 1 AND share_high >= share_low),
            volume REAL,
            unit TEXT,
            valid_from TEXT,
            valid_to TEXT,
            properties TEXT CHECK (properties IS NULL OR json_type(properties) = 'object')
        );
        CREATE UNIQUE INDEX edges_by_id ON edges(id);
        CREATE INDEX edges_out ON edges(source, kind, target);
        CREATE INDEX edges_in ON edges(target, kind, source);
        CREATE TABLE node_citations(
            node INTEGER NOT NULL REFERENCES nodes(nid) ON DELETE CASCADE,
            source INTEGER NOT NULL REFERENCES sources(sid),
            quote TEXT,
            PRIMARY KEY (node, source)
        ) WITHOUT ROWID;
        CREATE INDEX node_citations_by_source ON node_citations(source);
        CREATE TABLE edge_citations(
            edge INTEGER NOT NULL REFERENCES edges(eid) ON DELETE CASCADE,
            source INTEGER NOT NULL REFERENCES sources(sid),
            quote TEXT,
            PRIMARY KEY (edge, source)
        ) WITHOUT ROWID;
        CREATE INDEX edge_citations_by_source ON edge_citations(source);
        """

    /// The triggers on `edges` as versions 2 to 7 had them (version 7 widened the update's
    /// columns): any change empties the whole index.
    static let version2EdgeTriggers = """
        CREATE TRIGGER supply_index_edge_insert AFTER INSERT ON edges
            WHEN EXISTS (SELECT 1 FROM supply_index) BEGIN DELETE FROM supply_index; END;
        CREATE TRIGGER supply_index_edge_delete AFTER DELETE ON edges
            WHEN EXISTS (SELECT 1 FROM supply_index) BEGIN DELETE FROM supply_index; END;
        CREATE TRIGGER supply_index_edge_update AFTER UPDATE OF source, target, kind ON edges
            WHEN EXISTS (SELECT 1 FROM supply_index) BEGIN DELETE FROM supply_index; END;
        """

    /// The supply index (``SupplyIndex``) and the triggers that empty it when an edge, or the
    /// flow of a kind, changes: derived data can never be stale, whoever writes. A trigger's
    /// `WHEN` is one look at an empty table's root page, so writes pay almost nothing while the
    /// index is empty, as it is during an import (which rebuilds it at the end).
    static let version2 = """
        CREATE TABLE supply_index(slot INTEGER PRIMARY KEY, data BLOB NOT NULL);
        \(version2EdgeTriggers)
        CREATE TRIGGER supply_index_kind_update AFTER UPDATE OF name, flow ON edge_kinds
            WHEN EXISTS (SELECT 1 FROM supply_index) BEGIN DELETE FROM supply_index; END;
        CREATE TRIGGER supply_index_kind_delete AFTER DELETE ON edge_kinds
            WHEN EXISTS (SELECT 1 FROM supply_index) BEGIN DELETE FROM supply_index; END;
        """

    /// Supply semantics (version 3): edges get an `input` (the buyer's input that a supply edge
    /// provides or a gate permits), which the adjacency indexes then hold too, and a fourth flow, `gate`, which the built-in `licenses`
    /// kind now has. SQLite cannot alter a `CHECK` constraint, so the flow check is widened in
    /// the stored schema text (the documented `writable_schema` way for changes that leave the
    /// rows as they are) and `schema_version` is bumped so that every connection re-reads it.
    static func migrateToVersion3(_ connection: Connection) throws {
        // The indexes of version 3, as they were then (version 4 widens them again).
        try connection.execute("""
            ALTER TABLE edges ADD COLUMN input TEXT; DROP INDEX edges_out; DROP INDEX edges_in;
            CREATE INDEX edges_out ON edges(source, kind, target, input);
            CREATE INDEX edges_in ON edges(target, kind, source, input);
            """)
        let schemaVersion = try connection.scalar("PRAGMA schema_version")?.int64 ?? 0
        let wasDefensive = tiergraph_sqlite_set_defensive(connection.handle, 0)
        defer { _ = tiergraph_sqlite_set_defensive(connection.handle, wasDefensive) }
        // PRAGMA takes no bound parameters; the version is an integer read just above.
        try connection.execute("""
            PRAGMA writable_schema = ON;
            UPDATE sqlite_schema SET sql = replace(sql, '''none''))', '''none'', ''gate''))')
                WHERE type = 'table' AND name = 'edge_kinds';
            PRAGMA schema_version = \(schemaVersion + 1);
            PRAGMA writable_schema = OFF;
            """)
        let widened = try connection.scalar("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'edge_kinds'")?.string ?? ""
        guard widened.contains("'gate'") else {
            throw SQLiteError(code: SQLITE_ERROR, message: "could not add the flow 'gate' to the edge_kinds table's check: its schema reads \(widened)", sql: "")
        }
        // Search keys now fold Traditional Chinese to Simplified: recompute those that change.
        let names = try connection.query("SELECT nid, name, name_key FROM nodes") { ($0.int64(0), $0.string(1) ?? "", $0.string(2) ?? "") }
        for (node, name, old) in names where SearchKey.fold(name) != old {
            try connection.run("UPDATE nodes SET name_key = ?1 WHERE nid = ?2", [.text(SearchKey.fold(name)), .integer(node)])
        }
        let aliases = try connection.query("SELECT node, alias, alias_key FROM aliases") { ($0.int64(0), $0.string(1) ?? "", $0.string(2) ?? "") }
        for (node, alias, old) in aliases where SearchKey.fold(alias) != old {
            try connection.run(
                "UPDATE aliases SET alias_key = ?1 WHERE node = ?2 AND alias = ?3", [.text(SearchKey.fold(alias)), .integer(node), .text(alias)])
        }
        let licenses = EdgeKind.builtIns.first { $0.name == "licenses" }!
        try connection.run(
            "UPDATE edge_kinds SET flow = ?1, description = ?2 WHERE name = 'licenses' AND builtin = 1",
            [.text(licenses.flow.rawValue), .text(licenses.description)])
    }

    /// A check that `column` holds one of `values` (or null): `x = 'a' OR x = 'b'`, not
    /// `x IN ('a', 'b')`, which SQLite 3.40 evaluates through a temporary table built for every
    /// row (it doubled the time of a bulk insert, measured). The values are this code's constants.
    static func oneOf(_ column: String, _ values: [String]) -> String {
        "(" + values.map { "\(column) = '\($0)'" }.joined(separator: " OR ") + ")"
    }

    /// Claims (version 4): bounds with their wording (`share_text`, `volume_high`,
    /// `volume_text`; a volume was exact until now, so its high end is its amount), the
    /// qualifiers of every edge (`as_of`, `status`, `modality`, `claimant`, `share_of`), and
    /// facts about nodes with provenance (`node_claims`: several values per key, each with its
    /// bounds, unit, date, claimant, modality, source and quote). The adjacency indexes are
    /// rebuilt to hold the status and `as_of` that the supply analyses read.
    static let version4 = """
        DROP INDEX edges_out;
        DROP INDEX edges_in;
        ALTER TABLE edges ADD COLUMN share_text TEXT;
        ALTER TABLE edges ADD COLUMN volume_high REAL;
        ALTER TABLE edges ADD COLUMN volume_text TEXT;
        ALTER TABLE edges ADD COLUMN as_of TEXT;
        ALTER TABLE edges ADD COLUMN status TEXT;
        ALTER TABLE edges ADD COLUMN modality TEXT CHECK \(oneOf("modality", Modality.allCases.map(\.rawValue)));
        ALTER TABLE edges ADD COLUMN claimant TEXT;
        ALTER TABLE edges ADD COLUMN share_of TEXT CHECK \(oneOf("share_of", ShareBase.allCases.map(\.rawValue)));
        UPDATE edges SET volume_high = volume WHERE volume IS NOT NULL;
        CREATE TABLE node_claims(
            cid INTEGER PRIMARY KEY,
            node INTEGER NOT NULL REFERENCES nodes(nid) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            low REAL,
            high REAL CHECK (high >= low),
            unit TEXT,
            as_of TEXT,
            claimant TEXT,
            modality TEXT CHECK \(oneOf("modality", Modality.allCases.map(\.rawValue))),
            source INTEGER REFERENCES sources(sid),
            quote TEXT
        );
        CREATE UNIQUE INDEX node_claims_by_node ON node_claims(node, key, value, coalesce(source, 0), coalesce(as_of, ''));
        \(adjacencyIndexes)
        CREATE INDEX node_claims_by_source ON node_claims(source);
        """

    /// The import log (version 5): one row per table read by an import (its file, content
    /// hash, mapping, counts and time), and which edges each wrote, so that `import --replace`
    /// can remove what an earlier import of the same file wrote. New tables only: the migration
    /// leaves `edges` as it is, whatever its size. Edges written before version 5 belong to no
    /// import.
    static let version5 = """
        CREATE TABLE imports(
            iid INTEGER PRIMARY KEY,
            file TEXT NOT NULL,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            mapping TEXT NOT NULL CHECK (json_type(mapping) = 'object'),
            nodes INTEGER NOT NULL,
            edges INTEGER NOT NULL,
            sources INTEGER NOT NULL,
            kinds INTEGER NOT NULL,
            merged INTEGER NOT NULL,
            skipped INTEGER NOT NULL,
            filtered INTEGER NOT NULL,
            replaced INTEGER NOT NULL,
            imported_at TEXT NOT NULL
        );
        CREATE INDEX imports_by_path ON imports(path);
        CREATE TABLE import_edges(
            import INTEGER NOT NULL REFERENCES imports(iid) ON DELETE CASCADE,
            edge INTEGER NOT NULL REFERENCES edges(eid) ON DELETE CASCADE,
            PRIMARY KEY (import, edge)
        ) WITHOUT ROWID;
        CREATE INDEX import_edges_by_edge ON import_edges(edge);
        """

    /// The history (version 6): one row per write that changed the graph, newest last: the
    /// command, its time, counts of rows added, changed and removed per table, the files it read
    /// with their SHA-256, and how it can be undone (``HistoryEntry/Undo``): by its changeset
    /// (SQLite's session extension), by emptying the graph (an import into an empty file), or
    /// not at all (a write too large to record). `undoes` links an undo to the write it undid.
    /// The imports logged before version 6 become entries of their own, without undo data.
    static let version6 = """
        CREATE TABLE history(
            hid INTEGER PRIMARY KEY,
            command TEXT NOT NULL,
            at TEXT NOT NULL,
            counts TEXT NOT NULL CHECK (json_type(counts) = 'object'),
            files TEXT NOT NULL CHECK (json_type(files) = 'array'),
            undo TEXT NOT NULL CHECK (undo = 'changeset' OR undo = 'empty' OR undo = 'none'),
            note TEXT,
            undoes INTEGER REFERENCES history(hid),
            changeset BLOB
        );
        INSERT INTO history(command, at, counts, files, undo, note)
            SELECT 'import', imported_at,
                json_object('nodes', json_object('written', sum(nodes)), 'edges', json_object('written', sum(edges))),
                json_group_array(json_object('file', file, 'sha256', sha256, 'bytes', bytes)),
                'none', 'recorded before Tiergraph kept undo data (schema version 6)'
            FROM imports GROUP BY imported_at ORDER BY min(iid);
        """

    /// The supply baseline (version 7, ``SupplyBaseline``): rows of `supply_index` with negative
    /// slots, so the triggers that empty the index also watch what the baseline depends on
    /// (an edge's input, status, `as_of`, modality and validity; citations of edges and the
    /// dates of sources, which order claims; nodes added or removed). Nothing is rewritten: a file's index stays as it
    /// was, without a baseline until the next import or `tiergraph reindex`.
    static let version7 = """
        DROP TRIGGER IF EXISTS supply_index_edge_update;
        CREATE TRIGGER supply_index_edge_update AFTER UPDATE OF source, target, kind, input, status, as_of, modality, valid_from ON edges
            WHEN EXISTS (SELECT 1 FROM supply_index) BEGIN DELETE FROM supply_index; END;
        CREATE TRIGGER supply_index_citation_insert AFTER INSERT ON edge_citations
            WHEN EXISTS (SELECT 1 FROM supply_index) BEGIN DELETE FROM supply_index; END;
        CREATE TRIGGER supply_index_citation_delete AFTER DELETE ON edge_citations
            WHEN EXISTS (SELECT 1 FROM supply_index) BEGIN DELETE FROM supply_index; END;
        CREATE TRIGGER supply_index_citation_update AFTER UPDATE ON edge_citations
            WHEN EXISTS (SELECT 1 FROM supply_index) BEGIN DELETE FROM supply_index; END;
        CREATE TRIGGER supply_index_source_update AFTER UPDATE OF date ON sources
            WHEN EXISTS (SELECT 1 FROM supply_index) BEGIN DELETE FROM supply_index; END;
        CREATE TRIGGER supply_baseline_node_insert AFTER INSERT ON nodes
            WHEN EXISTS (SELECT 1 FROM supply_index WHERE slot < 0) BEGIN DELETE FROM supply_index WHERE slot < 0; END;
        CREATE TRIGGER supply_baseline_node_delete AFTER DELETE ON nodes
            WHEN EXISTS (SELECT 1 FROM supply_index WHERE slot < 0) BEGIN DELETE FROM supply_index WHERE slot < 0; END;
        """

    /// The supply index patched instead of emptied (version 8, ``SupplyIndex/patch(on:)``): a
    /// change to a supply edge deletes only the rows of the chunks of its two ends and lists
    /// them in `supply_index_pending`, which the write rebuilds before it commits; what only the
    /// baseline depends on (inputs, statuses, `as_of`s, modalities, validity, citations, source
    /// dates, nodes added or removed) deletes the baseline's rows only. A file's index stays as
    /// it was: its chunks without neighbours, which had no row, are read from the edge indexes
    /// until the next import or `tiergraph reindex`. Every trigger is dropped "if it exists": files
    /// written by early builds of version 7 have no node triggers.
    static let version8 = """
        CREATE TABLE supply_index_pending(slot INTEGER PRIMARY KEY);
        DROP TRIGGER IF EXISTS supply_index_edge_insert; DROP TRIGGER IF EXISTS supply_index_edge_delete;
        DROP TRIGGER IF EXISTS supply_index_edge_update; DROP TRIGGER IF EXISTS supply_index_citation_insert;
        DROP TRIGGER IF EXISTS supply_index_citation_delete; DROP TRIGGER IF EXISTS supply_index_citation_update;
        DROP TRIGGER IF EXISTS supply_index_source_update;
        DROP TRIGGER IF EXISTS supply_baseline_node_insert; DROP TRIGGER IF EXISTS supply_baseline_node_delete;
        \(edgeTriggers)
        \(nodeTriggers)
        CREATE TRIGGER supply_index_citation_insert AFTER INSERT ON edge_citations
            WHEN EXISTS (SELECT 1 FROM supply_index WHERE slot < 0) BEGIN \(dropBaseline) END;
        CREATE TRIGGER supply_index_citation_delete AFTER DELETE ON edge_citations
            WHEN EXISTS (SELECT 1 FROM supply_index WHERE slot < 0) BEGIN \(dropBaseline) END;
        CREATE TRIGGER supply_index_citation_update AFTER UPDATE ON edge_citations
            WHEN EXISTS (SELECT 1 FROM supply_index WHERE slot < 0) BEGIN \(dropBaseline) END;
        CREATE TRIGGER supply_index_source_update AFTER UPDATE OF date ON sources
            WHEN EXISTS (SELECT 1 FROM supply_index WHERE slot < 0) BEGIN \(dropBaseline) END;
        """
}
