import Foundation

/// Writes nodes, edges, sources and kinds inside one transaction opened by ``GraphStore/write(dryRun:_:)``.
///
/// The importers and the `add` commands all write through here, so every write path validates
/// the same way. Statements are prepared once and bound per row: this is the bulk-import path.
/// Within one writer, a node id or edge id written twice is an error (a duplicate in the input),
/// while ids already in the database are updated in place (re-imports are idempotent).
///
/// Memory: one entry per node id touched (to resolve edge endpoints without a query each) and
/// 8 bytes per edge written (a fingerprint, to detect duplicates in the input).
public final class GraphWriter {
    private let connection: Connection
    private let lookup: NodeLookup
    private let upsertNode: Statement
    private let insertAlias: Statement
    private let upsertEdge: Statement
    /// Set in bulk mode: edges are appended with a plain INSERT while the edge indexes are gone.
    private var appendEdge: Statement?
    private let ensureSource: Statement
    private let upsertSource: Statement
    private let citeNode: Statement
    private let citeEdge: Statement
    private let insertKind: Statement

    private struct NodeEntry {
        var nid: Int64
        /// The input line that wrote this node in this writer, or 0 if it was only looked up.
        var line: Int32
    }
    private var nodes: [String: NodeEntry] = [:]
    private var sources: [String: Int64] = [:]
    private var kinds: [String: Flow] = [:]
    private var edgeFingerprints: Set<UInt64> = []

    /// How many nodes and edges this writer has written.
    public private(set) var nodesWritten = 0
    public private(set) var edgesWritten = 0

