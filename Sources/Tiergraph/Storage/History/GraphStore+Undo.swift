extension GraphStore {
    /// Undoes the write `id` of the history, or without an id the newest write still in effect
    /// that is not itself an undo, in one transaction; the undo is recorded as a write of its
    /// own (so undoing an undo puts its write back).
    ///
    /// A write with a changeset is undone by applying its inverse: every row it added, changed
    /// or removed must still be as it left it, else nothing is changed and the error names the
    /// row and the later write that changed it. An import into an empty graph is undone by
    /// emptying the graph (its kinds and import log entries removed too), if no later write is in effect.
    /// - Returns: the undo's own history entry.
    /// - Throws: ``HistoryError``.
    @discardableResult
    public func undo(_ id: Int64? = nil) throws -> HistoryEntry {
        let entries = try history()
        let target: HistoryEntry
        if let id {
            guard let found = entries.first(where: { $0.id == id }) else { throw HistoryError.unknownWrite(id: id, newest: entries.last?.id) }
            target = found
        } else {
            guard let found = entries.last(where: { $0.inEffect && $0.undoes == nil }) else { throw HistoryError.nothingToUndo }
            target = found
        }
        if let by = target.undoneBy { throw HistoryError.alreadyUndone(.init(target), by: by) }
        let later = entries.filter { $0.id > target.id && $0.inEffect }
        let previousCommand = command
        command = "undo \(target.id)"
        defer { command = previousCommand }
        switch target.undo {
        case .none:
            throw HistoryError.noUndoData(.init(target), note: target.note ?? "recorded without undo data")
        case .empty:
            let changing = later.filter { $0.undoes.map { $0 < target.id } ?? true }
            guard changing.isEmpty else { throw HistoryError.laterWrites(.init(target), later: changing.reversed().map(HistoryError.Write.init)) }
            try recordedWrite(undoing: target.id, withoutUndo: "an undo that emptied the graph: import the same files again to redo it") {
                try connection.execute("DELETE FROM supply_index; DELETE FROM supply_index_pending;" + HistoryRecorder.emptiedTables.map { "DELETE FROM \($0);" }.joined())
                try changeset(ofEntry: target.id)?.inverted().apply(on: connection)
            }
        case .changeset:
            let inverse = try changeset(ofEntry: target.id)?.inverted() ?? Changeset(bytes: [])
            // Foreign keys off, so that removing a row does not cascade to rows the changeset
            // removes itself; the references are checked after.
            try connection.with(.replay) {
                try recordedWrite(undoing: target.id) {
                    do {
                        try inverse.apply(on: connection)
                    } catch let conflict as Changeset.Conflict {
                        throw try describe(conflict, undoing: target, later: later)
                    }
                    try checkReferences(after: inverse, undoing: target, later: later)
                }
            }
        }
        guard let entry = try history().last else { throw HistoryError.nothingToUndo }
        return entry
    }

    /// The error for a change of an undo that met a row a later write changed.
    private func describe(_ conflict: Changeset.Conflict, undoing target: HistoryEntry, later: [HistoryEntry]) throws -> HistoryError {
        let change = conflict.change
        let reason: String
        switch conflict.reason {
        case .changed: reason = "changed"
        case .missing: reason = "removed"
        case .exists, .constraint: reason = "added"
        }
        let culprit = try later.first { entry in
            try changeset(ofEntry: entry.id)?.changes().contains { $0.table == change.table && $0.key == change.key } ?? false
        }
        return .conflict(.init(target), row: GraphStore.describe(change), reason: reason + " the same row,", later: culprit.map(HistoryError.Write.init))
    }

    /// Refuses an undo that leaves a row referring to one it removed (a later write added the
    /// row that refers to it): foreign keys were off while the changeset was applied.
    private func checkReferences(after inverse: Changeset, undoing target: HistoryEntry, later: [HistoryEntry]) throws {
        let changes = try inverse.changes()
        let removedFrom = Set(changes.filter { $0.operation == .delete }.map(\.table))
        let tables = Set(changes.map(\.table)).union(removedFrom.flatMap { HistoryRecorder.children[$0] ?? [] }).sorted()
        for table in tables {
            let violations = try connection.query("PRAGMA foreign_key_check(\(table))") { ($0.value(1), $0.string(2) ?? "") }
            guard let (rowid, parent) = violations.first else { continue }
            let culprit = try later.first { entry in
                try changeset(ofEntry: entry.id)?.changes().contains { $0.table == table && $0.operation == .insert && $0.key == [rowid] } ?? false
            }
            let row = rowid == .null ? "a row of \(table)" : "\(table) row \(GraphStore.text(rowid))"
            throw HistoryError.conflict(
                .init(target), row: "\(row), which refers to a \(parent) row that the undo would remove", reason: "added",
                later: culprit.map(HistoryError.Write.init))
        }
    }

    /// A row of a change, for a message: `nodes nvidia (key 12)`.
    static func describe(_ change: Changeset.Change) -> String {
        let key = change.key.map(text).joined(separator: ", ")
        // Column 1 of nodes, edges and sources is the user's id; of aliases, the alias.
        if ["nodes", "edges", "sources", "aliases"].contains(change.table), change.values.count > 1, let id = change.values[1], id != .null {
            return "\(change.table) \(text(id)) (key \(key))"
        }
        return "\(change.table) (key \(key))"
    }

    private static func text(_ value: SQLValue) -> String {
        switch value {
        case .null: return "null"
        case .integer(let number): return String(number)
        case .real(let number): return String(number)
        case .text(let text): return "'\(text)'"
        case .blob(let bytes): return "\(bytes.count) bytes"
        }
    }
}
