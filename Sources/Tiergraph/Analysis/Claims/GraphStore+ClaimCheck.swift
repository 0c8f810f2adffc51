extension GraphStore {
    /// Claims that contradict each other: the same quantity (source, target, kind, `share_of`)
    /// claimed for the same time (see ``ClaimResolution``) by different sources with shares
    /// that cannot both be true (their bounds do not overlap), or the same permission or supply
    /// said to be in force and not in force for the same time. Information for a reader, not an
    /// error in the file: articles disagree, and the graph keeps both sides.
    ///
    /// - Complexity: O(m log m) over the edges with a share or a status.
    public func claimConflicts() throws -> [Problem] {
        let sourceDates = try sourceDates()
        var groups: [String: [Edge]] = [:]
        let keys = try connection.query(
            "SELECT id FROM edges WHERE share_low IS NOT NULL OR status IS NOT NULL ORDER BY id") { $0.string(0) ?? "" }
        for edge in try edges(withIDs: keys).values where edge.status != "ended" {
            let key = [edge.source, edge.target, edge.kind, edge.input ?? "", edge.shareOf?.rawValue ?? ""].joined(separator: "\u{1f}")
            groups[key, default: []].append(edge)
        }
        var problems: [Problem] = []
        for key in groups.keys.sorted() {
            let byTime = Dictionary(grouping: groups[key]!) { ClaimResolution.time(of: $0, sourceDates: sourceDates)?.description ?? "" }
            for time in byTime.keys.sorted() {
                let claims = byTime[time]!.sorted { $0.effectiveID < $1.effectiveID }
                let contradicted = claims.enumerated().contains { i, a in
                    claims[(i + 1)...].contains { b in
                        Set(a.citations.map(\.source)).isDisjoint(with: b.citations.map(\.source)) && GraphStore.contradiction(a, b)
                    }
                }
                guard contradicted, let first = claims.first else { continue }
                // One line per quantity and time: each view, with the edges and sources that hold it.
                let views = Dictionary(grouping: claims, by: GraphStore.view)
                let listed = views.keys.sorted().map { view in
                    let edges = views[view]!
                    let sources = Set(edges.flatMap { $0.citations.map(\.source) }).sorted().joined(separator: ";")
                    return "\(view) (\(edges.map(\.effectiveID).joined(separator: ", ")); \(sources))"
                }
                let when = time.isEmpty ? "undated" : "as of \(time)"
                problems.append(Problem(
                    code: .conflictingClaims,
                    message: "\(first.kind) \(first.source) → \(first.target)\(first.input.map { " (\($0))" } ?? "")"
                        + "\(first.shareOf.map { " (of \($0.rawValue))" } ?? ""), \(when): " + listed.joined(separator: " against ")))
            }
        }
        return problems
    }

    /// Whether `a` and `b` cannot both be true: shares that do not overlap, or one in force and
    /// the other not.
    private static func contradiction(_ a: Edge, _ b: Edge) -> Bool {
        if let x = a.share, let y = b.share, x.intersection(y) == nil { return true }
        return ClaimStatus.isInForce(a.status) != ClaimStatus.isInForce(b.status)
    }

    /// What a claim says, as the conflict report lists it: its share and its status.
    private static func view(_ edge: Edge) -> String {
        let said = [edge.share?.description, edge.status.map { "status " + $0 }].compactMap { $0 }
        return said.isEmpty ? "in force" : said.joined(separator: ", ")
    }
}
