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
        for edge in try edges(withIDs: keys).values {
            let key = [edge.source, edge.target, edge.kind, edge.input ?? "", edge.shareOf?.rawValue ?? ""].joined(separator: "\u{1f}")
            groups[key, default: []].append(edge)
        }
        var problems: [Problem] = []
        for key in groups.keys.sorted() {
            let byTime = Dictionary(grouping: groups[key]!) { ClaimResolution.time(of: $0, sourceDates: sourceDates)?.description ?? "" }
            for time in byTime.keys.sorted() {
                let claims = byTime[time]!.sorted { $0.effectiveID < $1.effectiveID }
                for (i, a) in claims.enumerated() {
                    for b in claims[(i + 1)...] where Set(a.citations.map(\.source)).isDisjoint(with: b.citations.map(\.source)) {
                        guard let why = GraphStore.contradiction(a, b) else { continue }
                        let when = time.isEmpty ? "undated" : "as of \(time)"
                        let sources = { (edge: Edge) in edge.citations.map(\.source).sorted().joined(separator: ";") }
                        problems.append(Problem(
                            code: "conflicting_claims",
                            message: "\(a.kind) \(a.source) → \(a.target)\(a.shareOf.map { " (of \($0.rawValue))" } ?? ""), \(when): "
                                + "\(why(a)) (edge \(a.effectiveID), \(sources(a))) against \(why(b)) (edge \(b.effectiveID), \(sources(b)))"))
                    }
                }
            }
        }
        return problems
    }

    /// How `a` and `b` contradict each other, as a description of each, or nil if they do not.
    private static func contradiction(_ a: Edge, _ b: Edge) -> ((Edge) -> String)? {
        if let x = a.share, let y = b.share, !overlap(x, y) { return { $0.share!.description } }
        if a.status != b.status, ClaimStatus.isInForce(a.status) != ClaimStatus.isInForce(b.status) {
            return { "status " + ($0.status ?? "none (in force)") }
        }
        return nil
    }

    /// Whether two shares can both be true.
    private static func overlap(_ x: Share, _ y: Share) -> Bool {
        func below(_ a: Share, _ b: Share) -> Bool {  // a lies wholly below b
            a.high < b.low || (a.high == b.low && (a.bounds.highExclusive || b.bounds.lowExclusive))
        }
        return !below(x, y) && !below(y, x)
    }
}
