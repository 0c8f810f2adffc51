import Foundation

/// A JSON syntax error at a byte offset.
struct JSONSyntaxError: Error {
    let offset: Int
    let message: String
}

/// A strict JSON parser (RFC 8259) that knows where it is: its errors carry the byte offset
/// (turned into line and column by the importers), and it records where each element of the
/// arrays directly under the top-level object begins (`nodes`, `links`), so that errors about a
/// node or an edge name its line.
///
/// Numbers: an integer that fits in 64 bits is `.int`; a larger one is kept exactly as text
/// (`.string("99999999999999999999999999999")`), never rounded to a float; a number with a
/// fraction or exponent is `.double`, and one outside the double range is an error.
/// Nesting deeper than ``maximumDepth`` is an error (the parser recurses).
struct JSONReader {
    static let maximumDepth = 512

    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var depth = 0
    /// For each key of the top-level object whose value is an array: where its elements begin.
    private(set) var elementOffsets: [String: [Int]] = [:]
    /// When recording keys (``parseRecordingKeys(_:)``): the path of the value being read
    /// (`tables.0.columns`), and where each key begins, by its path.
    private var keyPath: [String]?
    private var keyOffsets: [String: Int] = [:]

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Parses `bytes` (UTF-8, an optional byte-order mark) as one JSON document.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> (value: JSONValue, elementOffsets: [String: [Int]]) {
        var reader = JSONReader(bytes)
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { reader.index = 3 }
        reader.skipSpace()
        let value = try reader.value(topLevel: true)
        reader.skipSpace()
        if reader.index < bytes.count { throw JSONSyntaxError(offset: reader.index, message: "unexpected text after the JSON document") }
        return (value, reader.elementOffsets)
    }

