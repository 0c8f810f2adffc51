import Foundation

/// Two nodes that may be one entity: they share a name or alias once folded (``SearchKey``).
public struct DuplicateCandidate: Sendable, Equatable {
    /// A spelling of one node equal, once folded, to a spelling of the other.
    public struct SharedName: Sendable, Equatable {
        /// The folded text both fold to.
        public var key: String
        /// The first node's spelling and whether it is its `name`, `alias` or `id`.
        public var first: String
        public var firstField: String
        public var second: String
        public var secondField: String
        /// What folding made them equal: `same spelling`, or some of `case`, `width`,
        /// `accents`, `Traditional/Simplified`.
        public var folding: [String]
    }

    /// The two nodes, the smaller id first, with their names and kinds.
    public var first: Node
    public var second: Node
    public var shared: [SharedName]
    /// 2 per shared name, 1 for the same kind, 1 for the same country.
    public var score: Int
    /// The score in words.
    public var explanation: String

    /// `{"first":{"id","name","kind","country"},"second":…,"score","explanation","shared":[{"key","first","first_field","second","second_field","folding"}]}`.
    public var json: JSONValue {
        let node = { (node: Node) -> JSONValue in
            ["id": .string(node.id), "name": .string(node.name), "kind": .string(node.kind), "country": JSONValue(node.country)]
        }
        return [
            "first": node(first), "second": node(second), "score": .int(Int64(score)), "explanation": .string(explanation),
            "shared": .array(shared.map {
                ["key": .string($0.key), "first": .string($0.first), "first_field": .string($0.firstField), "second": .string($0.second),
                 "second_field": .string($0.secondField), "folding": .array($0.folding.map(JSONValue.string))]
            }),
        ]
    }
}

extension GraphStore {
    /// Pairs of nodes whose names, aliases or ids are equal once folded for case, width,
    /// accents and Traditional/Simplified Chinese (`台積電` and `台积电`, `ＴＳＭＣ` and `tsmc`),
    /// best first (by score, then ids). Only equal folded texts count, never one contained in
    /// another: `H20` and `H200` are no pair.
    public func duplicateCandidates(limit: Int? = nil) throws -> [DuplicateCandidate] {
        try connection.reading {
            let rows = try connection.query("""
                WITH spellings(nid, key, text, field) AS (
                    SELECT nid, name_key, name, 'name' FROM nodes
                    UNION ALL SELECT node, alias_key, alias, 'alias' FROM aliases
                    UNION ALL SELECT nid, lower(id), id, 'id' FROM nodes WHERE lower(id) <> name_key)
                SELECT n.id, s.key, s.text, s.field FROM spellings s JOIN nodes n ON n.nid = s.nid
                WHERE s.key <> '' AND s.key IN (SELECT key FROM spellings GROUP BY key HAVING count(DISTINCT nid) > 1)
                ORDER BY s.key, n.id, s.field, s.text
                """) { (id: $0.string(0) ?? "", key: $0.string(1) ?? "", text: $0.string(2) ?? "", field: $0.string(3) ?? "") }
            var pairs: [String: [DuplicateCandidate.SharedName]] = [:]
            for group in Dictionary(grouping: rows, by: \.key).values {
                for x in group {
                    for y in group where x.id < y.id {
                        let pair = x.id + "\u{1F}" + y.id
                        guard !(pairs[pair] ?? []).contains(where: { $0.key == x.key }) else { continue }
                        pairs[pair, default: []].append(.init(
                            key: x.key, first: x.text, firstField: x.field, second: y.text, secondField: y.field,
                            folding: GraphStore.folding(x.text, y.text)))
                    }
                }
            }
            var candidates: [DuplicateCandidate] = []
            for (pair, shared) in pairs {
                let ids = pair.split(separator: "\u{1F}").map(String.init)
                guard let first = try node(id: ids[0]), let second = try node(id: ids[1]) else { continue }
                var reasons = ["\(shared.count) shared name(s): " + shared.sorted { $0.key < $1.key }.map {
                    "\($0.first) = \($0.second) (\($0.folding.joined(separator: ", ")))"
                }.joined(separator: "; ")]
                var score = 2 * shared.count
                if first.kind == second.kind { score += 1; reasons.append("same kind \(first.kind)") } else { reasons.append("kinds differ: \(first.kind), \(second.kind)") }
                if let country = first.country, country == second.country { score += 1; reasons.append("same country \(country)") }
                candidates.append(DuplicateCandidate(
                    first: first, second: second, shared: shared.sorted { $0.key < $1.key }, score: score,
                    explanation: "score \(score): " + reasons.joined(separator: "; ")))
            }
            candidates.sort { ($1.score, $0.first.id, $0.second.id) < ($0.score, $1.first.id, $1.second.id) }
            return Array(candidates.prefix(limit ?? Int.max))
        }
    }

    /// The foldings that make `a` and `b` equal, in the order ``SearchKey`` applies them.
    static func folding(_ a: String, _ b: String) -> [String] {
        guard a.trimmingWhitespace() != b.trimmingWhitespace() else { return ["same spelling"] }
        let steps: [(String, (String) -> String)] = [
            ("case", { $0.lowercased() }),
            ("width", { $0.folding(options: .widthInsensitive, locale: nil) }),
            ("accents", { $0.folding(options: .diacriticInsensitive, locale: nil) }),
            ("Traditional/Simplified", { $0.applyingTransform(StringTransform("Hant-Hans"), reverse: false) ?? $0 }),
        ]
        var (x, y) = (a.trimmingWhitespace(), b.trimmingWhitespace())
        var used: [String] = []
        for (name, step) in steps where x != y {
            let (nx, ny) = (step(x), step(y))
            if nx != x || ny != y { used.append(name) }
            (x, y) = (nx, ny)
        }
        return used
    }
}
