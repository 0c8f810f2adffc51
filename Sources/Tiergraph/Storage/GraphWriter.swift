import Foundation

/// Writes nodes, edges, sources and kinds inside one transaction opened by ``GraphStore/write(dryRun:_:)``.
///
/// The importers and the `add` commands all write through here, so every write path validates
/// the same way. Statements are prepared once and bound per row: this is the bulk-import path.
/// Within one writer, a node id or edge id written twice is an error (a duplicate in the input),
/// while ids already in the database are updated in place (re-imports are idempotent).
///
/// Each row is one look-up (skipped when the table was empty at the start) and one INSERT or
/// UPDATE; no statement uses RETURNING, which costs SQLite a temporary table per row.
///
/// Memory: one entry per node id touched (to resolve edge endpoints without a query each) and
/// 8 bytes per edge written (a fingerprint, to detect duplicates in the input).
public final class GraphWriter {
    private let connection: Connection
    private let lookup: NodeLookup
    private let insertNode: Statement
    private let updateNode: Statement
    private let insertAlias: Statement
    private let insertEdge: Statement
    private let updateEdge: Statement
    private let findEdge: Statement
    private let findSource: Statement
    private let insertSource: Statement
    private let updateSource: Statement
    private let citeNode: Statement
    private let citeEdge: Statement
    private let insertKind: Statement
    private let insertClaim: Statement
    private let readNode: Statement

    private struct NodeEntry {
        var nid: Int64
        /// The input line that wrote this node in this writer, or 0 if it was only looked up.
        var line: Int32
    }
    private var nodes: [String: NodeEntry] = [:]
    private var sources: [String: Int64] = [:]
    /// How many sources a citation named that did not exist yet (each created with its id only).
    private(set) var sourcesNamedByCitations = 0
    private var kinds: [String: Flow] = [:]
    /// The flow that an edge of an undefined kind gets, defining its kind (`nil`: refused).
    var unknownKindsFlow: Flow?
    /// How many kinds ``unknownKindsFlow`` defined.
    private(set) var kindsDefinedByDefault = 0
    /// The row ids of the edges written, in order, when ``recordsEdges`` (for the import log).
    private(set) var writtenEdges: [Int64] = []
    /// Whether ``writtenEdges`` is kept.
    var recordsEdges = false
    private var edgeFingerprints: Set<UInt64> = []
    /// Whether the table was empty when the writer started: then an id not written by this
    /// writer cannot exist, and no look-up is needed.
    private let nodesWereEmpty: Bool
    private let edgesWereEmpty: Bool
    /// Whether the edge indexes and triggers were dropped for a bulk load (rebuilt by ``finish(keeping:)``).
    private var edgeIndexesDropped = false
    /// Whether the baseline's node triggers were dropped for a bulk load (created again by ``finish(keeping:)``).
    private var nodeTriggersDropped = false

    /// What writing a node with another kind than it has does (see ``KindChangePolicy``).
    public var kindChangePolicy: KindChangePolicy = .refuse
    /// The file being read, named in ``kindChanges``.
    public var inputFile: String?
    /// The existing nodes whose kind this writer changed (or, refused, would have), in order.
    public private(set) var kindChanges: [KindChange] = []
    /// How many of ``kindChanges`` were refused: ``finish(keeping:)`` then fails the write.
    private var refusedKindChanges: [KindChange] = []

    /// Whether this is a bulk write (an import), which rebuilds the supply index at the end.
    private let bulk: Bool

