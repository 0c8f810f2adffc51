#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes text to a file (or standard output) through a 1 MiB buffer: exports and the
/// generator stream through it, so memory stays flat however large the output.
public struct BufferedFile {
    private var buffer: [UInt8] = []
    private let file: UnsafeMutablePointer<FILE>

    /// Creates (or truncates) `path` — standard output when `path` is nil — hands `body` a
    /// writer, then flushes (and closes a file).
    public static func write(path: String?, _ body: (inout BufferedFile) throws -> Void) throws {
        let file: UnsafeMutablePointer<FILE>
        if let path {
            guard let opened = fopen(path, "wb") else {
                throw ValueError("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            file = opened
        } else {
            // A stream of its own on descriptor 1 (the `stdout` global is not concurrency-safe).
            guard let standardOutput = fdopen(dup(STDOUT_FILENO), "wb") else {
                throw ValueError("cannot write to standard output: \(String(cString: strerror(errno)))")
            }
            file = standardOutput
        }
        var writer = BufferedFile(file: file)
        writer.buffer.reserveCapacity(1 << 20)
        defer { fclose(file) }
        try body(&writer)
        try writer.flush()
    }

    private init(file: UnsafeMutablePointer<FILE>) { self.file = file }

    /// Appends `text`, writing the buffer out when it is full.
    public mutating func append(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == buffer.count else { throw ValueError("write failed: \(String(cString: strerror(errno)))") }
        buffer.removeAll(keepingCapacity: true)
    }
}
