/// One claim about a quantity (a share, for now) and the part it plays when claims about the
/// same thing are resolved at a date.
public struct ResolvedClaim: Equatable, Sendable {
    /// What the resolution made of the claim.
    public enum Role: String, Sendable {
        /// The claim that holds at the date (with others, if they agree or conflict).
        case current
        /// An older claim, or one of an `ended` state, that a current one supersedes.
        case superseded
        /// A claim about a later time than the date asked for.
        case later
        /// A forecast or a rumour, not counted unless included (`--include`).
        case excluded
    }

    /// The edge that states the claim.
    public var edge: String
    /// The claimed share.
    public var share: Share
    /// The time the claim describes: its `as_of`, else the start of its validity, else its
    /// latest source's date; `nil` when none is known.
    public var time: PartialDate?
    /// The sources that state it.
    public var sources: [String]
    public var modality: Modality?
    public var status: String?
    public var claimant: String?
    public var role: Role
}

/// The resolution of the claims about one quantity (one player's share of a market, one
/// stake): never an average.
public struct Resolution: Equatable, Sendable {
    /// The value that holds: the current claim's, or the span of current claims that disagree.
    /// `nil` when no claim counts at the date.
    public var value: Share?
    /// Whether the current claims disagree (then ``value`` spans them).
    public var conflicting: Bool
    /// Every claim, current ones first, then by time, latest first.
    public var claims: [ResolvedClaim]

    /// The edges of the current claims.
    public var currentEdges: [String] { claims.filter { $0.role == .current }.map(\.edge) }
}

/// Resolves claims about the same quantity at a date, in the open (README, "Claims"):
/// 1. Forecasts and rumours count only when `include` names them.
/// 2. A claim describes the world at its **time**: its `as_of`, else the start of its validity,
///    else its (latest) source's date (not for an `ended` state: it held before its source
///    spoke). An undated claim from an undated source has no time: it holds at every date
///    until a claim with a time supersedes it.
/// 3. At a date, claims about a later time do not count. Claims whose validity excludes the
///    date are not candidates at all (the query's `--as-of` filter drops them).
/// 4. A claim with status `ended` describes a past state: any other claim supersedes it.
/// 5. Of the rest, the claims with the latest time hold. If they can all be true, the value is
///    what they all allow (">=20%" and "20–25%": 20–25%); if not, the value spans them and the
///    resolution says it is conflicting.
enum ClaimResolution {
    /// The time a claim describes: its `as_of`, else the start of its validity, else its latest
    /// source's date (except for an `ended` state, which held some time before its source
    /// spoke); `nil` when none is known.
    static func time(of edge: Edge, sourceDates: [String: PartialDate]) -> PartialDate? {
        time(asOf: edge.asOf, validFrom: edge.period.from, status: edge.status, sourceDates: edge.citations.compactMap { sourceDates[$0.source] })
    }

    /// ``time(of:sourceDates:)`` from an edge's parts: `sourceDates` are its cited sources' dates.
    static func time(asOf: PartialDate?, validFrom: PartialDate?, status: String?, sourceDates: [PartialDate]) -> PartialDate? {
        if let known = asOf ?? validFrom { return known }
        return status == "ended" ? nil : sourceDates.max()
    }

    /// - Complexity: O(k log k) for k claims.
    static func resolve(
        _ edges: [Edge], at date: PartialDate?, include: Set<Modality>, sourceDates: [String: PartialDate]
    ) -> Resolution {
        var claims = edges.compactMap { edge -> ResolvedClaim? in
            guard let share = edge.share else { return nil }
            let sources = edge.citations.map(\.source).sorted()
            let time = ClaimResolution.time(of: edge, sourceDates: sourceDates)
            var role = ResolvedClaim.Role.superseded
            if !include.contains(edge.modality ?? .reported) {
                role = .excluded
            } else if let date, let time, time.lowerBound > date.upperBound {
                role = .later
            }
            return ResolvedClaim(
                edge: edge.effectiveID, share: share, time: time, sources: sources, modality: edge.modality,
                status: edge.status, claimant: edge.claimant, role: role)
        }
        // Rank: not ended before ended, then a known time before none, then the later time.
        func rank(_ claim: ResolvedClaim) -> (Int, Int, String) {
            (claim.status == "ended" ? 0 : 1, claim.time == nil ? 0 : 1, claim.time?.lowerBound ?? "")
        }
        let candidates = claims.indices.filter { claims[$0].role == .superseded }
        if let best = candidates.map({ rank(claims[$0]) }).max(by: <) {
            for index in candidates where rank(claims[index]) == best { claims[index].role = .current }
        }
        let current = claims.filter { $0.role == .current }
        let order: [ResolvedClaim.Role: Int] = [.current: 0, .superseded: 1, .later: 2, .excluded: 3]
        claims.sort { a, b in
            (order[a.role]!, b.time?.lowerBound ?? "", a.edge) < (order[b.role]!, a.time?.lowerBound ?? "", b.edge)
        }
        guard let first = current.first else { return Resolution(value: nil, conflicting: false, claims: claims) }
        // Claims that can all be true narrow each other down (">=20%" and "20–25%": 20–25%).
        var agreed: Share? = first.share
        for claim in current.dropFirst() { agreed = agreed?.intersection(claim.share) }
        if let agreed { return Resolution(value: agreed, conflicting: false, claims: claims) }
        let low = current.map(\.share.low).min()!, high = current.map(\.share.high).max()!
        return Resolution(value: (try? Share(low: low, high: high)) ?? first.share, conflicting: true, claims: claims)
    }
}
