/// A quantity with its unit, as a source states it: `16e9 USD`, `150000 cards`, or bounded
/// ("超过2.5万颗": more than 25,000 颗; `150亿至200亿美元`; `<10 wafers`), see ``BoundsParser``.
public struct Volume: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The bounds (either end may be open: "more than 25,000" has no upper end).
    public let bounds: Bounds
    /// The unit, or `nil` for a bare count.
    public let unit: String?
    /// The text as the source worded it, or `nil` when it was a plain number.
    public let wording: String?

    /// A volume with these bounds; throws when an end is not finite or the ends are out of order.
    public init(bounds: Bounds, unit: String? = nil, wording: String? = nil) throws(ValueError) {
        self.bounds = try bounds.validated("volume")
        let unit = unit?.trimmingWhitespace()
        self.unit = unit?.isEmpty == false ? unit : nil
        self.wording = wording.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// An exact volume; throws when `amount` is not finite.
    public init(amount: Double, unit: String? = nil) throws(ValueError) {
        try self.init(bounds: Bounds(exactly: amount), unit: unit)
    }

    /// The exact amount, or `nil` when the source gives bounds.
    public var amount: Double? { bounds.isExact ? bounds.low : nil }

    /// Parses `16e9`, `16e9 USD`, `1,500,000 cards`, `超过2.5万颗`, `>=100 wafers`; an explicit
    /// `unit` wins over one in the text.
    public init(parsing text: String, unit: String? = nil) throws(ValueError) {
        let parsed = try BoundsParser.parse(text, "volume")
        guard !parsed.percent else {
            throw ValueError("volume '\(text)' is a percentage: give a share as a share, a volume as a number with a unit")
        }
        let explicit = unit?.trimmingWhitespace()
        try self.init(
            bounds: parsed.bounds, unit: explicit?.isEmpty == false ? explicit : parsed.unit,
            wording: parsed.worded ? text.trimmingWhitespace() : nil)
    }

    /// Reads a stored volume: its ends, its unit and, if any, its stored text.
    init(storedLow low: Double?, high: Double?, unit: String?, text: String?) throws(ValueError) {
        if let text, let parsed = try? Volume(parsing: text, unit: unit), parsed.bounds.low == low, parsed.bounds.high == high {
            self = parsed
        } else {
            try self.init(bounds: Bounds(low: low, high: high), unit: unit)
        }
    }

    /// The text stored beside the ends when they alone do not say it all (see ``Share``).
    var storedText: String? { wording ?? (bounds.isQualified ? canonical : nil) }

    /// The number part that reads back to the same bounds: `16000000000`, `>25000`, `~30`.
    public var canonical: String { bounds.text(JSONValue.format) }

    /// The text that reads back to exactly this volume (with the unit given beside it): the
    /// wording, else the canonical number part; what the flat formats (CSV, DOT) write.
    public var exactText: String { wording ?? canonical }

    /// `16000000000 USD`, `>25000 颗 (超过2.5万颗)`.
    public var description: String {
        canonical + (unit.map { " " + $0 } ?? "") + (wording.map { " (\($0))" } ?? "")
    }
}
