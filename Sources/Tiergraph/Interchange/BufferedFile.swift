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
    /// The file being written (for messages); nil for standard output.
    private let path: String?

    /// Writes `path` — standard output when `path` is nil — through a writer handed to `body`.
    ///
    /// A file is written whole or not at all (see ``AtomicFile``): into a temporary file in the
    /// same folder, renamed over `path` once complete; on any failure (a full disk, say) the
    /// previous file at `path` is left as it was.
    public static func write(path: String?, _ body: (inout BufferedFile) throws -> Void) throws {
        guard let path else {
            // A stream of its own on descriptor 1 (the `stdout` global is not concurrency-safe).
            guard let standardOutput = fdopen(dup(STDOUT_FILENO), "wb") else {
                throw OutputError(path: nil, errno: errno)
            }
            var writer = BufferedFile(file: standardOutput, path: nil)
            writer.buffer.reserveCapacity(1 << 20)
            defer { fclose(standardOutput) }
            try body(&writer)
            try writer.flush()
            return
        }
        try AtomicFile.write(path) { file in
            var writer = BufferedFile(file: file, path: path)
            writer.buffer.reserveCapacity(1 << 20)
            try body(&writer)
            try writer.flush()
        }
    }

    private init(file: UnsafeMutablePointer<FILE>, path: String?) {
        self.file = file
        self.path = path
    }

    /// Appends `text`, writing the buffer out when it is full.
    public mutating func append(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == buffer.count else { throw OutputError(path: path, errno: errno) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A file or folder could not be written; whatever was at its path before is unchanged.
public struct OutputError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file or folder being written; nil for standard output.
    public let path: String?
    /// What went wrong, in plain words.
    public let message: String

    public init(path: String?, message: String) {
        self.path = path
        self.message = message
    }

    init(path: String?, errno code: Int32) {
        let reason: String
        switch code {
        case ENOSPC: reason = "the disk is full (no space left on device)"
        case EDQUOT: reason = "the disk quota is exceeded"
        case EFBIG: reason = "the file is too large (above the file-size limit)"
        case EROFS: reason = "the file system is read-only"
        case EACCES, EPERM: reason = "permission denied"
        default: reason = String(cString: strerror(code))
        }
        self.init(path: path, message: reason)
    }

    public var description: String {
        guard let path else { return "cannot write to standard output: \(message)" }
        return "cannot write '\(path)': \(message); nothing at '\(path)' was changed"
    }
}

/// Files and folders written whole or not at all: into a temporary file (or folder) beside the
/// target, then renamed into place, so a failure half way (a full disk, a killed process) never
/// leaves a truncated file or a folder mixing old and new files.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(path) { file in
            let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            guard written == bytes.count else { throw OutputError(path: path, errno: errno) }
        }
    }

    /// Hands `body` a stream on a temporary file beside `path`; once `body` returns, the file is
    /// flushed, synced and renamed over `path` (a symbolic link at `path` is followed).
    public static func write(_ path: String, _ body: (UnsafeMutablePointer<FILE>) throws -> Void) throws {
        let target = resolved(path)
        let folder = parent(of: target)
        try checkFolder(folder, for: path)
        var template = Array((folder + "/." + name(of: target) + ".tiergraph-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw OutputError(path: path, errno: errno) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard let file = fdopen(descriptor, "wb") else {
            let code = errno
            close(descriptor)
            unlink(temporary)
            throw OutputError(path: path, errno: code)
        }
        var closed = false
        do {
            try body(file)
            // The mode a new file would get (mkstemp makes it private), or the replaced file's.
            var existing = stat()
            let mode = stat(target, &existing) == 0 ? existing.st_mode & 0o7777 : 0o666 & ~currentUmask()
            fchmod(descriptor, mode)
            guard fflush(file) == 0, fsync(descriptor) == 0 else { throw OutputError(path: path, errno: errno) }
            closed = true
            guard fclose(file) == 0 else { throw OutputError(path: path, errno: errno) }
            guard rename(temporary, target) == 0 else { throw OutputError(path: path, errno: errno) }
        } catch {
            if !closed { fclose(file) }
            unlink(temporary)
            throw error
        }
    }

    /// Writes a folder of files whole or not at all: `body` writes them into a temporary folder
    /// it is given. A new folder is then renamed into place; into an existing folder (which may
    /// hold other files, kept) each finished file is renamed over its namesake, only once every
    /// file is complete. Missing parent folders are created.
    public static func writeFolder<T>(_ path: String, _ body: (String) throws -> T) throws -> T {
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists && info.st_mode & S_IFMT != S_IFDIR {
            throw OutputError(path: path, message: "it exists and is not a folder")
        }
        let base = exists ? path : parent(of: path)
        if !exists {
            do {
                try createFolders(base)
            } catch let error as OutputError {
                throw OutputError(path: path, message: error.message)
            }
        }
        let prefix = exists ? path + "/.tiergraph-export" : base + "/." + name(of: path) + ".tiergraph"
        var template = Array((prefix + "-XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw OutputError(path: path, errno: errno)
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do {
            let result = try body(temporary)
            if exists {
                for file in try entries(of: temporary) {
                    guard rename(temporary + "/" + file, path + "/" + file) == 0 else { throw OutputError(path: path, errno: errno) }
                }
                rmdir(temporary)
            } else {
                chmod(temporary, 0o777 & ~currentUmask())
                guard rename(temporary, path) == 0 else { throw OutputError(path: path, errno: errno) }
            }
            return result
        } catch let error as OutputError {
            removeTree(temporary)
            throw OutputError(path: path, message: error.message)  // the folder asked for, not the temporary one
        } catch {
            removeTree(temporary)
            throw error
        }
    }

    /// Fails with a plain message when the folder `path` would be written in does not exist: to
    /// check before long work whose result goes there.
    public static func checkFolder(of path: String) throws {
        try checkFolder(parent(of: resolved(path)), for: path)
    }

    private static func checkFolder(_ folder: String, for path: String) throws {
        var info = stat()
        guard stat(folder, &info) == 0 else {
            throw OutputError(path: path, message: errno == ENOENT ? "the folder '\(folder)' does not exist" : String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError(path: path, message: "'\(folder)' is not a folder") }
    }

    private static func createFolders(_ folder: String) throws {
        var info = stat()
        if stat(folder, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError(path: folder, message: "'\(folder)' is not a folder") }
            return
        }
        let above = parent(of: folder)
        if above != folder { try createFolders(above) }
        guard mkdir(folder, 0o777) == 0 || errno == EEXIST else { throw OutputError(path: folder, errno: errno) }
    }

    private static func entries(of folder: String) throws -> [String] {
        guard let directory = opendir(folder) else { throw OutputError(path: folder, errno: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    private static func removeTree(_ folder: String) {
        for name in (try? entries(of: folder)) ?? [] { unlink(folder + "/" + name) }
        rmdir(folder)
    }

    /// `path` with a symbolic link at its end followed (so the link keeps pointing at the file).
    private static func resolved(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    private static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    private static func name(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return String(trimmed.split(separator: "/").last ?? trimmed)
    }

    private static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }
}
