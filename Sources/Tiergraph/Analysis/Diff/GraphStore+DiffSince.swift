import Foundation

extension GraphStore {
    /// What changed since write `id` of the history (see ``withGraph(after:_:)``), the old side
    /// named `#ID (command)`.
    public func diff(since id: Int64) throws -> GraphDiff {
        var diff = try withGraph(after: id) { then in try self.diff(from: then) }
        diff.old = try GraphStore.name(ofPoint: id, in: history())
        return diff
    }

    /// Runs `body` with the graph as write `id` of the history left it: rebuilt in a scratch
    /// copy of the file (removed after) by taking back every later write's changeset, newest
    /// first. Costs a copy of the file.
    /// - Throws: ``HistoryError/unknownWrite(id:newest:)``, or
    ///   ``HistoryError/noChangeset(_:since:)`` if a later write was recorded without one.
    public func withGraph<T>(after id: Int64, _ body: (GraphStore) throws -> T) throws -> T {
        let entries = try history()
        _ = try GraphStore.name(ofPoint: id, in: entries)
        let later = entries.filter { $0.id > id }
        if let blocked = later.first(where: { $0.undo != .changeset }) { throw HistoryError.noChangeset(.init(blocked), since: id) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tiergraph-diff-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("then.db").path
        try connection.run("VACUUM INTO ?1", [.text(copy)])
        let then = try GraphStore(path: copy)
        try then.connection.with(.replay) {
            try then.connection.transaction {
                for entry in later.reversed() {
                    try then.changeset(ofEntry: entry.id)?.inverted().apply(on: then.connection)
                }
            }
        }
        return try body(then)
    }

    /// `#ID (command)`: how a diff names the graph as write `id` left it.
    public static func name(ofPoint id: Int64, in entries: [HistoryEntry]) throws -> String {
        guard let point = entries.first(where: { $0.id == id }) else { throw HistoryError.unknownWrite(id: id, newest: entries.last?.id) }
        return "#\(point.id) (\(point.command))"
    }
}
