/// Reads bounds as people type them and as the articles word them (README, "Values with bounds"):
///
/// | Form | Examples |
/// |---|---|
/// | exact | `25%`, `0.25`, `16e9 USD`, `2.5万颗`, `150亿美元` |
/// | about | `~30%`, `约30%`, `近30%`, `30%左右`, `about 30%` |
/// | from below | `>95%`, `>=50%`, `≥50%`, `超过95%`, `逾95%`, `至少50%`, `50%以上`, `over 95%`, `at least 50%` |
/// | from above | `<10%`, `<=10%`, `≤10%`, `不到10%`, `低于10%`, `不超过10%`, `10%以下`, `under 10%`, `up to 10%` |
/// | between | `20-25%`, `20%—25%`, `150亿至200亿美元`, `>=20% <25%` |
/// | vague | `个位数` (1 to under 10), `两位数` (10 to under 100): bounds marked inferred |
///
/// `以上`/`以下`/`以内` include the number, as in Chinese legal and statistical usage. `万`, `亿`,
/// `千` and `百万` multiply the number before them; `%` or `％` anywhere makes every number a
/// percentage. A trailing `(inferred)` marks stated bounds as inferred.
enum BoundsParser {
    /// What was read: the bounds, whether they were percentages, the unit after the numbers,
    /// and whether the text said more than plain numbers (and so is worth keeping as worded).
    struct Result {
        var bounds: Bounds
        var percent: Bool
        var unit: String?
        var worded: Bool
    }

    private enum Operator { case above, atLeast, below, atMost, about }

    /// Prefixes before a number, longest first so that `不超过` is not read as `超过`.
    private static let prefixes: [(String, Operator)] = [
        ("approximately", .about), ("more than", .above), ("less than", .below), ("at least", .atLeast),
        ("at most", .atMost), ("不低于", .atLeast), ("不少于", .atLeast), ("不小于", .atLeast), ("不超过", .atMost),
        ("不高于", .atMost), ("不多于", .atMost), ("around", .about), ("about", .about), ("above", .above), ("below", .below),
        ("under", .below), ("up to", .atMost), ("over", .above), ("超过", .above), ("高于", .above), ("大于", .above),
        ("多于", .above), ("至少", .atLeast), ("不到", .below), ("不足", .below), ("低于", .below), ("少于", .below),
        ("小于", .below), ("至多", .atMost), ("最多", .atMost), ("大约", .about), ("将近", .about), ("接近", .about),
        (">=", .atLeast), ("<=", .atMost), (">", .above), ("<", .below), ("≥", .atLeast), ("≤", .atMost), ("⩾", .atLeast),
        ("⩽", .atMost), ("~", .about), ("≈", .about), ("约", .about), ("近", .about), ("超", .above), ("逾", .above),
    ]
    private static let suffixes: [(String, Operator)] = [("以上", .atLeast), ("以下", .atMost), ("以内", .atMost), ("左右", .about)]
    private static let rangeSeparators = ["-", "–", "—", "~", "～", "至", "到", "to"]
    private static let multipliers: [(String, Double)] = [("百万", 1e6), ("千万", 1e7), ("万亿", 1e12), ("万", 1e4), ("亿", 1e8), ("千", 1e3)]
    private static let vague: [(String, Double, Double)] = [("个位数", 1, 10), ("两位数", 10, 100), ("双位数", 10, 100)]

