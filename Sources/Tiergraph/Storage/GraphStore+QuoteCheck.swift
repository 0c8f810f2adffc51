import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One finding of ``GraphStore/checkQuotes(sources:)``: a quote not found in the text it cites,
/// a cited file or part that cannot be read, or a source that was not checked.
public struct QuoteFinding: Equatable, Sendable, CustomStringConvertible {
    /// What carries a citation: a node or an edge, by id.
    public enum Owner: Equatable, Sendable, CustomStringConvertible {
        case node(String)
        case edge(String)

        public var description: String {
            switch self {
            case .node(let id): return "node \(id)"
            case .edge(let id): return "edge \(id)"
            }
        }
    }

    /// What was found: a closed set, each with a short, stable text (`rawValue`).
    public enum Code: String, Equatable, Sendable, CaseIterable, CustomStringConvertible {
        /// Error: the quote is not verbatim in the source's text.
        case quoteNotFound = "quote_not_found"
        /// Error: no file at the source's path.
        case sourceFileMissing = "source_file_missing"
        /// Error: not a regular file, not UTF-8, or not readable.
        case sourceFileUnreadable = "source_file_unreadable"
        /// Error: the id names part N of a file that has fewer parts.
        case sourcePartMissing = "source_part_missing"
        /// Information: the source's url is not a local file, so its quotes were not checked.
        case sourceNotLocal = "source_not_local"

        public var description: String { rawValue }
    }

    public let code: Code
    /// What was found, naming the source, the file and, for a quote, its owner and the quote
    /// (line breaks in it written as `\n`, so that the message is one line).
    public let message: String
    /// The id of the cited source.
    public let source: String
    /// The node or edge whose quote was not found; nil for a finding about the source itself.
    public let owner: Owner?
    /// The quote that was not found, as stored; nil for a finding about the source itself.
    public let quote: String?

    /// Whether this is an error: every code but `source_not_local`.
    public var isError: Bool { code != .sourceNotLocal }

    public var description: String { "\(code): \(message)" }
}

/// What ``GraphStore/checkQuotes(sources:)`` found.
public struct QuoteReport: Equatable, Sendable {
    /// The citations that carry a (non-empty) quote.
    public let quotes: Int
    /// Those compared with their source's text (not those of missing, unreadable or non-local
    /// sources).
    public let checked: Int
    /// Those found verbatim.
    public let found: Int
    /// By source id; for each source, a finding about the source itself first, then its quotes
    /// not found, nodes before edges, each by id (ids compared as UTF-8 bytes).
    public let findings: [QuoteFinding]

    /// Whether any finding is an error (see ``QuoteFinding/isError``).
    public var hasErrors: Bool { findings.contains(where: \.isError) }
}

/// The folder given to ``GraphStore/checkQuotes(sources:)`` cannot be used.
public enum QuoteCheckError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Nothing is at the path.
    case sourcesFolderMissing(path: String)
    /// Something that is not a folder is at the path.
    case sourcesNotAFolder(path: String)

    public var description: String {
        switch self {
        case .sourcesFolderMissing(let path): return "--sources: no folder at '\(path)'"
        case .sourcesNotAFolder(let path): return "--sources: '\(path)' is not a folder"
        }
    }
}

