/// One problem found by ``GraphStore/check()``.
public struct Problem: Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem it is: a closed set, each with a short, stable text (`rawValue`),
    /// as `tiergraph check` prints it and its JSON carries it.
    public enum Code: String, Equatable, Sendable, CaseIterable, CustomStringConvertible {
        /// SQLite's `integrity_check` found damage in the file.
        case integrity
        /// A row refers to a row that is not there (`foreign_key_check`).
        case foreignKey = "foreign_key"
        /// An edge whose source or target is no node.
        case danglingEdge = "dangling_edge"
        /// An edge of a kind with no flow defined.
        case unknownKind = "unknown_kind"
        /// A citation of a missing source, node or edge.
        case danglingCitation = "dangling_citation"
        /// A share outside 0…1, or a range upside down.
        case badShare = "bad_share"
        /// A volume range upside down.
        case badVolume = "bad_volume"
        /// A period that ends before it starts.
        case badPeriod = "bad_period"
        /// A status, modality or other qualifier outside its vocabulary.
        case badQualifier = "bad_qualifier"
        /// The supply index does not hold what the edges say (a writer dropped its triggers).
        case supplyIndex = "supply_index"
        /// Information, not an error: claims that disagree (see "Claims" in the README).
        case conflictingClaims = "conflicting_claims"

        public var description: String { rawValue }
    }

    public let code: Code
    /// What is wrong, naming the rows at fault.
    public let message: String

    public var description: String { "\(code): \(message)" }
}

extension GraphStore {
    /// Checks the file (SQLite's integrity and foreign-key checks) and the graph (edges whose
    /// endpoints, kinds or sources are missing, shares outside 0…1, periods that end before they
    /// start), and that the supply index, if there is one, holds what the edges say (it is
    /// rebuilt in memory and compared: O(nodes + edges)).
    ///
    /// Such problems cannot arise through Tiergraph, but can when the file is edited by other
    /// tools with foreign keys or triggers off, or damaged on disk. An empty result means the
    /// graph is sound. Where SQLite finds the file too damaged to read on, the checks stop and
    /// the last problem says so.
    public func check() throws -> [Problem] {
        var problems: [Problem] = []
        do {
            problems += try fileProblems(quick: false)
            problems += try graphProblems()
            problems += try supplyIndexProblems()
        } catch let error as SQLiteError where error.isCorruption {
            problems.append(Problem(code: .integrity, message: "SQLite stopped reading the file, so the checks after this one did not run: \(error.message)"))
        }
        return problems
    }

    /// SQLite's `integrity_check`, or with `quick`, its `quick_check` (the same without
    /// comparing every index with its table: several times faster), one problem per line of its
    /// report (its `*** in database main ***` heading left out).
    func fileProblems(quick: Bool) throws -> [Problem] {
        try connection.query(quick ? "PRAGMA quick_check" : "PRAGMA integrity_check", [], { $0.string(0) ?? "" })
            .flatMap { $0.split(separator: "\n").map(String.init) }
            .filter { $0 != "ok" && !$0.hasPrefix("*** in database ") }
            .map { Problem(code: .integrity, message: $0) }
    }

