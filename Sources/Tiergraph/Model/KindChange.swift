/// What a write does with a node that exists with another kind than the one it is given (a
/// second dataset calling `nvidia` a `fabless` where the graph has a `company`).
public enum KindChangePolicy: String, CaseIterable, Sendable {
    /// Refuse the whole write, listing every such node (the default: a kind is rarely meant to change).
    case refuse
    /// Change the kinds and list them.
    case report
    /// Change the kinds.
    case allow
}

/// A node whose kind a write changed, or would have changed.
public struct KindChange: Equatable, Sendable, CustomStringConvertible {
    public var id: String
    public var oldKind: String
    public var newKind: String
    /// The input file and line that gave the new kind, when the write came from a file.
    public var file: String?
    public var line: Int?

    public init(id: String, oldKind: String, newKind: String, file: String? = nil, line: Int? = nil) {
        self.id = id
        self.oldKind = oldKind
        self.newKind = newKind
        self.file = file
        self.line = line
    }

    /// `nvidia: company → fabless (data/nodes.csv:4)`.
    public var description: String {
        let place = [file, line.map(String.init)].compactMap { $0 }.joined(separator: ":")
        return "\(id): \(oldKind) → \(newKind)" + (place.isEmpty ? "" : " (\(place))")
    }

    /// `{"id","old_kind","new_kind","file","line"}`.
    public var json: JSONValue {
        ["id": .string(id), "old_kind": .string(oldKind), "new_kind": .string(newKind), "file": JSONValue(file),
         "line": line.map { .int(Int64($0)) } ?? .null]
    }
}