extension GraphStore {
    /// Checks that every citation's quote stands verbatim in the text of the source it cites,
    /// with the source files in `directory` (the quotes of node claims too: their owner is the node).
    ///
    /// A source's file is its `url` when that is a file reference (relative to `directory`, or
    /// an absolute path, or a `file:` URL), else its id without a `#N` suffix. A `url` with
    /// another scheme (`http:`, `https:`, `doi:`…) is not a local file: its quotes are not checked,
    /// and the source is reported once as `source_not_local`, which is not an error.
    ///
    /// An id ending in `#N` (N a number from 1) cites part N of a bundled file: the file's
    /// parts are articles, each beginning at its title line, the line before a byline
    /// `publisher· YYYY-MM-DD HH:MM`, and running to the next title line (the text before the
    /// first title belongs to no part). This is how `scripts/check_ledger.py` reads the bundle
    /// in the seed articles.
    ///
    /// Verbatim means the same Unicode scalars (the same UTF-8 bytes): canonically equivalent
    /// but differently encoded text, and whitespace that differs, do not match. A quote that
    /// would match once runs of whitespace (spaces, tabs, line breaks, U+3000…) are collapsed to
    /// one space is still `quote_not_found`, and its message says so; so does the message of a
    /// quote that stands in another part of the same file.
    ///
    /// A missing or unreadable file, or a missing part, is reported once per source, not once
    /// per quote. Files are read whole (up to 256 MiB) as UTF-8; anything that is not a regular
    /// file (a folder, a FIFO, a device) is refused without being read. Citations whose source
    /// row is missing are skipped here (``check()`` reports them).
    /// - Throws: ``QuoteCheckError`` if `directory` is missing or not a folder; SQLite errors.
    public func checkQuotes(sources directory: URL) throws -> QuoteReport {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder) else {
            throw QuoteCheckError.sourcesFolderMissing(path: directory.path)
        }
        guard isFolder.boolValue else { throw QuoteCheckError.sourcesNotAFolder(path: directory.path) }

        let citations = try connection.query("""
            SELECT s.id, s.url, 0, n.id, c.quote FROM node_citations c
                JOIN sources s ON s.sid = c.source JOIN nodes n ON n.nid = c.node
                WHERE c.quote IS NOT NULL AND c.quote <> ''
            UNION ALL
            SELECT s.id, s.url, 1, e.id, c.quote FROM edge_citations c
                JOIN sources s ON s.sid = c.source JOIN edges e ON e.eid = c.edge
                WHERE c.quote IS NOT NULL AND c.quote <> ''
            UNION ALL
            SELECT s.id, s.url, 0, n.id, k.quote FROM node_claims k
                JOIN sources s ON s.sid = k.source JOIN nodes n ON n.nid = k.node
                WHERE k.quote IS NOT NULL AND k.quote <> ''
            ORDER BY 1, 3, 4
            """) { row in
            QuotedCitation(
                source: row.string(0) ?? "", url: row.string(1),
                owner: row.int64(2) == 0 ? .node(row.string(3) ?? "") : .edge(row.string(3) ?? ""), quote: row.string(4) ?? "")
        }

        var files = SourceFiles()
        var findings: [QuoteFinding] = []
        var checked = 0, found = 0
        var start = citations.startIndex
        while start < citations.endIndex {
            let source = citations[start].source
            let end = citations[start...].firstIndex { $0.source != source } ?? citations.endIndex
            let group = citations[start..<end]
            start = end
            let location = SourceLocation(id: source, url: group.first?.url, directory: directory)
            let unchecked = "\(group.count) quote(s) not checked"
            let text: SourceText
            switch location {
            case .notLocal(let url):
                findings.append(QuoteFinding(
                    code: .sourceNotLocal, message: "source \(source): not checked (not a local file): \(url); \(group.count) quote(s)",
                    source: source, owner: nil, quote: nil))
                continue
            case .file(let path, let part):
                switch files.contents(of: path) {
                case .missing:
                    findings.append(QuoteFinding(
                        code: .sourceFileMissing, message: "source \(source): no file \(path); \(unchecked)",
                        source: source, owner: nil, quote: nil))
                    continue
                case .unreadable(let reason):
                    findings.append(QuoteFinding(
                        code: .sourceFileUnreadable, message: "source \(source): cannot read \(path): \(reason); \(unchecked)",
                        source: source, owner: nil, quote: nil))
                    continue
                case .text(let whole):
                    if let part {
                        let parts = files.parts(of: path)
                        guard part >= 1 && part <= parts.count else {
                            let has = parts.isEmpty
                                ? "has no parts (no title line followed by a byline 'publisher· YYYY-MM-DD HH:MM')"
                                : "has \(parts.count) part(s), numbered from 1"
                            findings.append(QuoteFinding(
                                code: .sourcePartMissing, message: "source \(source): no part \(part) in \(path), which \(has); \(unchecked)",
                                source: source, owner: nil, quote: nil))
                            continue
                        }
                        text = parts[part - 1]
                    } else {
                        text = whole
                    }
                }
            }
            for citation in group {
                checked += 1
                let quote = Array(citation.quote.utf8)
                if text.contains(quote) {
                    found += 1
                    continue
                }
                var message = "\(citation.owner): quote not found in \(source)"
                if case .file(let path, let part?) = location {
                    message += " (part \(part) of \(path))"
                    let parts = files.parts(of: path)
                    let elsewhere = parts.indices.filter { parts[$0].contains(quote) }
                    if !elsewhere.isEmpty { message += "; it is in part " + elsewhere.map { String($0 + 1) }.joined(separator: ", ") }
                } else if case .file(let path, nil) = location {
                    message += " (\(path))"
                }
                if text.containsCollapsingWhitespace(citation.quote) {
                    message += "; it would match if runs of whitespace were collapsed to one space"
                }
                let shown = citation.quote.escapingScalars { $0 == "\n" ? "\\n" : $0 == "\r" ? "\\r" : nil }
                findings.append(QuoteFinding(
                    code: .quoteNotFound, message: message + ": “\(shown)”", source: source, owner: citation.owner, quote: citation.quote))
            }
        }
        return QuoteReport(quotes: citations.count, checked: checked, found: found, findings: findings)
    }
}

