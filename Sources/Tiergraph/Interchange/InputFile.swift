import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The limits every import reader keeps, so that no input can make memory or time unbounded
/// (documented in README, "Import semantics").
public enum ImportLimits {
    /// The longest CSV field, in bytes (16 MiB).
    public static let csvFieldBytes = 16 << 20
    /// The longest CSV record (one row, which may span lines inside quotes), in bytes (64 MiB).
    public static let csvRecordBytes = 64 << 20
    /// The largest node-link JSON, GraphML or DOT file, in bytes (256 MiB): these are read whole.
    public static let wholeFileBytes = 256 << 20
}

/// Checks on an input file before anything reads it.
enum InputFile {
    /// What a file that is no regular file is, from its `st_mode`: "a folder", "a FIFO (named pipe)"…
    static func describe(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }

    /// Refuses anything that is not a regular file (devices, FIFOs, sockets, folders where a file
    /// is expected: reading them could block or never end), checked with `stat` (symbolic links
    /// followed), and files above `maximumBytes`.
    /// - Returns: the file's size in bytes.
    @discardableResult
    static func check(_ path: String, maximumBytes: Int? = nil) throws -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ImportError(file: path, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw ImportError(file: path, message: "is \(describe(info.st_mode)), not a regular file: Tiergraph imports regular files only")
        }
        let size = Int(info.st_size)
        if let maximumBytes, size > maximumBytes {
            throw ImportError(
                file: path,
                message: "the file is \(size) bytes, above the limit of \(maximumBytes >> 20) MiB for node-link JSON, GraphML and DOT (these are read whole): split it, or import CSV, which streams")
        }
        return size
    }

    /// Reads a whole-graph file (JSON, GraphML, DOT): a regular file of at least one byte and at
    /// most ``ImportLimits/wholeFileBytes``.
    static func readWhole(_ path: String) throws -> Data {
        let size = try check(path, maximumBytes: ImportLimits.wholeFileBytes)
        if size == 0 { throw ImportError(file: path, message: "the file is empty (0 bytes)") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ImportError(file: path, message: "cannot read: \((error as NSError).localizedFailureReason ?? error.localizedDescription)")
        }
    }

    /// The 1-based line and column (in characters) of the byte at `offset` of UTF-8 `bytes`.
    static func position(of offset: Int, in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1  // one per character: continuation bytes are not counted
            }
            index += 1
        }
        return (line, column)
    }

    /// The offset of the first byte of `bytes` that is not valid UTF-8, or `nil` if all are.
    static func firstInvalidUTF8(in bytes: UnsafeRawBufferPointer) -> Int? {
        if String(validating: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self) != nil { return nil }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