    /// The rules of the graph that a file edited by other tools can break: foreign keys, edges
    /// whose ends, kinds or cited sources are missing, and values Tiergraph would not have written.
    func graphProblems() throws -> [Problem] {
        var problems = try connection.query("PRAGMA foreign_key_check") { row in
            Problem(code: .foreignKey, message: "row \(row.int64(1)) of table \(row.string(0) ?? "?") refers to a missing row of \(row.string(2) ?? "?")")
        }
        let checks: [(code: Problem.Code, sql: String)] = [
            (.danglingEdge, """
                SELECT 'edge ' || e.id || ' has no ' || CASE WHEN s.nid IS NULL THEN 'source' ELSE 'target' END || ' node'
                FROM edges e LEFT JOIN nodes s ON s.nid = e.source LEFT JOIN nodes t ON t.nid = e.target
                WHERE s.nid IS NULL OR t.nid IS NULL ORDER BY e.id
                """),
            (.unknownKind, """
                SELECT 'edge ' || e.id || ' has kind ''' || e.kind || ''', which has no flow defined'
                FROM edges e LEFT JOIN edge_kinds k ON k.name = e.kind WHERE k.name IS NULL ORDER BY e.id
                """),
            (.danglingCitation, """
                SELECT 'a citation of edge ' || coalesce(e.id, c.edge) || ' refers to missing source ' || c.source
                FROM edge_citations c LEFT JOIN sources s ON s.sid = c.source LEFT JOIN edges e ON e.eid = c.edge
                WHERE s.sid IS NULL OR e.eid IS NULL
                UNION ALL
                SELECT 'a citation of node ' || coalesce(n.id, c.node) || ' refers to missing source ' || c.source
                FROM node_citations c LEFT JOIN sources s ON s.sid = c.source LEFT JOIN nodes n ON n.nid = c.node
                WHERE s.sid IS NULL OR n.nid IS NULL
                """),
            (.badShare, """
                SELECT 'edge ' || id || ' has share ' || share_low || '…' || coalesce(share_high, '?') FROM edges
                WHERE share_low < 0 OR share_high > 1 OR share_high < share_low OR (share_low IS NULL) <> (share_high IS NULL)
                ORDER BY id
                """),
            (.badVolume, """
                SELECT 'edge ' || id || ' has a volume from ' || volume || ' to ' || volume_high || ', whose low end is above its high end'
                FROM edges WHERE volume > volume_high ORDER BY id
                """),
            (.badPeriod, """
                SELECT 'edge ' || id || ' is valid from ' || valid_from || ' to ' || valid_to || ', which ends before it starts'
                FROM edges WHERE valid_from IS NOT NULL AND valid_to IS NOT NULL AND valid_to < substr(valid_from, 1, length(valid_to))
                ORDER BY id
                """),
        ]
        for check in checks {
            problems += try connection.query(check.sql) { Problem(code: check.code, message: $0.string(0) ?? "") }
        }
        return problems + (try qualifierProblems())
    }

    /// Whether the rows of the supply index there are hold what the edges say.
    private func supplyIndexProblems() throws -> [Problem] {
        var problems: [Problem] = []
        let stored = try connection.query("SELECT slot, data FROM supply_index ORDER BY slot") { row in
            (slot: row.int64(0), data: row.withBlob(1) { Array($0.bindMemory(to: UInt8.self)) })
        }
        if !stored.isEmpty {
            // Rows may be missing (deleted by triggers and not rebuilt yet, chunks without
            // neighbours in a file indexed before version 8, the baseline emptied by an edit):
            // readers then do without them. The rows there are must be right; a chunk beyond the
            // largest key (its nodes removed) may keep an empty row.
            let expected = Dictionary(uniqueKeysWithValues: try SupplyIndex.rows(on: connection).map { ($0.slot, $0.data) })
            if stored.contains(where: { (expected[$0.slot] ?? ($0.slot >= 0 ? [] : nil)) != $0.data }) {
                problems.append(Problem(
                    code: .supplyIndex,
                    message: "the supply index does not match the edges (changed with its triggers off?); run `tiergraph reindex`"))
            }
        }
        return problems
    }

    /// Edges whose qualifiers Tiergraph would not have written: an `as_of` that is no date, a
    /// status outside its kind's vocabulary, a share whose text contradicts its ends.
    private func qualifierProblems() throws -> [Problem] {
        let rows = try connection.query("""
            SELECT e.id, e.as_of, e.status, k.flow, e.kind, e.share_low, e.share_high, e.share_text FROM edges e
            LEFT JOIN edge_kinds k ON k.name = e.kind
            WHERE e.as_of IS NOT NULL OR e.status IS NOT NULL OR e.share_text IS NOT NULL ORDER BY e.id
            """) { ($0.string(0) ?? "", $0.string(1), $0.string(2), $0.string(3).flatMap(Flow.init(rawValue:)), $0.string(4) ?? "",
                    $0.optionalDouble(5), $0.optionalDouble(6), $0.string(7)) }
        var problems: [Problem] = []
        for (id, asOf, status, flow, kind, low, high, text) in rows {
            func report(_ message: String) { problems.append(Problem(code: .badQualifier, message: "edge \(id) " + message)) }
            if let asOf, (try? PartialDate(parsing: asOf)) == nil { report("has as_of '\(asOf)', which is no date") }
            if let status, let flow, (try? ClaimStatus.validate(status, flow: flow, kind: kind)) != status {
                report("has status '\(status)', not one of its kind's: \(ClaimStatus.vocabulary(for: flow).joined(separator: ", "))")
            }
            if let text {
                if let share = try? Share(parsing: text) {
                    if share.low != low || share.high != high { report("has share text '\(text)', which says \(share.canonical), not its ends") }
                } else {
                    report("has share text '\(text)', which cannot be read")
                }
            }
        }
        return problems
    }
}