extension QuoteFinding {
    /// `{"code", "message", "source", "owner": null | {"type": "node"|"edge", "id"}, "quote", "error"}`.
    public var json: JSONValue {
        let owner: JSONValue
        switch self.owner {
        case .node(let id): owner = ["type": "node", "id": .string(id)]
        case .edge(let id): owner = ["type": "edge", "id": .string(id)]
        case nil: owner = .null
        }
        return [
            "code": .string(code.rawValue), "message": .string(message), "source": .string(source), "owner": owner,
            "quote": JSONValue(quote), "error": .bool(isError),
        ]
    }
}

/// A citation with a quote, as read for the check.
private struct QuotedCitation {
    let source: String
    let url: String?
    let owner: QuoteFinding.Owner
    let quote: String
}

/// Where a source's text is.
enum SourceLocation: Equatable {
    /// In the file at `path`: the whole file, or its part `part` (from 1).
    case file(path: String, part: Int?)
    /// Not in a local file: the source's url has a scheme such as `http`.
    case notLocal(url: String)

    /// The location of the source `id` with `url`, its relative file references taken from
    /// `directory`.
    init(id: String, url: String?, directory: URL) {
        var name = id
        var part: Int?
        if let hash = id.lastIndex(of: "#") {
            let digits = id[id.index(after: hash)...]
            if !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                name = String(id[..<hash])
                part = Int(digits) ?? Int.max
            }
        }
        guard let url, !url.isEmpty else {
            self = .file(path: directory.appendingPathComponent(name).path, part: part)
            return
        }
        if let colon = url.firstIndex(of: ":"), let first = url.first, first.isASCII && first.isLetter,
           url[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) {
            if url[..<colon].lowercased() == "file", let fileURL = URL(string: url), fileURL.isFileURL {
                self = .file(path: fileURL.path, part: part)
            } else {
                self = .notLocal(url: url)
            }
        } else if url.hasPrefix("/") {
            self = .file(path: url, part: part)
        } else {
            self = .file(path: directory.appendingPathComponent(url).path, part: part)
        }
    }
}

/// A source's text as UTF-8 bytes, searched byte for byte.
final class SourceText {
    let bytes: ArraySlice<UInt8>
    /// The text with its whitespace collapsed (see ``collapsingWhitespace(_:)``), made when first needed.
    private lazy var collapsed: [UInt8] = Array(Self.collapsingWhitespace(String(decoding: bytes, as: UTF8.self)).utf8)

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// Whether `needle` occurs in the text.
    func contains(_ needle: [UInt8]) -> Bool { Self.occurs(needle, in: bytes) }

    /// Whether `quote` occurs once runs of whitespace are collapsed to one space in both.
    func containsCollapsingWhitespace(_ quote: String) -> Bool {
        let needle = Array(Self.collapsingWhitespace(quote).utf8)
        return !needle.isEmpty && Self.occurs(needle, in: collapsed[...])
    }

