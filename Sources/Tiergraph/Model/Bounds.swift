/// A number as a source states it: exactly, from below, from above, between two ends, or
/// approximately, each end inclusive or exclusive (the BODS share model: exact / minimum /
/// maximum, exclusive bounds).
///
/// ``Share`` and ``Volume`` are bounds with a domain and a unit; this type holds what they share
/// and reads the wordings a person types or an article uses (``BoundsParser``).
public struct Bounds: Hashable, Sendable {
    /// The lower end, or `nil` when the source gives none.
    public var low: Double?
    /// The upper end, or `nil` when the source gives none.
    public var high: Double?
    /// Whether the lower end itself is excluded ("超过95%", `>95%`).
    public var lowExclusive: Bool
    /// Whether the upper end itself is excluded ("不到10%", `<10%`).
    public var highExclusive: Bool
    /// Whether the source says "about" ("约30%", `~30%`).
    public var approximate: Bool
    /// Whether the ends are read into vague wording rather than stated ("个位数": 1 to under 10).
    public var inferred: Bool

    public init(
        low: Double?, high: Double?, lowExclusive: Bool = false, highExclusive: Bool = false,
        approximate: Bool = false, inferred: Bool = false
    ) {
        self.low = low
        self.high = high
        self.lowExclusive = lowExclusive
        self.highExclusive = highExclusive
        self.approximate = approximate
        self.inferred = inferred
    }

    /// An exact value.
    public init(exactly value: Double) { self.init(low: value, high: value) }

    /// Whether both ends are the same stated value.
    public var isExact: Bool { low != nil && low == high }

    /// Whether anything beyond plain inclusive ends is said (exclusive ends, about, inferred).
    public var isQualified: Bool { lowExclusive || highExclusive || approximate || inferred }

    /// Checks that the ends are finite and in order; `what` names the value in the message.
    func validated(_ what: String) throws(ValueError) -> Bounds {
        for end in [low, high] {
            if let end, !end.isFinite { throw ValueError("\(what) \(end) is not a finite number") }
        }
        if let low, let high {
            guard low <= high else {
                throw ValueError("\(what) has its low end \(JSONValue.format(low)) above its high end \(JSONValue.format(high))")
            }
            if low == high && (lowExclusive || highExclusive) {
                throw ValueError("\(what) excludes its only value \(JSONValue.format(low)): nothing is left between its ends")
            }
        }
        guard low != nil || high != nil else { throw ValueError("\(what) has neither a low nor a high end") }
        return self
    }

    /// The text form that ``BoundsParser`` reads back to the same bounds: `25`, `~25`, `>95`,
    /// `>=50`, `<10`, `20-25`, `>=20 <25`, each number written by `format` (which adds `%` for
    /// a share or a unit for a volume), with ` (inferred)` after inferred bounds.
    func text(_ format: (Double) -> String) -> String {
        var text: String
        if let low, let high, low == high {
            text = format(low)
        } else if let low, let high, !lowExclusive, !highExclusive {
            text = format(low) + "–" + format(high)
        } else {
            var parts: [String] = []
            if let low { parts.append((lowExclusive ? ">" : ">=") + format(low)) }
            if let high { parts.append((highExclusive ? "<" : "<=") + format(high)) }
            text = parts.joined(separator: " ")
        }
        if approximate { text = "~" + text }
        if inferred { text += " (inferred)" }
        return text
    }

    /// One number for where one is needed (path weights, products along chains): the midpoint
    /// of two ends, else the one end there is.
    public var midpoint: Double { ((low ?? high ?? 0) + (high ?? low ?? 0)) / 2 }
}
