/// Why a write cannot be undone (``GraphStore/undo(_:)``), each saying what to do instead.
public enum HistoryError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A recorded write, named in a message: its id and command.
    public struct Write: Equatable, Sendable {
        public var id: Int64
        public var command: String

        public init(id: Int64, command: String) { (self.id, self.command) = (id, command) }
        init(_ entry: HistoryEntry) { (id, command) = (entry.id, entry.command) }
        var text: String { "#\(id) (\(command))" }
    }

    /// The history holds no write still in effect.
    case nothingToUndo
    /// No entry has this id.
    case unknownWrite(id: Int64, newest: Int64?)
    /// The write was undone already.
    case alreadyUndone(Write, by: Int64)
    /// The write was recorded without undo data.
    case noUndoData(Write, note: String)
    /// An import into an empty graph is undone by emptying it, which later writes forbid.
    case laterWrites(Write, later: [Write])
    /// The graph as it was after write `since` cannot be rebuilt: a later write has no changeset.
    case noChangeset(Write, since: Int64)
    /// A later write changed a row that undoing this one would change back.
    case conflict(Write, row: String, reason: String, later: Write?)

    public var description: String {
        switch self {
        case .nothingToUndo:
            return "nothing to undo: the history holds no write that is still in effect (see `tiergraph log`)"
        case .unknownWrite(let id, let newest):
            return "no write #\(id) in the history" + (newest.map { " (the newest is #\($0); see `tiergraph log`)" } ?? " (it is empty)")
        case .alreadyUndone(let write, let by):
            return "write \(write.text) was undone already, by #\(by); `tiergraph undo \(by)` puts it back"
        case .noUndoData(let write, let note):
            return "write \(write.text) cannot be undone: it was \(note)"
        case .laterWrites(let write, let later):
            return "write \(write.text) filled an empty graph and is undone by emptying it, which would also take away "
                + later.map(\.text).joined(separator: ", ") + ": undo those first (newest first)"
        case .noChangeset(let write, let since):
            return "cannot rebuild the graph as it was after #\(since): write \(write.text) was recorded without a changeset; "
                + "compare two files instead (`tiergraph diff OLD.db NEW.db`)"
        case .conflict(let write, let row, let reason, let later):
            let by = later.map { "write \($0.text)" } ?? "a later write"
            return "cannot undo \(write.text): \(by) \(reason) \(row); undo " + (later.map { "#\($0.id)" } ?? "the later writes") + " first"
        }
    }
}