    /// `text` with each run of whitespace made one space, and none at either end.
    static func collapsingWhitespace(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                space = !out.isEmpty
                continue
            }
            if space { out.append(" ") }
            space = false
            out.append(scalar)
        }
        return String(out)
    }

    /// Whether `needle` occurs in `haystack`, byte for byte.
    static func occurs(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        return haystack.withUnsafeBufferPointer { text in
            needle.withUnsafeBufferPointer { needle in
                let first = needle[0]
                var index = 0
                while index <= text.count - needle.count {
                    if text[index] == first && memcmp(text.baseAddress! + index, needle.baseAddress!, needle.count) == 0 { return true }
                    index += 1
                }
                return false
            }
        }
    }
}

/// The source files read so far, each read once however many sources cite it.
private struct SourceFiles {
    enum Contents {
        case text(SourceText)
        case missing
        case unreadable(String)
    }

    /// The largest file read (256 MiB): files are read whole.
    static let maximumBytes = 256 << 20

    private var files: [String: Contents] = [:]
    private var split: [String: [SourceText]] = [:]

    mutating func contents(of path: String) -> Contents {
        if let contents = files[path] { return contents }
        let contents: Contents
        switch Self.load(path) {
        case .success(let bytes): contents = .text(SourceText(bytes[...]))
        case .failure(let failure): contents = failure.missing ? .missing : .unreadable(failure.reason)
        }
        files[path] = contents
        return contents
    }

    /// The parts of the file at `path`, which ``contents(of:)`` has read.
    mutating func parts(of path: String) -> [SourceText] {
        if let parts = split[path] { return parts }
        guard case .text(let text)? = files[path] else { return [] }
        let parts = Self.parts(of: text.bytes).map(SourceText.init)
        split[path] = parts
        return parts
    }

    /// The articles of a bundle: each from its title line (the line before a byline
    /// `publisher· YYYY-MM-DD HH:MM`) up to the line break before the next title line, the last
    /// to the end of the file. Lines end at `\n` (a `\r` before it stays in the line).
    static func parts(of text: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        let lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var starts: [Int] = []
        for index in lines.indices.dropFirst() where isByline(String(decoding: lines[index], as: UTF8.self)) {
            starts.append(index - 1)
        }
        return starts.indices.map { position in
            let first = lines[starts[position]].startIndex
            let end = position + 1 < starts.count ? lines[starts[position + 1]].startIndex - 1 : text.endIndex
            return text[first..<end]
        }
    }

    /// Whether `line`, trimmed, ends in `· YYYY-MM-DD HH:MM` after at least one character.
    static func isByline(_ line: String) -> Bool {
        let scalars = Array(line.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars)
        let pattern = Array("· 0000-00-00 00:00".unicodeScalars)
        guard scalars.count > pattern.count else { return false }
        return zip(scalars.suffix(pattern.count), pattern).allSatisfy { scalar, expected in
            expected == "0" ? (48...57).contains(scalar.value) : scalar == expected
        }
    }

    struct LoadFailure: Error {
        let missing: Bool
        let reason: String
    }

    /// The file's bytes: a regular file (symbolic links followed) of valid UTF-8.
    static func load(_ path: String) -> Result<[UInt8], LoadFailure> {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            return .failure(LoadFailure(missing: code == ENOENT || code == ENOTDIR, reason: String(cString: strerror(code))))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(LoadFailure(missing: false, reason: String(cString: strerror(errno)))) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return .failure(LoadFailure(missing: false, reason: "it is \(InputFile.describe(info.st_mode)), not a regular file"))
        }
        guard info.st_size <= maximumBytes else {
            return .failure(LoadFailure(missing: false, reason: "it is \(info.st_size) bytes, above the limit of \(maximumBytes >> 20) MiB"))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(LoadFailure(missing: false, reason: String(cString: strerror(errno))))
            }
            bytes += chunk[..<count]
            if bytes.count > maximumBytes {
                return .failure(LoadFailure(missing: false, reason: "it grew above the limit of \(maximumBytes >> 20) MiB while being read"))
            }
        }
        if let offset = bytes.withUnsafeBytes({ InputFile.firstInvalidUTF8(in: $0) }) {
            return .failure(LoadFailure(missing: false, reason: "it is not UTF-8 text (an invalid byte at offset \(offset))"))
        }
        return .success(bytes)
    }
}