    /// - Parameter bulk: if the edges table is empty, drop its indexes now and rebuild them in
    ///   ``finish()``. Duplicate edge ids are still caught, by the fingerprints.
    init(connection: Connection, bulk: Bool = false) throws {
        self.connection = connection
        lookup = try NodeLookup(connection: connection)
        upsertNode = try connection.prepare("""
            INSERT INTO nodes(id, kind, name, name_key, country, properties) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name, name_key = excluded.name_key,
                country = coalesce(excluded.country, nodes.country),
                properties = CASE WHEN excluded.properties IS NULL THEN nodes.properties
                                  WHEN nodes.properties IS NULL THEN excluded.properties
                                  ELSE json_patch(nodes.properties, excluded.properties) END
            RETURNING nid
            """)
        insertAlias = try connection.prepare(
            "INSERT INTO aliases(node, alias, alias_key) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
        upsertEdge = try connection.prepare("""
            INSERT INTO edges(id, source, target, kind, share_low, share_high, volume, unit, valid_from, valid_to, properties)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT(id) DO UPDATE SET source = excluded.source, target = excluded.target, kind = excluded.kind,
                share_low = excluded.share_low, share_high = excluded.share_high, volume = excluded.volume,
                unit = excluded.unit, valid_from = excluded.valid_from, valid_to = excluded.valid_to,
                properties = CASE WHEN excluded.properties IS NULL THEN edges.properties
                                  WHEN edges.properties IS NULL THEN excluded.properties
                                  ELSE json_patch(edges.properties, excluded.properties) END
            RETURNING eid
            """)
        ensureSource = try connection.prepare(
            "INSERT INTO sources(id) VALUES (?1) ON CONFLICT(id) DO UPDATE SET id = id RETURNING sid")
        upsertSource = try connection.prepare("""
            INSERT INTO sources(id, title, publisher, date, url) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT(id) DO UPDATE SET title = coalesce(excluded.title, title),
                publisher = coalesce(excluded.publisher, publisher), date = coalesce(excluded.date, date),
                url = coalesce(excluded.url, url)
            RETURNING sid
            """)
        citeNode = try connection.prepare("""
            INSERT INTO node_citations(node, source, quote) VALUES (?1, ?2, ?3)
            ON CONFLICT DO UPDATE SET quote = coalesce(excluded.quote, quote)
            """)
        citeEdge = try connection.prepare("""
            INSERT INTO edge_citations(edge, source, quote) VALUES (?1, ?2, ?3)
            ON CONFLICT DO UPDATE SET quote = coalesce(excluded.quote, quote)
            """)
        insertKind = try connection.prepare("INSERT INTO edge_kinds(name, flow, description) VALUES (?1, ?2, ?3)")
        if bulk, try connection.scalar("SELECT NOT EXISTS (SELECT 1 FROM edges)")?.int64 == 1 {
            try connection.execute(Schema.dropEdgeIndexes)
            appendEdge = try connection.prepare("""
                INSERT INTO edges(id, source, target, kind, share_low, share_high, volume, unit, valid_from, valid_to, properties)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                """)
        }
        for row in try connection.query("SELECT name, flow FROM edge_kinds", [], { ($0.string(0) ?? "", $0.string(1) ?? "") }) {
            kinds[row.0] = Flow(rawValue: row.1)
        }
    }

    // MARK: Kinds

    /// The flow of edge kind `name`, if it is defined.
    public func flow(ofKind name: String) -> Flow? {
        kinds[EdgeKind.normalize(name)]
    }

    /// Defines a new edge kind; defining an existing kind again with the same flow does nothing.
    /// - Throws: ``GraphStoreError/kindConflict(name:reason:)`` if the kind exists with another flow.
    public func define(_ kind: EdgeKind) throws {
        let name = EdgeKind.normalize(kind.name)
        guard !name.isEmpty else { throw GraphStoreError.invalid(field: "kind", message: "an edge kind needs a name") }
        if let existing = kinds[name] {
            guard existing == kind.flow else {
                throw GraphStoreError.kindConflict(
                    name: name, reason: "already defined with flow '\(existing.rawValue)', not '\(kind.flow.rawValue)'")
            }
            return
        }
        try insertKind.bind([.text(name), .text(kind.flow.rawValue), .text(kind.description)])
        try insertKind.run()
        kinds[name] = kind.flow
    }

    /// Completes the writes: in bulk mode, rebuilds the edge indexes. Called before commit.
    func finish() throws {
        guard appendEdge != nil else { return }
        appendEdge = nil
        try connection.execute(Schema.edgeIndexes)
    }

    // MARK: Nodes

    /// Inserts `node`, or updates the node with its id: kind, name and country are replaced
    /// (country only when given), properties merged key by key, aliases and citations added.
    ///
    /// - Parameter line: the input line, for the duplicate check and its message (0 if none).
    /// - Throws: ``GraphStoreError/invalid(field:message:)`` for an empty id or a duplicate.
    public func write(_ node: Node, line: Int = 0) throws {
        let id = node.id.trimmingWhitespace()
        guard !id.isEmpty else { throw GraphStoreError.invalid(field: "id", message: "a node needs an id") }
        if let earlier = nodes[id], earlier.line != 0 {
            throw GraphStoreError.invalid(field: "id", message: "duplicate node id '\(id)' (first given on line \(earlier.line))")
        }
        guard !node.kind.isEmpty else { throw GraphStoreError.invalid(field: "kind", message: "node '\(id)' needs a kind") }
        let name = node.name.trimmingWhitespace().isEmpty ? id : node.name
        try upsertNode.bind(.text(id), at: 1)
        try upsertNode.bind(.text(node.kind), at: 2)
        try upsertNode.bind(.text(name), at: 3)
        try upsertNode.bind(.text(SearchKey.fold(name)), at: 4)
        try upsertNode.bind(node.country.sqlValue, at: 5)
        try upsertNode.bind(GraphWriter.propertiesValue(node.properties), at: 6)
        guard let nid = try upsertNode.step()?.int64(0) else { throw connection.error(0, sql: upsertNode.sql) }
        upsertNode.reset()
        nodes[id] = NodeEntry(nid: nid, line: Int32(clamping: max(line, 1)))
        for alias in node.aliases {
            let alias = alias.trimmingWhitespace()
            guard !alias.isEmpty else { continue }
            try insertAlias.bind([.integer(nid), .text(alias), .text(SearchKey.fold(alias))])
            try insertAlias.run()
        }
        for citation in node.citations {
            try cite(citeNode, row: nid, citation)
        }
        nodesWritten += 1
    }

    // MARK: Edges

    /// Inserts `edge`, or updates the edge with its id (given, or derived from its natural key).
    ///
    /// Endpoints are node ids; a reference that is no id but a unique name or alias is accepted
    /// and stored as that node's id.
    /// - Returns: the edge's id.
    /// - Throws: ``GraphStoreError/invalid(field:message:)`` naming the field at fault
    ///   (`source`, `target`, `kind`, `id`).
    @discardableResult
    public func write(_ edge: Edge) throws -> String {
        var edge = edge
        let (sourceNID, sourceID) = try endpoint(edge.source, field: "source")
        let (targetNID, targetID) = try endpoint(edge.target, field: "target")
        edge.source = sourceID
        edge.target = targetID
        guard !edge.kind.isEmpty else { throw GraphStoreError.invalid(field: "kind", message: "an edge needs a kind") }
        guard kinds[edge.kind] != nil else {
            throw GraphStoreError.invalid(
                field: "kind",
                message: "unknown edge kind '\(edge.kind)' with no flow: define it first (`tiergraph kind add \(edge.kind) --flow with|against|none`) or give a flow column")
        }
        if let id = edge.id, id.trimmingWhitespace().isEmpty { edge.id = nil }
        let id = edge.effectiveID
        var fingerprint = FNV1a()
        fingerprint.combine(id)
        guard edgeFingerprints.insert(fingerprint.value).inserted else {
            let what = edge.id == nil ? "an edge with the same source, target, kind, period and sources" : "edge id '\(id)'"
            throw GraphStoreError.invalid(
                field: edge.id == nil ? nil : "id",
                message: "duplicate: \(what) appears earlier in this input (give each row its own id to keep both)")
        }
        let statement = appendEdge ?? upsertEdge
        try statement.bind(.text(id), at: 1)
        try statement.bind(.integer(sourceNID), at: 2)
        try statement.bind(.integer(targetNID), at: 3)
        try statement.bind(.text(edge.kind), at: 4)
        try statement.bind(edge.share.map { .real($0.low) } ?? .null, at: 5)
        try statement.bind(edge.share.map { .real($0.high) } ?? .null, at: 6)
        try statement.bind(edge.volume.map { .real($0.amount) } ?? .null, at: 7)
        try statement.bind(edge.volume?.unit.sqlValue ?? .null, at: 8)
        try statement.bind(edge.period.from.map { .text($0.description) } ?? .null, at: 9)
        try statement.bind(edge.period.to.map { .text($0.description) } ?? .null, at: 10)
        try statement.bind(GraphWriter.propertiesValue(edge.properties), at: 11)
        // The append statement has no RETURNING clause (it costs a temporary table per row).
        let eid = try statement.step()?.int64(0) ?? connection.lastInsertRowID
        statement.reset()
        for citation in edge.citations {
            try cite(citeEdge, row: eid, citation)
        }
        edgesWritten += 1
        return id
    }

    private func endpoint(_ reference: String, field: String) throws -> (Int64, String) {
        let reference = reference.trimmingWhitespace()
        guard !reference.isEmpty else { throw GraphStoreError.invalid(field: field, message: "an edge needs a \(field) node") }
        if let entry = nodes[reference] { return (entry.nid, reference) }
        do {
            let (nid, id) = try lookup.resolve(reference, suggest: { _ in [] })
            nodes[id] = nodes[id] ?? NodeEntry(nid: nid, line: 0)
            return (nid, id)
        } catch let error as GraphStoreError {
            if case .nodeNotFound = error {
                throw GraphStoreError.invalid(
                    field: field, message: "dangling edge: \(field) '\(reference)' is not a node (import or add it first)")
            }
            throw GraphStoreError.invalid(field: field, message: error.description)
        }
    }

    // MARK: Sources and citations

    /// Inserts `source`, or fills in the fields of the source with its id that are given.
    public func write(_ source: Source) throws {
        let id = source.id.trimmingWhitespace()
        guard !id.isEmpty else { throw GraphStoreError.invalid(field: "id", message: "a source needs an id") }
        try upsertSource.bind([
            .text(id), source.title.sqlValue, source.publisher.sqlValue,
            source.date.map { .text($0.description) } ?? .null, source.url.sqlValue,
        ])
        guard let sid = try upsertSource.step()?.int64(0) else { throw connection.error(0, sql: upsertSource.sql) }
        upsertSource.reset()
        sources[id] = sid
    }

    /// Adds a citation to the node with id `nodeID` (which must exist).
    public func cite(node nodeID: String, _ citation: Citation) throws {
        let (nid, _) = try endpoint(nodeID, field: "node")
        try cite(citeNode, row: nid, citation)
    }

    /// Adds a citation to the edge with id `edgeID` (which must exist).
    public func cite(edge edgeID: String, _ citation: Citation) throws {
        guard let eid = try connection.scalar("SELECT eid FROM edges WHERE id = ?", [.text(edgeID)])?.int64 else {
            throw GraphStoreError.invalid(field: "edge", message: "no edge with id '\(edgeID)'")
        }
        try cite(citeEdge, row: eid, citation)
    }

    private func cite(_ statement: Statement, row: Int64, _ citation: Citation) throws {
        let reference = citation.source.trimmingWhitespace()
        guard !reference.isEmpty else { return }
        let sid: Int64
        if let cached = sources[reference] {
            sid = cached
        } else {
            try ensureSource.bind([.text(reference)])
            guard let inserted = try ensureSource.step()?.int64(0) else { throw connection.error(0, sql: ensureSource.sql) }
            ensureSource.reset()
            sources[reference] = inserted
            sid = inserted
        }
        let quote = citation.quote?.trimmingWhitespace()
        try statement.bind([.integer(row), .integer(sid), quote?.isEmpty == false ? .text(quote!) : .null])
        try statement.run()
    }

    static func propertiesValue(_ properties: [String: JSONValue]) -> SQLValue {
        properties.isEmpty ? .null : .text(JSONValue.object(properties).serialized())
    }
}
