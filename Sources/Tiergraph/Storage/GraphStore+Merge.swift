/// What merging one node into another did (or, in a dry run, would do).
public struct MergeReport: Sendable, Equatable {
    /// Something the two nodes disagree on, and how the merge settled it.
    public struct Conflict: Sendable, Equatable {
        /// `kind`, `country`, `property KEY`, `claim KEY`, `self-loop` or `duplicate edge`.
        public var what: String
        /// The value (or edge id) kept.
        public var kept: String?
        /// B's value (or edge id): given up, unless the resolution says both are kept (claims).
        public var dropped: String
        /// What was done, in words.
        public var resolution: String
    }

    /// The node kept (A) and the one merged into it (B).
    public var kept: String
    public var merged: String
    public var dryRun: Bool
    /// Aliases A gained: B's aliases, name and id.
    public var aliasesAdded: [String] = []
    public var citationsMoved = 0
    public var claimsMoved = 0
    /// B's properties that A did not have.
    public var propertiesAdded: [String] = []
    /// B's edges now on A.
    public var edgesMoved = 0
    /// Moved edges whose id was derived from their ends, and so is derived again: (old id, new id).
    public var edgesReidentified: [(old: String, new: String)] = []
    public var conflicts: [Conflict] = []

    public static func == (a: MergeReport, b: MergeReport) -> Bool {
        a.kept == b.kept && a.merged == b.merged && a.dryRun == b.dryRun && a.aliasesAdded == b.aliasesAdded
            && a.citationsMoved == b.citationsMoved && a.claimsMoved == b.claimsMoved && a.propertiesAdded == b.propertiesAdded
            && a.edgesMoved == b.edgesMoved && a.edgesReidentified.map(\.old) == b.edgesReidentified.map(\.old)
            && a.edgesReidentified.map(\.new) == b.edgesReidentified.map(\.new) && a.conflicts == b.conflicts
    }

    /// `{"kept","merged","dry_run","aliases_added","citations_moved","claims_moved","properties_added","edges_moved",
    /// "edges_reidentified":[{"old","new"}],"conflicts":[{"what","kept","dropped","resolution"}]}`.
    public var json: JSONValue {
        let strings = { (list: [String]) in JSONValue.array(list.map(JSONValue.string)) }
        return [
            "kept": .string(kept), "merged": .string(merged), "dry_run": .bool(dryRun), "aliases_added": strings(aliasesAdded),
            "citations_moved": .int(Int64(citationsMoved)), "claims_moved": .int(Int64(claimsMoved)),
            "properties_added": strings(propertiesAdded), "edges_moved": .int(Int64(edgesMoved)),
            "edges_reidentified": .array(edgesReidentified.map { ["old": .string($0.old), "new": .string($0.new)] }),
            "conflicts": .array(conflicts.map {
                ["what": .string($0.what), "kept": JSONValue($0.kept), "dropped": .string($0.dropped), "resolution": .string($0.resolution)]
            }),
        ]
    }
}

