/// What differs between two Tiergraph databases (``GraphStore/diff(from:)``): per part of the
/// graph (``Part``), the items added, removed and changed, matched by the user's ids (never by
/// row keys, which differ between files), each with a label that names it.
public struct GraphDiff: Equatable, Sendable {
    /// A part of the graph, compared item by item.
    public enum Part: String, CaseIterable, Sendable {
        /// Nodes by id: kind, name, country, properties, aliases.
        case nodes
        /// Edges by id: ends, kind, input, share, volume, period and every qualifier (as of,
        /// status, modality, claimant, share of), properties.
        case edges
        /// Sources by id: title, publisher, date, url.
        case sources
        /// Edge kinds by name: flow, description.
        case kinds
        /// Node property claims by node, key, value, source and date: bounds, unit, claimant, modality, quote.
        case claims
        /// Which sources each node cites, with the quote.
        case nodeCitations = "node_citations"
        /// Which sources each edge cites, with the quote.
        case edgeCitations = "edge_citations"
    }

    /// An item that one side has and the other has not.
    public struct Item: Equatable, Sendable {
        /// What identifies it in both files: a node's or edge's id, `node cites source` …
        public var key: String
        /// Its name in words: `Nvidia (company)`, `TSMC → Nvidia manufactures` …
        public var label: String
        /// Its fields, in a fixed order; null fields left out.
        public var fields: [(name: String, value: JSONValue)]

        public static func == (lhs: Item, rhs: Item) -> Bool {
            lhs.key == rhs.key && lhs.label == rhs.label && lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
        }
    }

    /// An item both sides have, with different fields.
    public struct Change: Equatable, Sendable {
        public var key: String
        /// Its label in the new file.
        public var label: String
        /// Each field that differs: its old and new value (null where one side has none).
        public var fields: [FieldChange]
    }

    public struct FieldChange: Equatable, Sendable {
        public var name: String
        public var old: JSONValue
        public var new: JSONValue
    }

    /// The differences in one part, each list sorted by key.
    public struct Section: Equatable, Sendable {
        public var part: Part
        public var added: [Item] = []
        public var removed: [Item] = []
        public var changed: [Change] = []

        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
    }

    /// The file compared from and the file compared to, as given.
    public var old: String, new: String
    /// One section per part, in ``Part`` order.
    public var sections: [Section]

    /// Whether the two files hold the same graph.
    public var isEmpty: Bool { sections.allSatisfy(\.isEmpty) }

    /// The section of `part`.
    public subscript(part: Part) -> Section { sections.first { $0.part == part } ?? Section(part: part) }

    /// `{"old","new","identical", PART: {"added":[ITEM],"removed":[ITEM],"changed":[{"key","label","fields":{NAME:{"old","new"}}}]}}`
    /// for each part, where ITEM is `{"key","label","fields":{NAME: VALUE}}`.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["old": .string(old), "new": .string(new), "identical": .bool(isEmpty)]
        func item(_ item: Item) -> JSONValue {
            ["key": .string(item.key), "label": .string(item.label), "fields": .object(Dictionary(uniqueKeysWithValues: item.fields.map { ($0.name, $0.value) }))]
        }
        for section in sections {
            object[section.part.rawValue] = [
                "added": .array(section.added.map(item)), "removed": .array(section.removed.map(item)),
                "changed": .array(section.changed.map { change in
                    ["key": .string(change.key), "label": .string(change.label),
                     "fields": .object(Dictionary(uniqueKeysWithValues: change.fields.map { ($0.name, ["old": $0.old, "new": $0.new] as JSONValue) }))]
                }),
            ]
        }
        return .object(object)
    }

    /// The differences for people: a line per part with its counts, then `+` added, `-`
    /// removed and `~` changed items with their labels and, for changes, each field's old and new value.
    public var text: String {
        guard !isEmpty else { return "no differences: \(old) and \(new) hold the same graph\n" }
        var text = "\(old) → \(new)\n"
        for section in sections where !section.isEmpty {
            let part = section.part.rawValue.replacingOccurrences(of: "_", with: " ")
            text += "\(part): \(section.added.count) added, \(section.removed.count) removed, \(section.changed.count) changed\n"
            for item in section.added { text += "  + \(item.key)  \(item.label)\n" }
            for item in section.removed { text += "  - \(item.key)  \(item.label)\n" }
            for change in section.changed {
                let fields = change.fields.map { "\($0.name) \(GraphDiff.shown($0.old)) → \(GraphDiff.shown($0.new))" }
                text += "  ~ \(change.key)  \(change.label): " + fields.joined(separator: "; ") + "\n"
            }
        }
        return text
    }

    private static func shown(_ value: JSONValue) -> String {
        if case .null = value { return "(none)" }
        return value.serialized()
    }
}
