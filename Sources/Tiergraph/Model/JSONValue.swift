/// A JSON value: the type of node and edge properties, and of every JSON document Tiergraph writes.
///
/// Integers and fractional numbers are kept apart so that `hbm_gb: 141` stays `141`.
/// ``serialized(pretty:)`` writes object keys sorted, so the same value always gives the same bytes.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let int = try? container.decode(Int64.self) {
            self = .int(int)
        } else if let double = try? container.decode(Double.self) {
            self = .double(double)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue {
    /// `value` as JSON: `nil` becomes `null`.
    public init(_ value: String?) { self = value.map(JSONValue.string) ?? .null }

    /// `value` as JSON: `nil` becomes `null`; whole numbers print without a fraction.
    public init(_ value: Double?) {
        guard let value else { self = .null; return }
        self = .double(value)
    }

    /// Infers the type of a text cell: a JSON array or object, an integer, then a number, then
    /// `true`/`false`, else text.
    ///
    /// Used for CSV columns that are not known fields, so `141` becomes a number and `HBM3e` stays text;
    /// an integer beyond 64 bits (`99999999999999999999999999999`) stays text, exactly.
    public init(inferring text: String) {
        // A JSON array or object (as CSV exports write lists and objects) is that array or object.
        if text.first == "[" || text.first == "{", let value = try? JSONReader.parse(text) {
            switch value {
            case .array, .object:
                self = value
                return
            default: break
            }
        }
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        // `007` and `+5` are codes, not numbers: keep them as written.
        let looksNumeric = digits.first.map { $0.isASCII && ($0.isNumber || $0 == ".") } == true
            && !(digits.count > 1 && digits.first == "0" && digits.dropFirst().first?.isNumber == true)
        // An integer beyond 64 bits stays text, exactly as written (a double would round it).
        let integral = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
        if looksNumeric, let int = Int64(text) {
            self = .int(int)
        } else if looksNumeric, !integral, let double = Double(text), double.isFinite {
            self = .double(double)
        } else if text == "true" || text == "false" {
            self = .bool(text == "true")
        } else {
            self = .string(text)
        }
    }

    /// The canonical JSON text: keys sorted, no insignificant space unless `pretty`.
    public func serialized(pretty: Bool = false) -> String {
        var output = ""
        write(to: &output, pretty: pretty, indent: 0)
        return output
    }

    /// Appends the canonical JSON text of this value to `output`.
    public func write(to output: inout String, pretty: Bool = false, indent: Int = 0) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value): output += JSONValue.format(value)
        case .string(let value): JSONValue.writeString(value, to: &output)
        case .array(let values):
            if values.isEmpty { output += "[]"; return }
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                if pretty { output += "\n" + String(repeating: "  ", count: indent + 1) }
                value.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { output += "\n" + String(repeating: "  ", count: indent) }
            output += "]"
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                if pretty { output += "\n" + String(repeating: "  ", count: indent + 1) }
                JSONValue.writeString(key, to: &output)
                output += pretty ? ": " : ":"
                members[key]!.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { output += "\n" + String(repeating: "  ", count: indent) }
            output += "}"
        }
    }

    /// A number as JSON: integral values in the exact integer range print without a fraction,
    /// others in Swift's shortest round-tripping form. Infinity and NaN (not JSON) print as `null`.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    static func writeString(_ value: String, to output: inout String) {
        output += "\"" + value.escapingScalars { scalar in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: return nil
            }
        } + "\""
    }
}
