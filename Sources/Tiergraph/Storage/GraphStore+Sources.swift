/// A source with what cites it.
public struct SourceUsage: Equatable, Sendable {
    public var source: Source
    /// The ids of the nodes and edges that cite it, sorted.
    public var nodes: [String]
    public var edges: [String]
}

extension GraphStore {
    /// Every source with what cites it, by id.
    public func sourceUsage() throws -> [SourceUsage] {
        try connection.reading {
            try connection.query("SELECT id FROM sources ORDER BY id") { $0.string(0) ?? "" }.compactMap { try usage(ofSource: $0) }
        }
    }

    /// The source with this id and what cites it, or nil if there is none.
    public func usage(ofSource id: String) throws -> SourceUsage? {
        guard let source = try source(id: id) else { return nil }
        let nodes = try connection.query("""
            SELECT n.id FROM node_citations c JOIN nodes n ON n.nid = c.node JOIN sources s ON s.sid = c.source
            WHERE s.id = ?1 ORDER BY n.id
            """, [.text(id)]) { $0.string(0) ?? "" }
        let edges = try connection.query("""
            SELECT e.id FROM edge_citations c JOIN edges e ON e.eid = c.edge JOIN sources s ON s.sid = c.source
            WHERE s.id = ?1 ORDER BY e.id
            """, [.text(id)]) { $0.string(0) ?? "" }
        return SourceUsage(source: source, nodes: nodes, edges: edges)
    }
}

extension GraphStore {
    /// The dates of the sources that have one, by source id (claims without a date of their own
    /// take their source's).
    func sourceDates() throws -> [String: PartialDate] {
        var dates: [String: PartialDate] = [:]
        for (id, text) in try connection.query("SELECT id, date FROM sources WHERE date IS NOT NULL", [], { ($0.string(0) ?? "", $0.string(1) ?? "") }) {
            dates[id] = try? PartialDate(parsing: text)
        }
        return dates
    }
}
