/// One write recorded in a database's history (`tiergraph log`).
public struct HistoryEntry: Equatable, Sendable {
    /// How a write can be undone.
    public enum Undo: String, Sendable {
        /// By applying the inverse of the changeset recorded with it.
        case changeset
        /// By emptying the graph: the write was an import into an empty graph, and recording
        /// each of its rows would have cost more than the import.
        case empty
        /// Not at all: the write was too large to record (``note`` says why and what to do).
        case none
    }

    /// A file a write read (an import's file), as the import log keeps it.
    public struct File: Equatable, Sendable {
        public var file: String
        /// SHA-256 of the content, in hex.
        public var sha256: String
        public var bytes: Int
    }

    /// The history's key for this write, increasing.
    public var id: Int64
    /// The command that wrote (`import Graph/`, `add node nvidia --kind company`, `undo 3`,
    /// `serve: DELETE /api/node`).
    public var command: String
    /// When, in UTC (`2026-12-01T15:04:05Z`).
    public var at: String
    /// Rows per table: `{"nodes": {"added": 3, "changed": 1, "removed": 0}}` (only the
    /// operations that happened; `written` where added and changed are not told apart).
    public var counts: JSONValue
    /// The files read, in the order read.
    public var files: [File]
    public var undo: Undo
    /// Why there is no undo data, or how an undo without it can be taken back.
    public var note: String?
    /// The write this one undid, if it is an undo.
    public var undoes: Int64?
    /// The undo that took this write back, if one did (and was not itself undone).
    public var undoneBy: Int64?
    /// The size of the recorded changeset, in bytes.
    public var changesetBytes: Int

    /// Whether the write's changes are still in effect (not undone).
    public var inEffect: Bool { undoneBy == nil }

    /// `{"id","command","at","counts","files":[{"file","sha256","bytes"}],"undo","note","undoes","undone_by","in_effect","changeset_bytes"}`.
    public var json: JSONValue {
        [
            "id": .int(id), "command": .string(command), "at": .string(at), "counts": counts,
            "files": .array(files.map { ["file": .string($0.file), "sha256": .string($0.sha256), "bytes": .int(Int64($0.bytes))] }),
            "undo": .string(undo.rawValue), "note": note.map(JSONValue.string) ?? .null,
            "undoes": undoes.map(JSONValue.int) ?? .null, "undone_by": undoneBy.map(JSONValue.int) ?? .null,
            "in_effect": .bool(inEffect), "changeset_bytes": .int(Int64(changesetBytes)),
        ]
    }

    /// The newest `limit` entries of `history` (oldest first, as ``GraphStore/history()`` gives
    /// it; 0: all), newest first, as `tiergraph log` prints them: `{"writes": [entry], "total": n}`.
    public static func logJSON(_ history: [HistoryEntry], limit: Int) -> JSONValue {
        let shown = history.reversed().prefix(limit == 0 ? history.count : limit)
        return ["writes": .array(shown.map(\.json)), "total": .int(Int64(history.count))]
    }

    /// The counts in words: `nodes +3 ~1 -2, edges +10`.
    public var countsText: String {
        guard case .object(let tables) = counts else { return "" }
        return tables.keys.sorted().compactMap { table in
            guard case .object(let operations) = tables[table]! else { return nil }
            let signs = [("added", "+"), ("written", "±"), ("changed", "~"), ("removed", "-")]
            let parts = signs.compactMap { name, sign -> String? in
                guard case .int(let count) = operations[name] else { return nil }
                return "\(sign)\(count)"
            }
            return parts.isEmpty ? nil : table + " " + parts.joined(separator: " ")
        }.joined(separator: ", ")
    }
}
