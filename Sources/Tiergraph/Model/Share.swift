/// A share: a fraction of a whole between 0 and 1, as a source states it: exactly, or bounded
/// from below, above or both, each end inclusive or exclusive, approximately, or read into
/// vague wording (see ``Bounds`` and ``BoundsParser`` for the forms).
///
/// A missing share is `nil` on the edge, never 0. The domain closes open ends: "超过95%" is
/// above 0.95 (exclusive) up to 1 (inclusive). The original wording is kept (``wording``)
/// when it says more than plain numbers.
public struct Share: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The bounds, both ends present (the domain's end where the source gives none).
    public let bounds: Bounds
    /// The text as the source worded it (`超过95%`, `50%以上`, `个位数`), or `nil` when it was a
    /// plain number, percentage or range.
    public let wording: String?

    /// The lower end (equal to `high` for a point value).
    public var low: Double { bounds.low ?? 0 }
    /// The upper end.
    public var high: Double { bounds.high ?? 1 }

    /// A share with these bounds; throws if an end lies outside 0…1 or the ends are out of order.
    public init(bounds: Bounds, wording: String? = nil) throws(ValueError) {
        var bounds = bounds
        if bounds.low == nil { bounds.low = 0 }
        if bounds.high == nil { bounds.high = 1 }
        for end in [bounds.low!, bounds.high!] where !(end.isFinite && (0...1).contains(end)) {
            let value = bounds.isExact ? JSONValue.format(end) : "\(JSONValue.format(bounds.low!))…\(JSONValue.format(bounds.high!))"
            throw ValueError("share \(value) is outside 0…1 (write a fraction such as 0.25 or a percentage such as 25%)")
        }
        self.bounds = try bounds.validated("share range")
        self.wording = wording.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A share from `low` to `high`, both inclusive.
    public init(low: Double, high: Double) throws(ValueError) {
        try self.init(bounds: Bounds(low: low, high: high))
    }

    /// A point share.
    public init(_ value: Double) throws(ValueError) {
        try self.init(low: value, high: value)
    }

    /// Whether the share is a range rather than a single value.
    public var isRange: Bool { low != high }

    /// The midpoint, used where one number is needed (weights, products along chains).
    public var value: Double { (low + high) / 2 }

    /// Parses the forms of ``BoundsParser``: `0.25`, `25%`, `40-60%`, `>95%`, `超过95%`, `个位数`…
    public init(parsing text: String) throws(ValueError) {
        let parsed = try BoundsParser.parse(text, "share", vagueInPercent: true)
        if let unit = parsed.unit {
            throw ValueError("share '\(text)' has a unit ('\(unit)'): a share is a fraction such as 0.25 or a percentage such as 25%")
        }
        try self.init(bounds: parsed.bounds, wording: parsed.worded ? text.trimmingWhitespace() : nil)
    }

    /// Parses `text` written on a scale whose whole is `scale` (100 for shares from 0 to 100):
    /// its numbers are divided by `scale`. A percentage (`25%`) and wording without digits
    /// (`个位数`) are read as ``init(parsing:)`` reads them, whatever the scale.
    public init(parsing text: String, scale: Double) throws(ValueError) {
        guard scale != 1, text.contains(where: { ("0"..."9").contains($0) }), !text.contains("%"), !text.contains("％") else {
            try self.init(parsing: text)
            return
        }
        guard scale.isFinite && scale > 0 else { throw ValueError("a share scale must be a positive number, not \(JSONValue.format(scale))") }
        let parsed = try BoundsParser.parse(text, "share", vagueInPercent: true)
        if let unit = parsed.unit {
            throw ValueError("share '\(text)' has a unit ('\(unit)'): on a 0–\(JSONValue.format(scale)) scale a share is a number such as \(JSONValue.format(scale / 4))")
        }
        var bounds = parsed.bounds
        bounds.low = bounds.low.map { $0 / scale }
        bounds.high = bounds.high.map { $0 / scale }
        do {
            try self.init(bounds: bounds, wording: parsed.worded ? text.trimmingWhitespace() : nil)
        } catch {
            throw ValueError("share '\(text.trimmingWhitespace())' is outside the scale 0–\(JSONValue.format(scale)) (--share-scale \(JSONValue.format(scale)))")
        }
    }

    /// The text stored beside the two ends when they alone do not say it all: the wording, else
    /// the canonical form of qualified bounds; `nil` for plain values.
    var storedText: String? { wording ?? (bounds.isQualified ? canonical : nil) }

    /// Reads a stored share: its two ends and, if any, its stored text.
    init(storedLow low: Double, high: Double, text: String?) throws(ValueError) {
        if let text, let parsed = try? Share(parsing: text), parsed.low == low, parsed.high == high {
            self = parsed
        } else {
            try self.init(low: low, high: high)
        }
    }

    /// `>95%`, `>=50%`, `<10%`, `~30%`, `20%–25%`, `>=20% <25%` (percentages rounded for reading).
    public var canonical: String { text(Share.percent) }

    /// The text that reads back to exactly this share: the wording, else fractions (`0.25`,
    /// `0.4–0.6`, `>0.95`); what the flat formats (CSV, DOT) write.
    /// Both ends as they are (`0–0.04`, not `<=0.04`, which would read back worded).
    public var exactText: String { wording ?? bounds.text(JSONValue.format) }

    /// The bounds as text, an end at the domain's edge left open (`>95%`, not `>95% <=100%`).
    private func text(_ format: (Double) -> String) -> String {
        var open = bounds
        if low == 0 && !open.lowExclusive && high != 0 { open.low = nil }
        if high == 1 && !open.highExclusive && low != 1 { open.high = nil }
        if open.low == nil && open.high == nil { open = bounds }
        return open.text(format)
    }

    /// The canonical form, then the wording when there is one: `>95% (超过95%)`.
    public var description: String {
        wording.map { "\(canonical) (\($0))" } ?? canonical
    }

    /// The shares both bounds allow (">=20%" and "20–25%": 20–25%), or nil when none: two
    /// claims that cannot both be true.
    public func intersection(_ other: Share) -> Share? {
        let (low, lowExclusive) = self.low == other.low
            ? (self.low, bounds.lowExclusive || other.bounds.lowExclusive)
            : self.low > other.low ? (self.low, bounds.lowExclusive) : (other.low, other.bounds.lowExclusive)
        let (high, highExclusive) = self.high == other.high
            ? (self.high, bounds.highExclusive || other.bounds.highExclusive)
            : self.high < other.high ? (self.high, bounds.highExclusive) : (other.high, other.bounds.highExclusive)
        guard low < high || (low == high && !lowExclusive && !highExclusive) else { return nil }
        return try? Share(bounds: Bounds(
            low: low, high: high, lowExclusive: lowExclusive, highExclusive: highExclusive,
            approximate: bounds.approximate && other.bounds.approximate, inferred: bounds.inferred || other.bounds.inferred))
    }

    /// `0.5945` → `59.45%` (rounded to 3 decimals of a percent).
    public static func percent(_ fraction: Double) -> String {
        let value = (fraction * 100 * 1000).rounded() / 1000
        return JSONValue.format(value) + "%"
    }
}

/// A value that could not be parsed or is out of range; the message says which and why.
public struct ValueError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong with the value.
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension StringProtocol {
    /// The text without leading and trailing white space (including full-width spaces).
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}

extension String {
    /// The text without leading and trailing white space. Fast path (the common case on bulk
    /// imports): text that starts and ends with a visible ASCII character is returned as is.
    func trimmingWhitespace() -> String {
        if let first = utf8.first, let last = utf8.last, (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) {
            return self
        }
        return Substring(self).trimmingWhitespace()
    }
}
