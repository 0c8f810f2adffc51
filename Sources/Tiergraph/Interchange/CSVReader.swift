#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error in the structure or encoding of a CSV file, with its position.
public struct CSVError: Error, Equatable, Sendable {
    /// The 1-based line the problem is on.
    public let line: Int
    /// The 1-based field (column) number.
    public let column: Int
    /// What is wrong.
    public let message: String
}

/// Streams the records of a CSV file (RFC 4180) without loading it whole.
///
/// - Quoted fields may hold the delimiter, doubled quotes (`""`) and line breaks.
/// - UTF-8 with or without a byte-order mark; LF, CRLF or CR line ends; blank lines are skipped.
/// - Invalid UTF-8, an unterminated quote or text after a closing quote is a ``CSVError``.
///
/// Reads in 1 MiB chunks; memory stays at one chunk plus the longest record, and a field longer
/// than `maximumField` bytes or a record longer than `maximumRecord` bytes is a ``CSVError`` (so
/// a file with no line break cannot grow memory without bound).
/// Complexity: O(n) in the file's size, each byte looked at once (twice for a record that
/// straddles a chunk boundary).
public final class CSVReader {
    private let file: UnsafeMutablePointer<FILE>
    private let delimiter: UInt8
    private let maximumField: Int
    private let maximumRecord: Int
    private var buffer: [UInt8]
    private var start = 0  // first unparsed byte
    private var end = 0  // one past the last byte read
    private var atEOF = false
    private var nextLine = 1
    private var scratch: [UInt8] = []
    private var firstChunk = true

    /// The line on which the last record returned by ``next(into:)`` starts.
    public private(set) var line = 0
    /// The number of bytes consumed so far (for progress reports).
    public private(set) var bytesRead = 0

