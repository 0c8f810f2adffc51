/// A date known to a year, a month or a day: `2025`, `2025-12`, `2025-12-08`.
///
/// Validity periods of edges are written with these, since articles often name only a
/// year or a month. ``lowerBound`` and ``upperBound`` give the first and last day it covers.
public struct PartialDate: Equatable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a `/` or `.` also separates parts).
    public init(parsing text: String) throws(ValueError) {
        let trimmed = text.trimmingWhitespace()
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false).flatMap {
            $0.split(whereSeparator: { $0 == "/" || $0 == "." })
        }
        let numbers = parts.map { part in part.allSatisfy(\.isASCII) ? Int(part) : nil }
        guard (1...3).contains(parts.count), numbers.allSatisfy({ $0 != nil }), parts[0].count == 4 else {
            throw ValueError("date '\(text)' is not YYYY, YYYY-MM or YYYY-MM-DD")
        }
        let year = numbers[0]!
        let month = numbers.count > 1 ? numbers[1] : nil
        let day = numbers.count > 2 ? numbers[2] : nil
        if let month, !(1...12).contains(month) {
            throw ValueError("date '\(text)' has month \(month); months run 1 to 12")
        }
        if let month, let day, !(1...PartialDate.daysIn(month: month, year: year)).contains(day) {
            throw ValueError("date '\(text)' has day \(day), which month \(month) of \(year) does not have")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The first day covered, as `YYYY-MM-DD`.
    public var lowerBound: String {
        PartialDate.format(year, month ?? 1, day ?? 1)
    }

    /// The last day covered, as `YYYY-MM-DD`.
    public var upperBound: String {
        let month = self.month ?? 12
        return PartialDate.format(year, month, day ?? PartialDate.daysIn(month: month, year: year))
    }

    /// The date as written canonically (`2025`, `2025-03`, `2025-03-07`).
    public var description: String {
        var text = fourDigits(year)
        if let month { text += "-" + twoDigits(month) }
        if let day { text += "-" + twoDigits(day) }
        return text
    }

    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
        (lhs.lowerBound, lhs.description) < (rhs.lowerBound, rhs.description)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        fourDigits(year) + "-" + twoDigits(month) + "-" + twoDigits(day)
    }
}

/// The period during which a fact holds; either end may be open.
public struct Period: Equatable, Hashable, Sendable {
    /// The first year, month or day the fact holds, or `nil` if it has always held.
    public var from: PartialDate?
    /// The last year, month or day the fact holds, or `nil` if it still holds.
    public var to: PartialDate?

    /// A period; throws when it ends before it starts.
    public init(from: PartialDate? = nil, to: PartialDate? = nil) throws(ValueError) {
        if let from, let to, to.upperBound < from.lowerBound {
            throw ValueError("period ends (\(to)) before it starts (\(from))")
        }
        self.from = from
        self.to = to
    }

    /// A period from the text of its two ends as stored (`nil` for an open end).
    public init(parsingFrom from: String?, to: String?) throws(ValueError) {
        try self.init(
            from: from.map { text throws(ValueError) in try PartialDate(parsing: text) },
            to: to.map { text throws(ValueError) in try PartialDate(parsing: text) })
    }

    /// A period with both ends open.
    public static let always = try! Period()

    /// Whether the fact holds on `date` (any day within a partial date counts).
    public func contains(_ date: PartialDate) -> Bool {
        if let from, date.upperBound < from.lowerBound { return false }
        if let to, date.lowerBound > to.upperBound { return false }
        return true
    }
}

/// `7` → `07`.
func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

/// `800` → `0800`.
func fourDigits(_ value: Int) -> String {
    let text = "\(value)"
    return String(repeating: "0", count: max(0, 4 - text.count)) + text
}
