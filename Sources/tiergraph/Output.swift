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

    /// `supplies input "HBM" 40% [2025..2026] id e1f…`: an edge's facts without its endpoints.
    /// `key: value unit (as of …, modality, claimed by …) — source: “quote”`.
    static func claim(_ claim: PropertyClaim) -> String {
        var text = "\(claim.key): \(claim.value)" + (claim.unit.map { claim.value.hasSuffix($0) ? "" : " " + $0 } ?? "")
        let qualifiers = [claim.asOf.map { "as of \($0)" }, claim.modality?.rawValue, claim.claimant.map { "claimed by " + $0 }].compactMap { $0 }
        if !qualifiers.isEmpty { text += " (" + qualifiers.joined(separator: ", ") + ")" }
        if let citation = claim.citation { text += " — " + citation.source + (citation.quote.map { ": “\($0)”" } ?? "") }
        return text
    }

    static func edgeFacts(_ edge: Edge) -> String {
        var parts = edge.factPhrases
        if !edge.properties.isEmpty { parts.append(JSONValue.object(edge.properties).serialized()) }
        parts.append("id \(edge.effectiveID)")
        return parts.joined(separator: " ")
    }

    /// `tsmc (TSMC) → nvidia (Nvidia)  supplies … id e…`, then its citations: one edge of a listing.
    static func edgeLine(_ named: NamedEdge) -> String {
        let edge = named.edge
        return "\(edge.source) (\(named.sourceName)) → \(edge.target) (\(named.targetName))  \(edgeFacts(edge))\n"
            + citations(edge.citations, indent: "    ")
    }

    /// `id  title — publisher, date  (3 nodes, 12 edges)`, and with `listing` the ids that cite it.
    static func sourceLine(_ usage: SourceUsage, listing: Bool = true) -> String {
        let source = usage.source
        var line = source.id
        if let title = source.title { line += "\t" + title }
        let about = [source.publisher, source.date?.description].compactMap { $0 }
        if !about.isEmpty { line += " — " + about.joined(separator: ", ") }
        line += "\t(\(usage.nodes.count) node(s), \(usage.edges.count) edge(s))\n"
        if let url = source.url { line += "  \(url)\n" }
        if listing {
            if !usage.nodes.isEmpty { line += "  nodes: " + usage.nodes.joined(separator: ", ") + "\n" }
            if !usage.edges.isEmpty { line += "  edges: " + usage.edges.joined(separator: ", ") + "\n" }
        }
        return line
    }

    /// Citation lines, indented: `source: "quote"`.
    static func citations(_ citations: [Citation], indent: String) -> String {
        citations.map { citation in
            indent + "source " + citation.source + (citation.quote.map { ": “\($0)”" } ?? "") + "\n"
        }.joined()
    }
}
