import Foundation
import Tiergraph

/// Reads a fuzzer's bytes as a sequence of length-prefixed strings: each string is one length
/// byte then that many bytes, read as UTF-8 (invalid sequences become U+FFFD, so every input
/// gives valid Swift strings: controls, quotes, backslashes and NUL included).
public struct FuzzInput {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ data: UnsafePointer<UInt8>, _ size: Int) {
        bytes = Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The next string (empty once the input is used up).
    public mutating func string() -> String {
        guard offset < bytes.count else { return "" }
        let length = Int(bytes[offset])
        offset += 1
        let end = min(bytes.count, offset + length)
        defer { offset = end }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    /// The next byte as a small number below `bound` (0 once the input is used up).
    public mutating func number(below bound: Int) -> Int {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return Int(bytes[offset]) % bound
    }
}

/// Stops the run with `message`: libFuzzer records the input that got here as a crash.
public func fuzzFailure(_ message: String) -> Never {
    FileHandle.standardError.write(Data("FUZZ FAILURE: \(message)\n".utf8))
    abort()
}
