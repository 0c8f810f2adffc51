import Foundation
import Tiergraph

/// Writing results to stdout and progress to stderr.
enum Output {
    /// Writes `text` to stdout as it is.
    static func write(_ text: String) {
        guard !text.isEmpty else { return }
        print(text, terminator: "")
    }

    /// Writes `text` and a line break to stdout.
    static func line(_ text: String) {
        print(text)
    }

    /// Whether stderr is a terminal (progress is shown only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Overwrites the current stderr line with `text`.
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    /// Ends a progress line.
    static func endProgress() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Text renderings of model values for the `text` format.
enum TextFormat {
    /// `nvidia  company  Nvidia  (US)  aliases: 英伟达, NVDA`.
    static func nodeLine(_ node: Node) -> String {
        var line = "\(node.id)\t\(node.kind)\t\(node.name)"
        if let country = node.country { line += "\t(\(country))" }
        if !node.aliases.isEmpty { line += "\taliases: " + node.aliases.joined(separator: ", ") }
        return line
    }

    /// `owns 59.45% [2025..2026] (e1f…)`: an edge's facts without its endpoints.
    static func edgeFacts(_ edge: Edge) -> String {
        var parts = [edge.kind]
        if let share = edge.share { parts.append(share.description) }
        if let volume = edge.volume { parts.append(volume.description) }
        if edge.period.from != nil || edge.period.to != nil {
            parts.append("[\(edge.period.from?.description ?? "")..\(edge.period.to?.description ?? "")]")
        }
        if !edge.properties.isEmpty { parts.append(JSONValue.object(edge.properties).serialized()) }
        parts.append("id \(edge.effectiveID)")
        return parts.joined(separator: " ")
    }

    /// Citation lines, indented: `source: "quote"`.
    static func citations(_ citations: [Citation], indent: String) -> String {
        citations.map { citation in
            indent + "source " + citation.source + (citation.quote.map { ": “\($0)”" } ?? "") + "\n"
        }.joined()
    }
}

/// Output files that appear only when complete: written to a temporary file in the same folder,
/// then renamed over the target (a rename within one folder is atomic), so a failure or a crash
/// half-way leaves the old file, or none, never a half-written one.
enum OutputFile {
    /// Fails with a plain message when `path`'s folder does not exist.
    static func checkFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard folder.isEmpty || (FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue) else {
            throw ValueError("folder \(folder) does not exist")
        }
    }

    /// Lets `body` write a temporary file (its path is the argument) and renames it to `path`;
    /// removes it if `body` or the rename fails.
    static func write(_ path: String, _ body: (String) throws -> Void) throws {
        try checkFolder(of: path)
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).partial").path
        do {
            try body(temporary)
            guard rename(temporary, path) == 0 else {
                throw ValueError("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Writes `bytes` to `path`, complete or not at all.
    static func write(_ path: String, bytes: some DataProtocol) throws {
        try write(path) { temporary in
            guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
                throw ValueError("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
        }
    }
}
