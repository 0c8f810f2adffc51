/// Errors of the graph store, each with a message a user can act on.
public enum GraphStoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// There is no database at the path and the command does not create one.
    case missingDatabase(path: String)
    /// The file is not an SQLite database, or is one that another program owns.
    case notATiergraphDatabase(path: String, reason: String)
    /// The file is damaged (SQLite's `quick_check`, a row that breaks one of Tiergraph's rules, or
    /// SQLite's own corruption error during the write), so the write was refused: nothing was written.
    case damaged(path: String, problems: [String])
    /// SQLite cannot read the file at all (a truncated or overwritten file): nothing was read or written.
    case unreadable(path: String, reason: String)
    /// The file was written by a newer Tiergraph.
    case newerSchema(path: String, found: Int, supported: Int)
    /// No node has this id, name or alias.
    case nodeNotFound(reference: String, suggestions: [String])
    /// Several nodes share this name or alias.
    case ambiguousNode(reference: String, candidates: [String])
    /// No edge has this id.
    case edgeNotFound(id: String)
    /// The node still has edges and removal was not asked to cascade.
    case nodeHasEdges(id: String, count: Int)
    /// An edge kind is already defined with another flow, or is built in.
    case kindConflict(name: String, reason: String)
    /// Writes would change the kind of existing nodes, which ``KindChangePolicy/refuse`` refuses.
    case kindChangesRefused([KindChange])
    /// An invalid value was given (an empty id, an unknown kind, a malformed share…).
    case invalid(field: String?, message: String)

    public var description: String {
        switch self {
        case .missingDatabase(let path):
            return "no Tiergraph database at '\(path)': create one with `tiergraph init --db \(path)` or `tiergraph import FILE --db \(path)`"
        case .notATiergraphDatabase(let path, let reason):
            return "'\(path)' is not a Tiergraph database (\(reason)); refusing to touch it"
        case .damaged(let path, let problems):
            let listed = problems.prefix(5).map { "\n  " + $0 }.joined() + (problems.count > 5 ? "\n  … and \(problems.count - 5) more" : "")
            return "'\(path)' is damaged, so nothing was written:\(listed)\n"
                + "run `tiergraph check --db \(path)` to see every problem; restore the file from a backup, or repair the rows it names"
        case .unreadable(let path, let reason):
            return "'\(path)' is damaged: SQLite cannot read it (\(reason); truncated or overwritten?), so nothing was read or written; "
                + "restore the file from a backup"
        case .newerSchema(let path, let found, let supported):
            return "'\(path)' has schema version \(found), newer than this Tiergraph understands (\(supported)); upgrade Tiergraph to open it"
        case .nodeNotFound(let reference, let suggestions):
            var text = "no node with id, name or alias '\(reference)'"
            if !suggestions.isEmpty { text += "; did you mean: " + suggestions.joined(separator: ", ") }
            return text
        case .ambiguousNode(let reference, let candidates):
            return "'\(reference)' names \(candidates.count) nodes; use one of their ids: " + candidates.joined(separator: ", ")
        case .edgeNotFound(let id):
            return "no edge with id '\(id)'"
        case .nodeHasEdges(let id, let count):
            return "node '\(id)' has \(count) edge(s); remove them first or pass --cascade to remove them with it"
        case .kindConflict(let name, let reason):
            return "edge kind '\(name)': \(reason)"
        case .kindChangesRefused(let changes):
            let listed = changes.prefix(20).map { "\n  " + $0.description }.joined()
                + (changes.count > 20 ? "\n  … and \(changes.count - 20) more" : "")
            return "refused: \(changes.count) existing node(s) would change kind (nothing was written):\(listed)\n"
                + "if the new kinds are right, write again with --kind-change allow (or report, to list them as they change)"
        case .invalid(let field, let message):
            return field.map { "\($0): \(message)" } ?? message
        }
    }
}
