import Foundation
import Tiergraph

/// A request's query parameters (`?from=tsmc&k=3`), decoded as HTML forms send them (`+` is a
/// space), with typed getters whose errors say which parameter is wrong and what it takes.
struct Parameters: Sendable {
    /// The longest value accepted: a node id or a list of them, not a document.
    static let maxValueLength = 4_096
    private var values: [(name: String, value: String)] = []

    /// Parses `query`, the part of a URL after `?`.
    /// - Throws: ``RequestError`` for a name or value longer than ``maxValueLength``.
    init(query: String?) throws {
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Parameters.decode(parts[0]), value = parts.count > 1 ? Parameters.decode(parts[1]) : ""
            guard name.utf8.count <= Parameters.maxValueLength else {
                throw RequestError(.contentTooLarge, "a parameter name is longer than \(Parameters.maxValueLength) bytes")
            }
            guard value.utf8.count <= Parameters.maxValueLength else {
                throw RequestError(.contentTooLarge, "parameter '\(name)' is longer than \(Parameters.maxValueLength) bytes")
            }
            values.append((name, value))
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The parameters encoded again, in their order: for links that repeat a request.
    var query: String { query(excluding: []) }

    /// ``query`` without the parameters `names`: a link that asks the same with some changed.
    func query(excluding names: Set<String>) -> String {
        values.filter { !names.contains($0.name) }.map { HTML.encode($0.name) + "=" + HTML.encode($0.value) }.joined(separator: "&")
    }

    /// The first non-empty value of `name`, trimmed.
    func string(_ name: String) -> String? {
        values.first { $0.name == name && !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }?.value
            .trimmingCharacters(in: .whitespaces)
    }

    /// The value of `name`, which must be there.
    func required(_ name: String) throws -> String {
        guard let value = string(name) else { throw RequestError(.badRequest, "missing parameter '\(name)'") }
        return value
    }

    /// Every value of `name`, each split at commas and trimmed, empty items dropped.
    func list(_ name: String) -> [String] {
        values.filter { $0.name == name }.flatMap { $0.value.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Every value of `name`, as given (not split), empty ones dropped.
    func all(_ name: String) -> [String] {
        values.filter { $0.name == name }.map { $0.value.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The integer `name` in `range`, or `default` when absent.
    func int(_ name: String, in range: ClosedRange<Int>, default value: Int? = nil) throws -> Int? {
        guard let text = string(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw RequestError(.badRequest, "parameter '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return number
    }

    /// Whether `name` is set to a true value (`1`, `true`, `on`, `yes`); absent is false.
    func flag(_ name: String) throws -> Bool {
        guard let text = string(name)?.lowercased() else { return false }
        switch text {
        case "1", "true", "on", "yes": return true
        case "0", "false", "off", "no": return false
        default: throw RequestError(.badRequest, "parameter '\(name)' takes true or false, not '\(text)'")
        }
    }

    /// One of `choices` for `name`, or `default` when absent.
    func choice(_ name: String, _ choices: [String], default value: String) throws -> String {
        guard let text = string(name) else { return value }
        guard choices.contains(text) else {
            throw RequestError(.badRequest, "parameter '\(name)' takes one of \(choices.joined(separator: ", ")), not '\(text)'")
        }
        return text
    }

    /// The parameters that may be given more than once (each is read with ``list(_:)`` or
    /// ``all(_:)``); any other one given twice is an error, not a silent choice of the first.
    static let repeatableNames: Set<String> = ["edge_kinds", "node_kinds", "avoid", "include", "remove", "remove_where", "expand", "where"]

    /// The names given that are not in `known`: a typo is an error listing the valid names, and
    /// so is a single-valued parameter given more than once (`k=1&k=5`).
    func rejectUnknown(_ known: Set<String>) throws {
        if let unknown = values.map(\.name).first(where: { !known.contains($0) }) {
            let takes = known.isEmpty ? "no parameters" : known.sorted().joined(separator: ", ")
            throw RequestError(.badRequest, "unknown parameter '\(unknown)'; this route takes: \(takes)")
        }
        let counts = Dictionary(values.map { ($0.name, 1) }, uniquingKeysWith: +)
        if let (name, count) = counts.filter({ $0.value > 1 && !Parameters.repeatableNames.contains($0.key) }).min(by: { $0.key < $1.key }) {
            throw RequestError(.badRequest, "parameter '\(name)' is given \(count) times; give it once")
        }
    }

    /// The filters every query takes: `edge_kinds`, `node_kinds`, `avoid`, `as_of`, `source`, `include`.
    static let filterNames: Set<String> = ["edge_kinds", "node_kinds", "avoid", "as_of", "source", "include"]

    /// ``filterNames`` as the library's filter arguments.
    var filterArguments: FilterArguments {
        FilterArguments(
            edgeKinds: list("edge_kinds"), nodeKinds: list("node_kinds"), avoid: list("avoid"), asOf: string("as_of"),
            source: string("source"), include: list("include"))
    }
}