    /// Parses `bytes` as one JSON document, recording where each object key begins by its path
    /// (`tables.0.columns.node.id` is the key `node.id` of `columns` in the first element of
    /// `tables`), for messages about a key; a key repeated in one object is an error here.
    static func parseRecordingKeys(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> (value: JSONValue, keyOffsets: [String: Int]) {
        var reader = JSONReader(bytes)
        reader.keyPath = []
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { reader.index = 3 }
        reader.skipSpace()
        let value = try reader.value()
        reader.skipSpace()
        if reader.index < bytes.count { throw JSONSyntaxError(offset: reader.index, message: "unexpected text after the JSON document") }
        return (value, reader.keyOffsets)
    }

    /// Parses a JSON text held in a Swift string (DOT and GraphML attributes).
    static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in Result { () throws(JSONSyntaxError) in try parse(UnsafeRawBufferPointer(buffer)).value } }
        return try result.get()
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? index, message: message)
    }

    private func describeHere() -> String {
        guard index < bytes.count else { return "the end of the file" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return String(format: "byte 0x%02X", byte)
    }

    private mutating func value(topLevel: Bool = false) throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw fail("expected a value, found the end of the file") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(topLevel: topLevel)
        case UInt8(ascii: "["): return .array(try array(recordingAs: nil))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("expected a value, found \(describeHere())")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let start = index
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("expected a value", at: start) }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw fail("expected a value", at: start)
        }
        index += count
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONReader.maximumDepth { throw fail("nested deeper than \(JSONReader.maximumDepth) levels") }
    }

    private mutating func object(topLevel: Bool) throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1  // {
        var members: [String: JSONValue] = [:]
        skipSpace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw fail("expected a key in double quotes, found \(describeHere())")
            }
            let keyStart = index
            let key = try string()
            if keyPath != nil {
                guard members[key] == nil else { throw fail("key '\(key)' appears twice in this object", at: keyStart) }
                keyPath!.append(key)
                keyOffsets[keyPath!.joined(separator: ".")] = keyStart
            }
            defer { if keyPath != nil { keyPath!.removeLast() } }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after a key, found \(describeHere())") }
            index += 1
            skipSpace()
            if topLevel && index < bytes.count && bytes[index] == UInt8(ascii: "[") {
                members[key] = .array(try array(recordingAs: key))
            } else {
                members[key] = try value()
            }
            skipSpace()
            guard index < bytes.count else { throw fail("an object is never closed (expected ',' or '}')") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in an object, found \(describeHere())") }
            index += 1
            return .object(members)
        }
    }

    private mutating func array(recordingAs key: String?) throws(JSONSyntaxError) -> [JSONValue] {
        try enter()
        defer { depth -= 1 }
        index += 1  // [
        var elements: [JSONValue] = []
        var offsets: [Int] = []
        skipSpace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            if let key { elementOffsets[key] = offsets }
            return elements
        }
        while true {
            skipSpace()
            if key != nil { offsets.append(index) }
            keyPath?.append(String(elements.count))
            defer { keyPath?.removeLast() }
            elements.append(try value())
            skipSpace()
            guard index < bytes.count else { throw fail("an array is never closed (expected ',' or ']')") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in an array, found \(describeHere())") }
            index += 1
            if let key { elementOffsets[key] = offsets }
            return elements
        }
    }

    private mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        var integral = true
        func digits() -> Int {
            let first = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - first
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let leading = index
        guard digits() > 0 else { throw fail("a number needs digits after '-'", at: start) }
        if bytes[leading] == UInt8(ascii: "0") && index - leading > 1 { throw fail("a number may not start with 0 (leading zeros)", at: start) }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard digits() > 0 else { throw fail("a number needs digits after '.'", at: start) }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            integral = false
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard digits() > 0 else { throw fail("a number needs digits in its exponent", at: start) }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if integral {
            // Beyond 64 bits: kept exactly, as text.
            return Int64(text).map(JSONValue.int) ?? .string(text)
        }
        guard let double = Double(text), double.isFinite else {
            throw fail("number \(text) is out of range (a double holds at most about ±1.8e308)", at: start)
        }
        return .double(double)
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        let open = index
        index += 1  // "
        var result = ""
        var runStart = index
        func flush(_ end: Int) throws(JSONSyntaxError) {
            guard end > runStart else { return }
            guard let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[runStart..<end]), as: UTF8.self) else {
                let offset = InputFile.firstInvalidUTF8(in: UnsafeRawBufferPointer(rebasing: bytes[runStart..<end])) ?? 0
                throw fail("invalid UTF-8 in a string (save the file as UTF-8)", at: runStart + offset)
            }
            result += text
        }
        while true {
            guard index < bytes.count else { throw fail("a string is never closed (a \" is missing)", at: open) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try flush(index)
                index += 1
                return result
            }
            if byte < 0x20 { throw fail(String(format: "control character 0x%02X in a string (write it as an escape such as \\n)", byte)) }
            if byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            try flush(index)
            let escape = index
            index += 1
            guard index < bytes.count else { throw fail("a string is never closed (a \" is missing)", at: open) }
            switch bytes[index] {
            case UInt8(ascii: "\""): result += "\""
            case UInt8(ascii: "\\"): result += "\\"
            case UInt8(ascii: "/"): result += "/"
            case UInt8(ascii: "b"): result += "\u{08}"
            case UInt8(ascii: "f"): result += "\u{0C}"
            case UInt8(ascii: "n"): result += "\n"
            case UInt8(ascii: "r"): result += "\r"
            case UInt8(ascii: "t"): result += "\t"
            case UInt8(ascii: "u"):
                var code = try hex4(at: escape)
                if (0xD800..<0xDC00).contains(code) {
                    guard index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\"), bytes[index + 2] == UInt8(ascii: "u") else {
                        throw fail("\\u escape of a lone high surrogate", at: escape)
                    }
                    index += 2
                    let low = try hex4(at: escape)
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("\\u escape of a high surrogate without its low half", at: escape) }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(code) {
                    throw fail("\\u escape of a lone low surrogate", at: escape)
                }
                result.unicodeScalars.append(Unicode.Scalar(code)!)
            default:
                throw fail("unknown escape \\\(describeHere()) in a string", at: escape)
            }
            index += 1
            runStart = index
        }
    }

    /// Reads the four hex digits after `\u` (index is on the `u`); leaves index on the last digit.
    private mutating func hex4(at escape: Int) throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 < bytes.count else { throw fail("\\u needs four hex digits", at: escape) }
        var code: UInt32 = 0
        for _ in 0..<4 {
            index += 1
            guard let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else { throw fail("\\u needs four hex digits", at: escape) }
            code = code << 4 | UInt32(digit)
        }
        return code
    }
}
