/// Finds nodes by id, name or alias: the one place that decides what a node reference means.
///
/// A reference is first taken as an exact id; failing that, as a name or alias compared
/// case-insensitively (see ``SearchKey``). A name shared by several nodes is ambiguous.
final class NodeLookup {
    private let byID: Statement
    private let byKey: Statement

    init(connection: Connection) throws {
        byID = try connection.prepare("SELECT nid FROM nodes WHERE id = ?")
        byKey = try connection.prepare("""
            SELECT nid, id FROM nodes WHERE name_key = ?1
            UNION SELECT n.nid, n.id FROM aliases a JOIN nodes n ON n.nid = a.node WHERE a.alias_key = ?1
            ORDER BY 2 LIMIT 21
            """)
    }

    /// The integer key of the node with exactly this id.
    func nid(forID id: String) throws -> Int64? {
        try byID.bind([.text(id)])
        defer { byID.reset() }
        return try byID.step()?.int64(0)
    }

    /// Resolves an id, name or alias to (nid, id).
    /// - Throws: ``GraphStoreError/nodeNotFound(reference:suggestions:)`` or ``GraphStoreError/ambiguousNode(reference:candidates:)``.
    func resolve(_ reference: String, suggest: (String) throws -> [String]) throws -> (nid: Int64, id: String) {
        if let nid = try nid(forID: reference) { return (nid, reference) }
        try byKey.bind([.text(SearchKey.fold(reference))])
        defer { byKey.reset() }
        var matches: [(Int64, String)] = []
        while let row = try byKey.step() {
            matches.append((row.int64(0), row.string(1) ?? ""))
        }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw GraphStoreError.nodeNotFound(reference: reference, suggestions: try suggest(reference))
        default: throw GraphStoreError.ambiguousNode(reference: reference, candidates: matches.map(\.1))
        }
    }
}
