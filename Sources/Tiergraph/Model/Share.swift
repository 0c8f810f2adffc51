/// A share: a fraction of a whole between 0 and 1, or a range of fractions when a source gives one.
///
/// A missing share is `nil` on the edge, never 0. Parsed from `0.25`, `25%`, `25 %`,
/// `40-60%`, `40%-60%`, `0.4-0.6` (an en dash or `~` also separates a range).
public struct Share: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The lower bound (equal to `high` for a point value).
    public let low: Double
    /// The upper bound.
    public let high: Double

    /// A share; throws if a bound lies outside 0…1 or `low > high`.
    public init(low: Double, high: Double) throws(ValueError) {
        guard low.isFinite, high.isFinite, (0...1).contains(low), (0...1).contains(high) else {
            let value = low == high ? JSONValue.format(low) : "\(JSONValue.format(low))…\(JSONValue.format(high))"
            throw ValueError("share \(value) is outside 0…1 (write a fraction such as 0.25 or a percentage such as 25%)")
        }
        guard low <= high else {
            throw ValueError("share range \(JSONValue.format(low))…\(JSONValue.format(high)) has its low end above its high end")
        }
        self.low = low
        self.high = high
    }

    /// A point share.
    public init(_ value: Double) throws(ValueError) {
        try self.init(low: value, high: value)
    }

    /// Whether the share is a range rather than a single value.
    public var isRange: Bool { low != high }

    /// The midpoint, used where one number is needed (weights, products along chains).
    public var value: Double { (low + high) / 2 }

    /// Parses the text forms listed on the type.
    public init(parsing text: String) throws(ValueError) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw ValueError("share is empty") }
        let parts = Share.splitRange(trimmed)
        let percent = parts.contains { $0.hasSuffix("%") }
        var bounds: [Double] = []
        for part in parts {
            var number = part.trimmingWhitespace()
            if number.hasSuffix("%") { number.removeLast() }
            number = number.trimmingWhitespace()
            guard let value = Double(number), value.isFinite else {
                throw ValueError("share '\(text)' is not a number, a percentage or a range such as 40-60%")
            }
            bounds.append(percent ? value / 100 : value)
        }
        if bounds.count == 1 {
            try self.init(bounds[0])
        } else {
            try self.init(low: bounds[0], high: bounds[1])
        }
    }

    /// Splits `40-60%` into its two ends; a leading minus sign is not a separator.
    private static func splitRange(_ text: String) -> [String] {
        let separators: Set<Character> = ["-", "–", "—", "~", "～"]
        let characters = Array(text)
        for index in characters.indices.dropFirst() where separators.contains(characters[index]) {
            let previous = characters[index - 1]
            if previous == "e" || previous == "E" { continue }  // exponent, as in 1e-3
            return [String(characters[..<index]), String(characters[(index + 1)...])]
        }
        return [text]
    }

    /// `25%`, or `40%–60%` for a range.
    public var description: String {
        isRange ? "\(Share.percent(low))–\(Share.percent(high))" : Share.percent(low)
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