    /// Opens `path`; `delimiter` is `,` unless given (for example `\t` for TSV).
    public init(path: String, delimiter: UInt8 = UInt8(ascii: ","), maximumField: Int = ImportLimits.csvFieldBytes,
                maximumRecord: Int = ImportLimits.csvRecordBytes) throws {
        guard let file = fopen(path, "rb") else {
            throw CSVError(line: 0, column: 0, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        self.file = file
        self.delimiter = delimiter
        self.maximumField = maximumField
        self.maximumRecord = max(maximumRecord, maximumField)
        self.buffer = [UInt8](repeating: 0, count: 1 << 20)
    }

    deinit { fclose(file) }

    /// Reads the next record into `fields` (replacing its contents).
    /// - Returns: `false` at the end of the file.
    public func next(into fields: inout [String]) throws -> Bool {
        while true {
            if start == end {
                if atEOF { return false }
                try fill()
                continue
            }
            if let consumed = try parseRecord(into: &fields) {
                start += consumed
                bytesRead += consumed
                if fields.count == 1 && fields[0].isEmpty && lastRecordWasBlank { continue }
                return true
            }
            // The record runs past the bytes we have: read more, then parse it again.
            if atEOF {
                throw CSVError(line: openQuote?.line ?? nextLine, column: openQuote?.column ?? 1,
                               message: "unterminated quoted field (a \" is never closed)")
            }
            try fill()
        }
    }

    private var lastRecordWasBlank = false
    /// Where the last quoted field that ran past the buffer began, to report it if the file ends.
    private var openQuote: (line: Int, column: Int)?

    /// Moves unparsed bytes to the front and reads more, growing the buffer for long records.
    private func fill() throws {
        if start > 0 {
            buffer.withUnsafeMutableBytes { raw in
                let base = raw.baseAddress!
                memmove(base, base + start, end - start)
            }
            end -= start
            start = 0
        }
        if end == buffer.count {
            if end > maximumRecord {
                throw CSVError(line: nextLine, column: fieldsSoFar() + 1,
                               message: "a record longer than \(CSVReader.describe(bytes: maximumRecord)) (the limit; is a line break missing?)")
            }
            buffer.append(contentsOf: repeatElement(0, count: buffer.count))
        }
        let count = buffer.withUnsafeMutableBytes { raw in
            fread(raw.baseAddress! + end, 1, raw.count - end, file)
        }
        if count == 0 {
            if ferror(file) != 0 { throw CSVError(line: nextLine, column: 0, message: "read error") }
            atEOF = true
        }
        end += count
        if firstChunk {
            firstChunk = false
            if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
        }
    }

    /// Parses one record starting at `start`. Returns the bytes it spans including its line end,
    /// or `nil` if the record is not complete in the buffer (and the file has more).
    private func parseRecord(into fields: inout [String]) throws -> Int? {
        fields.removeAll(keepingCapacity: true)
        let recordLine = nextLine
        var newlines = 0
        let result: Int? = try buffer.withUnsafeBufferPointer { bytes in
            var i = start
            let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
            var column = 1
            while true {
                // One field.
                if i < end && bytes[i] == quote {
                    scratch.removeAll(keepingCapacity: true)
                    let openedOn = recordLine + newlines
                    i += 1
                    var closed = false
                    while i < end {
                        let byte = bytes[i]
                        if byte == quote {
                            if i + 1 < end && bytes[i + 1] == quote {
                                scratch.append(quote)
                                i += 2
                                continue
                            }
                            if i + 1 == end && !atEOF { return nil }  // cannot tell "" from " yet
                            i += 1
                            closed = true
                            break
                        }
                        if byte == lf { newlines += 1 }
                        scratch.append(byte)
                        i += 1
                        if scratch.count > maximumField { throw fieldTooLong(line: openedOn, column: column) }
                    }
                    if !closed {
                        openQuote = (openedOn, column)
                        return nil
                    }
                    fields.append(try scratch.withUnsafeBufferPointer { try CSVReader.string($0, line: recordLine + newlines, column: column) })
                    if i < end, bytes[i] != delimiter, bytes[i] != cr, bytes[i] != lf {
                        throw CSVError(line: recordLine + newlines, column: column,
                                       message: "unexpected text after a closing quote (quotes inside a quoted field are written \"\")")
                    }
                } else {
                    let fieldStart = i
                    while i < end {
                        let byte = bytes[i]
                        if byte == delimiter || byte == lf || byte == cr { break }
                        i += 1
                    }
                    if i - fieldStart > maximumField { throw fieldTooLong(line: recordLine + newlines, column: column) }
                    if i == end && !atEOF { return nil }
                    fields.append(try CSVReader.string(UnsafeBufferPointer(rebasing: bytes[fieldStart..<i]), line: recordLine + newlines, column: column))
                }
                // After a field: a delimiter, a line end, or the end of the file.
                if i == end {
                    if !atEOF { return nil }
                    break
                }
                let byte = bytes[i]
                if byte == delimiter {
                    i += 1
                    column += 1
                    continue
                }
                if byte == cr {
                    if i + 1 == end && !atEOF { return nil }
                    i += (i + 1 < end && bytes[i + 1] == lf) ? 2 : 1
                } else {
                    i += 1
                }
                newlines += 1
                break
            }
            return i - start
        }
        guard let result else { return nil }
        lastRecordWasBlank = result <= 2 && buffer[start] != UInt8(ascii: "\"")
        line = recordLine
        nextLine = recordLine + newlines
        return result
    }

    private func fieldTooLong(line: Int, column: Int) -> CSVError {
        CSVError(line: line, column: column,
                 message: "a field longer than \(CSVReader.describe(bytes: maximumField)) (the limit; is a quote or a line break missing?)")
    }

    static func describe(bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    /// The number of fields the unparsed record holds so far (delimiters outside quotes).
    private func fieldsSoFar() -> Int {
        var count = 0, quoted = false
        for index in start..<end {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") { quoted.toggle() } else if byte == delimiter && !quoted { count += 1 }
        }
        return count
    }

    /// A field's bytes as a String. ASCII (the common case) skips UTF-8 validation.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, column: Int) throws -> String {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CSVError(line: line, column: column, message: "invalid UTF-8 (save the file as UTF-8)")
        }
        return text
    }
}