extension GraphStore {
    /// Merges node `duplicate` (B) into node `keeper` (A), both ids, names or aliases, in one write
    /// (``write(dryRun:_:)``): B's aliases, citations, claims and edges move to A, and B's
    /// properties that A lacks; B's name and id become aliases of A, so that references to B
    /// still resolve. Where they disagree, A's value is kept and the conflict reported: kind,
    /// country, a property's value (claims of one key with other values are all kept, and
    /// listed); an edge between A and B would become a self-loop and is
    /// removed; an edge that becomes the same fact as one of A's (same natural key) is removed
    /// after its citations join A's edge. A moved edge whose id was derived from its ends gets
    /// the id derived from its new ends, so that importing B's rows again updates it.
    /// - Throws: ``GraphStoreError/invalid(field:message:)`` when both name the same node.
    public func merge(_ duplicate: String, into keeper: String, dryRun: Bool = false) throws -> MergeReport {
        let a = try resolveNode(keeper), b = try resolveNode(duplicate)
        guard a.id != b.id else { throw GraphStoreError.invalid(field: nil, message: "'\(keeper)' and '\(duplicate)' are the same node (\(a.id)): nothing to merge") }
        var report = MergeReport(kept: a.id, merged: b.id, dryRun: dryRun)
        try write(dryRun: dryRun) { _ in
            let aNID = try nid(a.id), bNID = try nid(b.id)
            mergeFacts(a, b, into: &report)
            var properties = b.properties
            properties.merge(a.properties) { _, kept in kept }  // A's value wins
            try connection.run(
                "UPDATE nodes SET country = coalesce(country, ?2), properties = ?3 WHERE nid = ?1",
                [.integer(aNID), b.country.sqlValue, GraphWriter.propertiesValue(properties)])
            let known = Set(([a.name, a.id] + a.aliases).map(SearchKey.fold))
            for alias in b.aliases + [b.name, b.id] where !known.contains(SearchKey.fold(alias)) && !report.aliasesAdded.contains(alias) {
                try connection.run("INSERT INTO aliases(node, alias, alias_key) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                                   [.integer(aNID), .text(alias), .text(SearchKey.fold(alias))])
                report.aliasesAdded.append(alias)
            }
            try connection.run("""
                INSERT INTO node_citations(node, source, quote) SELECT ?1, source, quote FROM node_citations WHERE node = ?2 AND true
                ON CONFLICT DO UPDATE SET quote = coalesce(quote, excluded.quote)
                """, [.integer(aNID), .integer(bNID)])
            report.citationsMoved = b.citations.count
            try connection.run("""
                INSERT OR IGNORE INTO node_claims(node, key, value, low, high, unit, as_of, claimant, modality, source, quote)
                SELECT ?1, key, value, low, high, unit, as_of, claimant, modality, source, quote FROM node_claims WHERE node = ?2
                """, [.integer(aNID), .integer(bNID)])
            report.claimsMoved = b.claims.count
            try moveEdges(of: b, to: a, nids: (aNID, bNID), into: &report)
            try connection.run("DELETE FROM nodes WHERE nid = ?1", [.integer(bNID)])
        }
        return report
    }

    private func nid(_ id: String) throws -> Int64 {
        guard let nid = try connection.scalar("SELECT nid FROM nodes WHERE id = ?1", [.text(id)])?.int64 else {
            throw GraphStoreError.nodeNotFound(reference: id, suggestions: [])
        }
        return nid
    }

    /// The kind, country and property conflicts of merging `b` into `a`, and the properties `a` gains.
    private func mergeFacts(_ a: Node, _ b: Node, into report: inout MergeReport) {
        if a.kind != b.kind {
            report.conflicts.append(.init(what: "kind", kept: a.kind, dropped: b.kind, resolution: "kept \(a.id)'s kind"))
        }
        if let country = b.country, let kept = a.country, kept != country {
            report.conflicts.append(.init(what: "country", kept: kept, dropped: country, resolution: "kept \(a.id)'s country"))
        }
        // Claims are kept side by side (several values per key, each with its source): listed, not settled.
        let claimed = { (node: Node) in Dictionary(grouping: node.claims, by: \.key).mapValues { Set($0.map(\.value)).sorted() } }
        let aClaims = claimed(a)
        for (key, values) in claimed(b).sorted(by: { $0.key < $1.key }) {
            guard let kept = aClaims[key], kept != values else { continue }
            report.conflicts.append(.init(
                what: "claim \(key)", kept: kept.joined(separator: ", "), dropped: values.joined(separator: ", "),
                resolution: "both kept, each with its source (`tiergraph check` lists contradicting claims)"))
        }
        for key in b.properties.keys.sorted() {
            guard let kept = a.properties[key] else {
                report.propertiesAdded.append(key)
                continue
            }
            if kept != b.properties[key] {
                report.conflicts.append(.init(
                    what: "property \(key)", kept: kept.serialized(), dropped: b.properties[key]!.serialized(), resolution: "kept \(a.id)'s value"))
            }
        }
    }

    /// Moves `b`'s edges to `a`: self-loops removed, edges that repeat a fact of `a` folded into
    /// it, derived ids derived again.
    private func moveEdges(of b: Node, to a: Node, nids: (a: Int64, b: Int64), into report: inout MergeReport) throws {
        // The natural keys of A's edges (their ids as if derived), to recognise repeated facts.
        var facts: [String: String] = [:]
        let (aOut, aIn) = try edges(of: a.id)
        for edge in aOut + aIn {
            var derived = edge
            derived.id = nil
            facts[derived.effectiveID] = edge.effectiveID
        }
        let (bOut, bIn) = try edges(of: b.id)
        var seen: Set<String> = []
        for edge in bOut + bIn where seen.insert(edge.effectiveID).inserted {
            let id = edge.effectiveID
            var moved = edge
            moved.id = nil
            let wasDerived = moved.effectiveID == id
            if moved.source == b.id { moved.source = a.id }
            if moved.target == b.id { moved.target = a.id }
            let eid = try connection.scalar("SELECT eid FROM edges WHERE id = ?1", [.text(id)])?.int64 ?? 0
            if moved.source == moved.target {
                try connection.run("DELETE FROM edges WHERE eid = ?1", [.integer(eid)])
                report.conflicts.append(.init(what: "self-loop", kept: nil, dropped: id,
                                              resolution: "removed: the edge \(edge.source) → \(edge.target) would join \(a.id) to itself"))
                continue
            }
            if let existing = facts[moved.effectiveID] {
                try connection.run("""
                    INSERT INTO edge_citations(edge, source, quote) SELECT (SELECT eid FROM edges WHERE id = ?1), source, quote
                    FROM edge_citations WHERE edge = ?2 AND true ON CONFLICT DO UPDATE SET quote = coalesce(quote, excluded.quote)
                    """, [.text(existing), .integer(eid)])
                try connection.run("DELETE FROM edges WHERE eid = ?1", [.integer(eid)])
                report.conflicts.append(.init(what: "duplicate edge", kept: existing, dropped: id,
                                              resolution: "removed: it states the same fact as \(existing), which keeps its citations"))
                continue
            }
            let newID = wasDerived ? moved.effectiveID : id
            try connection.run("""
                UPDATE edges SET id = ?4, source = CASE source WHEN ?2 THEN ?3 ELSE source END,
                    target = CASE target WHEN ?2 THEN ?3 ELSE target END WHERE eid = ?1
                """, [.integer(eid), .integer(nids.b), .integer(nids.a), .text(newID)])
            facts[moved.effectiveID] = newID
            report.edgesMoved += 1
            if newID != id { report.edgesReidentified.append((id, newID)) }
        }
    }
}
