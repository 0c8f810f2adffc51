/// A quantity with its unit: `16e9 USD`, `150000 cards`, `2 nm`.
public struct Volume: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The number.
    public let amount: Double
    /// The unit, or `nil` for a bare count.
    public let unit: String?

    /// A volume; throws when `amount` is not finite.
    public init(amount: Double, unit: String? = nil) throws(ValueError) {
        guard amount.isFinite else { throw ValueError("volume \(amount) is not a finite number") }
        self.amount = amount
        let unit = unit?.trimmingWhitespace()
        self.unit = unit?.isEmpty == false ? unit : nil
    }

    /// Parses `16e9`, `16e9 USD` or `1,500,000 cards`; an explicit `unit` wins over one in the text.
    public init(parsing text: String, unit: String? = nil) throws(ValueError) {
        let trimmed = text.trimmingWhitespace()
        let number: Substring
        var inlineUnit: String?
        if let space = trimmed.firstIndex(where: \.isWhitespace) {
            number = trimmed[..<space]
            inlineUnit = trimmed[space...].trimmingWhitespace()
        } else {
            number = Substring(trimmed)
        }
        let digits = number.filter { $0 != "," && $0 != "_" }
        guard let amount = Double(digits), amount.isFinite, digits.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true else {
            throw ValueError("volume '\(text)' is not a number (optionally followed by a unit, as in '16e9 USD')")
        }
        let explicit = unit?.trimmingWhitespace()
        try self.init(amount: amount, unit: explicit?.isEmpty == false ? explicit : inlineUnit)
    }

    /// `16000000000 USD`.
    public var description: String {
        JSONValue.format(amount) + (unit.map { " " + $0 } ?? "")
    }
}