    /// - Parameter bulk: empty the supply index now (so that its triggers cost nothing per row)
    ///   and rebuild it in ``finish(keeping:)``; if the edges table is empty, also drop its
    ///   indexes and triggers and create them again there. Duplicate edge ids are still caught, by the fingerprints.
    init(connection: Connection, bulk: Bool = false) throws {
        self.connection = connection
        self.bulk = bulk
        if bulk {
            try connection.execute("DELETE FROM supply_index; DELETE FROM supply_index_pending; " + Schema.dropNodeTriggers)
            nodeTriggersDropped = true
        }
        lookup = try NodeLookup(connection: connection)
        nodesWereEmpty = try connection.scalar("SELECT NOT EXISTS (SELECT 1 FROM nodes)")?.int64 == 1
        edgesWereEmpty = try connection.scalar("SELECT NOT EXISTS (SELECT 1 FROM edges)")?.int64 == 1
        insertNode = try connection.prepare(
            "INSERT INTO nodes(id, kind, name, name_key, country, properties) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        // An update that would change nothing writes nothing (the monthly re-import of the same
        // rows): no page, index entry, trigger or history change for an unchanged row.
        updateNode = try connection.prepare("""
            UPDATE nodes SET kind = ?2, name = ?3, name_key = ?4, country = coalesce(?5, country),
                properties = \(GraphWriter.mergeProperties("?6"))
            WHERE nid = ?7 AND ?1 = id AND (kind IS NOT ?2 OR name IS NOT ?3 OR name_key IS NOT ?4 OR country IS NOT coalesce(?5, country)
                OR properties IS NOT \(GraphWriter.mergeProperties("?6")))
            """)
        insertAlias = try connection.prepare(
            "INSERT INTO aliases(node, alias, alias_key) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
        insertEdge = try connection.prepare("""
            INSERT INTO edges(id, source, target, kind, share_low, share_high, volume, unit, valid_from, valid_to, properties, input,
                share_text, volume_high, volume_text, as_of, status, modality, claimant, share_of)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)
            """)
        updateEdge = try connection.prepare("""
            UPDATE edges SET source = ?2, target = ?3, kind = ?4, share_low = ?5, share_high = ?6, volume = ?7,
                unit = ?8, valid_from = ?9, valid_to = ?10, properties = \(GraphWriter.mergeProperties("?11")), input = ?13,
                share_text = ?14, volume_high = ?15, volume_text = ?16, as_of = ?17, status = ?18, modality = ?19, claimant = ?20,
                share_of = ?21
            WHERE eid = ?12 AND ?1 = id AND (source IS NOT ?2 OR target IS NOT ?3 OR kind IS NOT ?4 OR share_low IS NOT ?5
                OR share_high IS NOT ?6 OR volume IS NOT ?7 OR unit IS NOT ?8 OR valid_from IS NOT ?9 OR valid_to IS NOT ?10
                OR properties IS NOT \(GraphWriter.mergeProperties("?11")) OR input IS NOT ?13 OR share_text IS NOT ?14
                OR volume_high IS NOT ?15 OR volume_text IS NOT ?16 OR as_of IS NOT ?17 OR status IS NOT ?18 OR modality IS NOT ?19
                OR claimant IS NOT ?20 OR share_of IS NOT ?21)
            """)
        findEdge = try connection.prepare("SELECT eid FROM edges WHERE id = ?")
        findSource = try connection.prepare("SELECT sid FROM sources WHERE id = ?")
        insertSource = try connection.prepare("INSERT INTO sources(id, title, publisher, date, url) VALUES (?1, ?2, ?3, ?4, ?5)")
        updateSource = try connection.prepare("""
            UPDATE sources SET title = coalesce(?2, title), publisher = coalesce(?3, publisher),
                date = coalesce(?4, date), url = coalesce(?5, url) WHERE id = ?1
            """)
        citeNode = try connection.prepare("""
            INSERT INTO node_citations(node, source, quote) VALUES (?1, ?2, ?3)
            ON CONFLICT DO UPDATE SET quote = coalesce(excluded.quote, quote) WHERE quote IS NOT coalesce(excluded.quote, quote)
            """)
        citeEdge = try connection.prepare("""
            INSERT INTO edge_citations(edge, source, quote) VALUES (?1, ?2, ?3)
            ON CONFLICT DO UPDATE SET quote = coalesce(excluded.quote, quote) WHERE quote IS NOT coalesce(excluded.quote, quote)
            """)
        insertClaim = try connection.prepare("""
            INSERT INTO node_claims(node, key, value, low, high, unit, as_of, claimant, modality, source, quote)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT DO UPDATE SET low = excluded.low, high = excluded.high, unit = excluded.unit, claimant = excluded.claimant,
                modality = excluded.modality, quote = coalesce(excluded.quote, quote)
            WHERE low IS NOT excluded.low OR high IS NOT excluded.high OR unit IS NOT excluded.unit OR claimant IS NOT excluded.claimant
                OR modality IS NOT excluded.modality OR quote IS NOT coalesce(excluded.quote, quote)
            """)
        insertKind = try connection.prepare("INSERT INTO edge_kinds(name, flow, description) VALUES (?1, ?2, ?3)")
        readNode = try connection.prepare("SELECT kind, name FROM nodes WHERE nid = ?")
        for row in try connection.query("SELECT name, flow FROM edge_kinds", [], { ($0.string(0) ?? "", $0.string(1) ?? "") }) {
            kinds[row.0] = Flow(rawValue: row.1)
        }
        if bulk { try SearchIndex.suspend(on: connection) }
        if bulk && edgesWereEmpty {
            try connection.execute(Schema.dropEdgeIndexes + Schema.dropEdgeTriggers)
            edgeIndexesDropped = true
        }
    }

    /// Properties are merged key by key (RFC 7386 merge patch): new keys added, given keys replaced.
    private static func mergeProperties(_ parameter: String) -> String {
        "CASE WHEN \(parameter) IS NULL THEN properties WHEN properties IS NULL THEN \(parameter) ELSE json_patch(properties, \(parameter)) END"
    }

    /// Completes the writes: rebuilds the edge indexes if a bulk load dropped them, for a bulk
    /// write that is kept the supply index, and then the triggers that guard it. Called before commit.
    /// - Throws: ``GraphStoreError/kindChangesRefused(_:)`` when a node's kind would have changed under ``KindChangePolicy/refuse``.
    func finish(keeping: Bool) throws {
        if !refusedKindChanges.isEmpty { throw GraphStoreError.kindChangesRefused(refusedKindChanges) }
        if edgeIndexesDropped { try connection.execute(Schema.edgeIndexes) }
        if bulk && keeping { try SupplyIndex.rebuild(on: connection) }
        if edgeIndexesDropped { try connection.execute(Schema.edgeTriggers) }
        if nodeTriggersDropped { try connection.execute(Schema.nodeTriggers) }
        edgeIndexesDropped = false
        nodeTriggersDropped = false
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

    // MARK: Nodes

    /// Inserts `node`, or updates the node with its id: kind and name are replaced, country
    /// replaced when given, properties merged key by key, aliases and citations added.
    ///
    /// - Parameter line: the input line, for the duplicate check and its message (0 if none).
    /// - Throws: ``GraphStoreError/invalid(field:message:)`` for an empty id or a duplicate.
    public func write(_ node: Node, line: Int = 0) throws {
        let id = node.id.trimmingWhitespace()
        guard !id.isEmpty else { throw GraphStoreError.invalid(field: "id", message: "a node needs an id") }
        let known = nodes[id]
        if let known, known.line != 0 {
            throw GraphStoreError.invalid(field: "id", message: "duplicate node id '\(id)' (first given on line \(known.line))")
        }
        guard !node.kind.isEmpty else { throw GraphStoreError.invalid(field: "kind", message: "node '\(id)' needs a kind") }
        let existing = try known?.nid ?? (nodesWereEmpty ? nil : lookup.nid(forID: id))
        if let existing { try checkKind(of: existing, id: id, becoming: node.kind, line: line) }
        let statement = existing == nil ? insertNode : updateNode
        let trimmedName = node.name.trimmingWhitespace()
        let name = trimmedName.isEmpty ? id : trimmedName
        try statement.bind(.text(id), at: 1)
        try statement.bind(.text(node.kind), at: 2)
        try statement.bind(.text(name), at: 3)
        try statement.bind(.text(SearchKey.fold(name)), at: 4)
        try statement.bind(GraphWriter.label(node.country).sqlValue, at: 5)
        try statement.bind(GraphWriter.propertiesValue(node.properties), at: 6)
        if let existing { try statement.bind(.integer(existing), at: 7) }
        try statement.run()
        let nid = existing ?? connection.lastInsertRowID
        nodes[id] = NodeEntry(nid: nid, line: Int32(clamping: max(line, 1)))
        try addParts(of: node, aliases: node.aliases, nid: nid)
    }

    /// Records a change of the kind of the existing node `nid` to `kind`, if it is one, under
    /// ``kindChangePolicy``.
    private func checkKind(of nid: Int64, id: String, becoming kind: String, line: Int) throws {
        try readNode.bind([.integer(nid)])
        let stored = try readNode.step()?.string(0)
        readNode.reset()
        guard let stored, stored != kind else { return }
        let change = KindChange(id: id, oldKind: stored, newKind: kind, file: inputFile, line: line > 0 ? line : nil)
        kindChanges.append(change)
        if kindChangePolicy == .refuse { refusedKindChanges.append(change) }
    }

    /// A short label (a country, an input, a claimant) as stored: without the whitespace
    /// around it, which every format may add or drop; nil when nothing is left.
    static func label(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingWhitespace(), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// Adds `aliases`, and the node's citations and claims, to the node with key `nid`.
    private func addParts(of node: Node, aliases: [String], nid: Int64) throws {
        for alias in aliases {
            let alias = alias.trimmingWhitespace()
            guard !alias.isEmpty else { continue }
            try insertAlias.bind([.integer(nid), .text(alias), .text(SearchKey.fold(alias))])
            try insertAlias.run()
        }
        for citation in node.citations {
            try cite(citeNode, row: nid, citation)
        }
        for claim in node.claims {
            try write(claim, nid: nid)
        }
    }

    /// The edges written since the last call (see ``recordsEdges``), and forgets them.
    func takeWrittenEdges() -> [Int64] {
        defer { writtenEdges.removeAll() }
        return writtenEdges
    }

    /// Writes a row that may repeat a node id given before (in this import or the database):
    /// a new id is written as ``write(_:line:)`` does (an empty kind taking `defaultKind`); a
    /// repeated one adds to the node: its aliases, citations and claims, its properties (merged
    /// key by key), its country when given, and its name, which becomes the node's
    /// name if the node had none (its name was its id) and an alias otherwise. An empty kind
    /// keeps the node's kind; another kind than the one this import gave the node is an error.
    /// - Returns: whether the row repeated an id that this writer had written (a merged row).
    @discardableResult
    public func merge(_ node: Node, line: Int, defaultKind: String) throws -> Bool {
        let id = node.id.trimmingWhitespace()
        guard !id.isEmpty else { throw GraphStoreError.invalid(field: "id", message: "a node needs an id") }
        let known = nodes[id]
        guard let nid = try known?.nid ?? (nodesWereEmpty ? nil : lookup.nid(forID: id)) else {
            var node = node
            if node.kind.isEmpty { node.kind = defaultKind }
            try write(node, line: line)
            return false
        }
        try readNode.bind([.integer(nid)])
        let stored = try readNode.step().map { (kind: $0.string(0) ?? "", name: $0.string(1) ?? "") } ?? (kind: "", name: id)
        readNode.reset()
        var kind = stored.kind
        if !node.kind.isEmpty && node.kind != stored.kind {
            if let known, known.line > 0 {
                throw GraphStoreError.invalid(
                    field: "kind", message: "node '\(id)' was given kind '\(stored.kind)' on line \(known.line), this row repeats it with kind '\(node.kind)'")
            }
            try checkKind(of: nid, id: id, becoming: node.kind, line: line)
            kind = node.kind
        }
        let name = node.name.trimmingWhitespace()
        var aliases = node.aliases
        var storedName = stored.name
        if !name.isEmpty && name != id && name != stored.name {
            if stored.name == id { storedName = name } else { aliases.append(name) }
        }
        try updateNode.bind(.text(id), at: 1)
        try updateNode.bind(.text(kind), at: 2)
        try updateNode.bind(.text(storedName), at: 3)
        try updateNode.bind(.text(SearchKey.fold(storedName)), at: 4)
        try updateNode.bind(node.country.sqlValue, at: 5)
        try updateNode.bind(GraphWriter.propertiesValue(node.properties), at: 6)
        try updateNode.bind(.integer(nid), at: 7)
        try updateNode.run()
        nodes[id] = NodeEntry(nid: nid, line: known?.line ?? Int32(clamping: max(line, 1)))
        try addParts(of: node, aliases: aliases, nid: nid)
        return (known?.line ?? 0) > 0
    }

    /// Adds a claim to the node with id `nodeID` (which must exist), or updates the claim of
    /// the same key, value, source and date.
    public func write(_ claim: PropertyClaim, node nodeID: String) throws {
        let (nid, _) = try endpoint(nodeID, field: "node")
        try write(claim, nid: nid)
    }

    private func write(_ claim: PropertyClaim, nid: Int64) throws {
        guard !claim.key.isEmpty else { throw GraphStoreError.invalid(field: "key", message: "a claim needs a key") }
        guard !claim.value.isEmpty else { throw GraphStoreError.invalid(field: "value", message: "claim '\(claim.key)' needs a value") }
        let reference = claim.citation?.source.trimmingWhitespace() ?? ""
        let sid = reference.isEmpty ? nil : try sourceID(reference, create: true)
        try insertClaim.bind([
            .integer(nid), .text(claim.key), .text(claim.value), claim.bounds?.low.map(SQLValue.real) ?? .null,
            claim.bounds?.high.map(SQLValue.real) ?? .null, claim.unit.sqlValue, claim.asOf.map { .text($0.description) } ?? .null,
            claim.claimant.sqlValue, claim.modality.map { .text($0.rawValue) } ?? .null, sid.map(SQLValue.integer) ?? .null,
            claim.citation?.quote?.trimmingWhitespace().nilIfEmpty.sqlValue ?? .null,
        ])
        try insertClaim.run()
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
        edge.input = GraphWriter.label(edge.input)
        edge.claimant = GraphWriter.label(edge.claimant)
        let (sourceNID, sourceID) = try endpoint(edge.source, field: "source")
        let (targetNID, targetID) = try endpoint(edge.target, field: "target")
        edge.source = sourceID
        edge.target = targetID
        guard !edge.kind.isEmpty else { throw GraphStoreError.invalid(field: "kind", message: "an edge needs a kind") }
        if kinds[edge.kind] == nil, let flow = unknownKindsFlow {
            try define(EdgeKind(name: edge.kind, flow: flow, description: "declared by an import (unknown kinds flow \(flow.rawValue))"))
            kindsDefinedByDefault += 1
        }
        guard let flow = kinds[edge.kind] else {
            throw GraphStoreError.invalid(
                field: "kind",
                message: "unknown edge kind '\(edge.kind)' with no flow: define it (`tiergraph kind add \(edge.kind) --flow with|against|none|gate`); an import can also declare it (`--flow \(edge.kind)=with`, or `--unknown-kinds-flow with` for every unknown kind) or give a flow column")
        }
        if let status = edge.status {
            do { edge.status = try ClaimStatus.validate(status, flow: flow, kind: edge.kind) } catch {
                throw GraphStoreError.invalid(field: "status", message: error.message)
            }
        }
        if let id = edge.id, id.trimmingWhitespace().isEmpty { edge.id = nil }
        let id = edge.effectiveID
        var fingerprint = FNV1a()
        fingerprint.combine(id)
        guard edgeFingerprints.insert(fingerprint.value).inserted else {
            let what = edge.id == nil
                ? "an edge with the same source, target, kind, input, period, as_of, status, share_of and sources" : "edge id '\(id)'"
            throw GraphStoreError.invalid(
                field: edge.id == nil ? nil : "id",
                message: "duplicate: \(what) appears earlier in this input (give each row its own id to keep both)")
        }
        var existing: Int64?
        if !edgesWereEmpty {
            try findEdge.bind([.text(id)])
            existing = try findEdge.step()?.int64(0)
            findEdge.reset()
        }
        let statement = existing == nil ? insertEdge : updateEdge
        try statement.bind(.text(id), at: 1)
        try statement.bind(.integer(sourceNID), at: 2)
        try statement.bind(.integer(targetNID), at: 3)
        try statement.bind(.text(edge.kind), at: 4)
        try statement.bind(edge.share.map { .real($0.low) } ?? .null, at: 5)
        try statement.bind(edge.share.map { .real($0.high) } ?? .null, at: 6)
        try statement.bind(edge.volume?.bounds.low.map { .real($0) } ?? .null, at: 7)
        try statement.bind(edge.volume?.unit.sqlValue ?? .null, at: 8)
        try statement.bind(edge.period.from.map { .text($0.description) } ?? .null, at: 9)
        try statement.bind(edge.period.to.map { .text($0.description) } ?? .null, at: 10)
        try statement.bind(GraphWriter.propertiesValue(edge.properties), at: 11)
        if let existing { try statement.bind(.integer(existing), at: 12) }
        try statement.bind(edge.input.sqlValue, at: 13)
        try statement.bind(edge.share?.storedText.sqlValue ?? .null, at: 14)
        try statement.bind(edge.volume?.bounds.high.map { .real($0) } ?? .null, at: 15)
        try statement.bind(edge.volume?.storedText.sqlValue ?? .null, at: 16)
        try statement.bind(edge.asOf.map { .text($0.description) } ?? .null, at: 17)
        try statement.bind(edge.status.sqlValue, at: 18)
        try statement.bind(edge.modality.map { .text($0.rawValue) } ?? .null, at: 19)
        try statement.bind(edge.claimant.sqlValue, at: 20)
        try statement.bind(edge.shareOf.map { .text($0.rawValue) } ?? .null, at: 21)
        try statement.run()
        let eid = existing ?? connection.lastInsertRowID
        if recordsEdges { writtenEdges.append(eid) }
        for citation in edge.citations {
            try cite(citeEdge, row: eid, citation)
        }
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
        let fields: [SQLValue] = [
            .text(id), source.title.sqlValue, source.publisher.sqlValue,
            source.date.map { .text($0.description) } ?? .null, source.url.sqlValue,
        ]
        if let sid = try sourceID(id, create: false) {
            try updateSource.bind(fields)
            try updateSource.run()
            sources[id] = sid
        } else {
            try insertSource.bind(fields)
            try insertSource.run()
            sources[id] = connection.lastInsertRowID
        }
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
        guard !reference.isEmpty, let sid = try sourceID(reference, create: true) else { return }
        let quote = citation.quote?.trimmingWhitespace()
        try statement.bind([.integer(row), .integer(sid), quote?.isEmpty == false ? .text(quote!) : .null])
        try statement.run()
    }

    /// The key of the source with this id; with `create`, a missing source is created with just its id.
    private func sourceID(_ id: String, create: Bool) throws -> Int64? {
        if let cached = sources[id] { return cached }
        try findSource.bind([.text(id)])
        let found = try findSource.step()?.int64(0)
        findSource.reset()
        if let found {
            sources[id] = found
            return found
        }
        guard create else { return nil }
        try insertSource.bind([.text(id), .null, .null, .null, .null])
        try insertSource.run()
        sourcesNamedByCitations += 1
        sources[id] = connection.lastInsertRowID
        return connection.lastInsertRowID
    }

    static func propertiesValue(_ properties: [String: JSONValue]) -> SQLValue {
        properties.isEmpty ? .null : .text(JSONValue.object(properties).serialized())
    }
}