    /// Parses `text`; `what` names the value in error messages (`share`, `volume`). With
    /// `vagueInPercent` (shares), `个位数` means single-digit percentages.
    static func parse(_ text: String, _ what: String, vagueInPercent: Bool = false) throws(ValueError) -> Result {
        var rest = Substring(text.trimmingWhitespace())
        guard !rest.isEmpty else { throw ValueError("\(what) is empty") }
        if let value = Double(rest), value.isFinite {  // the common case on bulk imports
            return Result(bounds: Bounds(exactly: value), percent: false, unit: nil, worded: false)
        }
        var result = Result(bounds: Bounds(low: nil, high: nil), percent: false, unit: nil, worded: false)
        if rest.hasSuffix("(inferred)") {
            rest = Substring(rest.dropLast("(inferred)".count).trimmingWhitespace())
            result.bounds.inferred = true
        }
        if let (word, low, high) = vague.first(where: { rest.hasPrefix($0.0) }) {
            rest = rest.dropFirst(word.count)
            let sign = rest.hasPrefix("%") || rest.hasPrefix("％")
            if sign { rest = rest.dropFirst() }
            result.percent = sign || vagueInPercent
            result.bounds = Bounds(low: low, high: high, highExclusive: true, inferred: true)
            result.unit = rest.trimmingWhitespace().nilIfEmpty
            result.worded = true
            return try finish(result, text, what)
        }
        var clauses = 0
        while !rest.isEmpty {
            clauses += 1
            guard clauses <= 2 else { throw malformed(text, what, "more than two bounds") }
            var operators: [Operator] = []
            while let (word, op) = prefix(of: rest) {
                operators.append(op)
                rest = rest.dropFirst(word.count).drop(while: \.isWhitespace)
            }
            guard let first = number(&rest, text, what, &result) else { throw malformed(text, what, "no number") }
            var second: Double?
            let afterFirst = rest.drop(while: \.isWhitespace)
            if let separator = rangeSeparators.first(where: { afterFirst.hasPrefix($0) }) {
                var tail = afterFirst.dropFirst(separator.count).drop(while: \.isWhitespace)
                if let end = number(&tail, text, what, &result) {
                    second = end
                    rest = tail
                }
            }
            rest = rest.drop(while: \.isWhitespace)
            // A unit, then suffix words, up to the next clause.
            var unit = ""
            while let character = rest.first, prefix(of: rest) == nil, !startsClauseSeparator(rest) {
                if let (word, op) = suffixes.first(where: { rest.hasPrefix($0.0) }) {
                    operators.append(op)
                    rest = rest.dropFirst(word.count)
                    continue
                }
                guard !character.isNumber || character.isLetter else { throw malformed(text, what, "a number where a unit was expected") }
                unit.append(character)
                rest = rest.dropFirst()
            }
            if let found = unit.trimmingWhitespace().nilIfEmpty {
                if let known = result.unit, known != found { throw malformed(text, what, "two units, '\(known)' and '\(found)'") }
                result.unit = found
            }
            rest = rest.drop { $0.isWhitespace || $0 == "," || $0 == "，" || $0 == "且" }
            if !operators.isEmpty { result.worded = true }
            try apply(operators, first, second, &result.bounds, text, what)
        }
        return try finish(result, text, what)
    }

    private static func finish(_ result: Result, _ text: String, _ what: String) throws(ValueError) -> Result {
        var result = result
        if result.percent {
            result.bounds.low = result.bounds.low.map { $0 / 100 }
            result.bounds.high = result.bounds.high.map { $0 / 100 }
        }
        result.bounds = try result.bounds.validated("\(what) '\(text)'")
        return result
    }

    /// Applies one clause: `first` (and `second`, for a range) under the clause's operators.
    private static func apply(
        _ operators: [Operator], _ first: Double, _ second: Double?, _ bounds: inout Bounds, _ text: String, _ what: String
    ) throws(ValueError) {
        let sides = operators.filter { $0 != .about }
        if operators.contains(.about) { bounds.approximate = true }
        guard sides.count <= 1 else { throw malformed(text, what, "two comparisons on one number") }
        func set(low: Double?, high: Double?, lowExclusive: Bool = false, highExclusive: Bool = false) throws(ValueError) {
            if let low {
                guard bounds.low == nil else { throw malformed(text, what, "two lower bounds") }
                bounds.low = low
                bounds.lowExclusive = lowExclusive
            }
            if let high {
                guard bounds.high == nil else { throw malformed(text, what, "two upper bounds") }
                bounds.high = high
                bounds.highExclusive = highExclusive
            }
        }
        if let second {
            guard sides.isEmpty else { throw malformed(text, what, "a comparison on a range") }
            try set(low: first, high: second)
            return
        }
        switch sides.first {
        case .above?: try set(low: first, high: nil, lowExclusive: true)
        case .atLeast?: try set(low: first, high: nil)
        case .below?: try set(low: nil, high: first, highExclusive: true)
        case .atMost?: try set(low: nil, high: first)
        case .about?, nil: try set(low: first, high: first)
        }
    }

