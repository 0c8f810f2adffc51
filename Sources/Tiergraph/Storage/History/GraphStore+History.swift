extension GraphStore {
    /// Runs `body` inside one write transaction that the history records (``history()``): every
    /// write to the graph goes through here (``write(dryRun:_:)``, the removals, ``undo(_:)``),
    /// so a new kind of write is recorded by writing through it. `body` writes with
    /// ``connection``; if it throws, nothing it wrote is kept and nothing is recorded.
    ///
    /// Before it commits, the rows of the supply index that the write deleted are rebuilt
    /// (``SupplyIndex/patch(on:)``). The entry names ``command``, and is not made for a write
    /// that changed nothing. A damaged file is refused before `body` runs
    /// (``verifyBeforeWriting()``), and the damage SQLite meets while `body` writes rolls it
    /// back: both throw ``GraphStoreError/damaged(path:problems:)``.
    /// - Parameters:
    ///   - dryRun: validate and write, then roll back (nothing recorded).
    ///   - bulk: a bulk load (an import): into a graph with no rows it is recorded without a
    ///     changeset, and undone by emptying the graph.
    ///   - inputBytes: how much a bulk write reads: a bulk write into a graph that has rows is
    ///     recorded without undo data from the start when it reads more than half of
    ///     ``historyLimit`` (its changeset would outgrow the limit, and recording it until then
    ///     would slow it by a quarter, measured).
    ///   - undoing: the entry this write undoes.
    ///   - withoutUndo: record no undo data, for this reason (said in the log).
    package func recordedWrite<T>(
        dryRun: Bool = false, bulk: Bool = false, inputBytes: Int? = nil, undoing: Int64? = nil, withoutUndo: String? = nil,
        _ body: () throws -> T
    ) throws -> T {
        do {
            return try connection.transaction(keep: !dryRun) {
                try verifyBeforeWriting()
                let recorder = dryRun ? nil : try HistoryRecorder(
                    connection: connection, bulk: bulk, inputBytes: inputBytes, limit: historyLimit, withoutUndo: withoutUndo)
                let result = try body()
                if !dryRun { try SupplyIndex.patch(on: connection) }
                try recorder?.finish(command: command, undoing: undoing)
                return result
            }
        } catch let error as SQLiteError where error.isCorruption {
            throw GraphStoreError.damaged(path: path, problems: ["SQLite found it damaged while writing: \(error.message)"])
        }
    }

    /// The history: every recorded write, oldest first, each marked with the undo that took it
    /// back (``HistoryEntry/undoneBy``; an undo that is itself undone puts its write back).
    public func history() throws -> [HistoryEntry] {
        var entries = try connection.query("""
            SELECT hid, command, at, counts, files, undo, note, undoes, length(changeset) FROM history ORDER BY hid
            """) { row in
            let files: [HistoryEntry.File]
            if case .array(let items) = (try? JSONReader.parse(row.string(4) ?? "[]")) ?? .array([]) {
                files = items.compactMap { item in
                    guard case .object(let object) = item, case .string(let file) = object["file"], case .string(let hash) = object["sha256"],
                          case .int(let bytes) = object["bytes"] else { return nil }
                    return HistoryEntry.File(file: file, sha256: hash, bytes: Int(bytes))
                }
            } else {
                files = []
            }
            return HistoryEntry(
                id: row.int64(0), command: row.string(1) ?? "", at: row.string(2) ?? "",
                counts: (try? JSONReader.parse(row.string(3) ?? "{}")) ?? [:], files: files,
                undo: HistoryEntry.Undo(rawValue: row.string(5) ?? "") ?? .none, note: row.string(6),
                undoes: row.isNull(7) ? nil : row.int64(7), undoneBy: nil, changesetBytes: Int(row.isNull(8) ? 0 : row.int64(8)))
        }
        let index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($0.element.id, $0.offset) })
        for entry in entries {
            guard let target = entry.undoes, let position = index[target] else { continue }
            entries[position].undoneBy = entry.id
            // Undoing an undo puts back what that undo took away.
            if let again = entries[position].undoes, let earlier = index[again] { entries[earlier].undoneBy = nil }
        }
        return entries
    }

    /// The changeset recorded with entry `id`, if it has one.
    func changeset(ofEntry id: Int64) throws -> Changeset? {
        guard case .blob(let bytes) = try connection.scalar("SELECT changeset FROM history WHERE hid = ?", [.integer(id)]) else { return nil }
        return Changeset(bytes: bytes)
    }
}
