/// Counts of what a graph holds.
public struct GraphStatistics: Equatable, Sendable {
    /// The number of nodes.
    public var nodes: Int
    /// The number of edges.
    public var edges: Int
    /// The number of sources.
    public var sources: Int
    /// The number of citations (of nodes and edges together).
    public var citations: Int
    /// Nodes per kind.
    public var nodesByKind: [String: Int]
    /// Edges per kind.
    public var edgesByKind: [String: Int]
    /// Whether the supply index is whole (see ``GraphStore/hasSupplyIndex()``).
    public var supplyIndex: Bool
    /// Whether the supply baseline is there (see ``GraphStore/hasSupplyBaseline()``).
    public var supplyBaseline: Bool
}

extension GraphStore {
    /// Counts nodes, edges, sources and citations, by kind where that applies.
    public func statistics() throws -> GraphStatistics {
        let nodesByKind = try nodeCountsByKind()
        let edgesByKind = try countsByKind("SELECT kind, count(*) FROM edges GROUP BY kind")
        let sources = try connection.scalar("SELECT count(*) FROM sources")?.int64 ?? 0
        let citations = try connection.scalar(
            "SELECT (SELECT count(*) FROM node_citations) + (SELECT count(*) FROM edge_citations)")?.int64 ?? 0
        return GraphStatistics(
            nodes: nodesByKind.values.reduce(0, +), edges: edgesByKind.values.reduce(0, +),
            sources: Int(sources), citations: Int(citations), nodesByKind: nodesByKind, edgesByKind: edgesByKind,
            supplyIndex: try hasSupplyIndex(), supplyBaseline: try hasSupplyBaseline())
    }

    /// The number of nodes (one count, cheaper than ``statistics()`` on a big graph).
    public func nodeCount() throws -> Int {
        Int(try connection.scalar("SELECT count(*) FROM nodes")?.int64 ?? 0)
    }

    /// The number of edges: one pass over the smallest index, without ``statistics()``'s
    /// grouping by kind (which sorts every edge; BENCHMARKS.md has its time at 5M edges).
    public func edgeCount() throws -> Int {
        Int(try connection.scalar("SELECT count(*) FROM edges")?.int64 ?? 0)
    }

    /// The node kinds in use, sorted: one step through the index on kind per kind (not a pass
    /// over every node), so a diagram or a check of a kind costs nothing on a big graph.
    public func nodeKinds() throws -> [String] {
        try connection.query("""
            WITH RECURSIVE k(kind) AS (
                SELECT min(kind) FROM nodes
                UNION ALL SELECT (SELECT min(kind) FROM nodes WHERE kind > k.kind) FROM k WHERE k.kind IS NOT NULL)
            SELECT kind FROM k WHERE kind IS NOT NULL
            """) { $0.string(0) ?? "" }
    }

    /// Nodes per kind, as ``statistics()`` counts them (through the index on kind: cheap).
    public func nodeCountsByKind() throws -> [String: Int] {
        try countsByKind("SELECT kind, count(*) FROM nodes GROUP BY kind")
    }

    private func countsByKind(_ sql: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for (kind, count) in try connection.query(sql, [], { ($0.string(0) ?? "", Int($0.int64(1))) }) {
            counts[kind] = count
        }
        return counts
    }
}