    private static func prefix(of text: Substring) -> (String, Operator)? {
        for (word, op) in prefixes where text.prefix(word.count).lowercased() == word {
            // A word must end where the number or a space begins (`overall` is not `over`).
            let next = text.dropFirst(word.count).first
            if word.last!.isLetter && word.last!.isASCII, let next, next.isLetter { continue }
            return (word, op)
        }
        return nil
    }

    private static func startsClauseSeparator(_ text: Substring) -> Bool {
        guard let first = text.first, first.isWhitespace || first == "," || first == "，" || first == "且" else { return false }
        let next = text.drop { $0.isWhitespace || $0 == "," || $0 == "，" || $0 == "且" }
        return prefix(of: next) != nil
    }

    /// Reads a number (with thousands separators, an exponent, a Chinese multiplier and a
    /// percent sign) from the front of `text`, or returns nil leaving `text` as it was.
    private static func number(_ text: inout Substring, _ whole: String, _ what: String, _ result: inout Result) -> Double? {
        var digits = ""
        var index = text.startIndex
        func peek(_ offset: Int = 0) -> Character? {
            text.index(index, offsetBy: offset, limitedBy: text.endIndex).flatMap { $0 < text.endIndex ? text[$0] : nil }
        }
        if let sign = peek(), sign == "+" || sign == "-", peek(1)?.isASCIINumber == true || peek(1) == "." {
            digits.append(sign)
            index = text.index(after: index)
        }
        var sawDigit = false
        while let character = peek() {
            if character.isASCIINumber || character == "." {
                sawDigit = sawDigit || character.isASCIINumber
                digits.append(character)
            } else if (character == "," || character == "_"), sawDigit, peek(1)?.isASCIINumber == true {
                // a thousands separator
            } else if (character == "e" || character == "E"), sawDigit,
                peek(1)?.isASCIINumber == true || ((peek(1) == "-" || peek(1) == "+") && peek(2)?.isASCIINumber == true) {
                digits.append("e")
                if let sign = peek(1), !sign.isASCIINumber {
                    digits.append(sign)
                    index = text.index(after: index)
                }
            } else {
                break
            }
            index = text.index(after: index)
        }
        guard sawDigit, var value = Double(digits) else { return nil }
        text = text[index...]
        let spaced = text.drop(while: \.isWhitespace)
        if let (word, factor) = multipliers.first(where: { spaced.hasPrefix($0.0) }) {
            value *= factor
            text = spaced.dropFirst(word.count)
            result.worded = true
        }
        let signed = text.drop(while: \.isWhitespace)
        if signed.hasPrefix("%") || signed.hasPrefix("％") {
            result.percent = true
            text = signed.dropFirst()
        }
        return value
    }

    private static func malformed(_ text: String, _ what: String, _ why: String) -> ValueError {
        ValueError("\(what) '\(text)' cannot be read (\(why)): write a number such as 25% or 16e9 USD, bounds such as >95%, "
            + ">=50%, <10%, ~30%, 20-25% or >=20% <25%, or a wording such as 超过95%, 50%以上, 不到10% or 个位数")
    }
}

extension Character {
    fileprivate var isASCIINumber: Bool { isASCII && isNumber }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
