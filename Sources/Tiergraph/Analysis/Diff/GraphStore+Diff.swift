extension GraphStore {
    /// What changed from the graph in `old` to the graph in this store (see ``GraphDiff``).
    /// Reads both files whole: O(rows of both), with one entry per row in memory.
    public func diff(from old: GraphStore) throws -> GraphDiff {
        let sections = try GraphDiff.Part.allCases.map { part in
            let before = try old.connection.reading { try old.items(of: part) }
            let after = try connection.reading { try items(of: part) }
            var section = GraphDiff.Section(part: part)
            for (key, item) in after where before[key] == nil { section.added.append(item) }
            for (key, item) in before where after[key] == nil { section.removed.append(item) }
            for (key, item) in after {
                guard let earlier = before[key] else { continue }
                let names = item.fields.map(\.name) + earlier.fields.map(\.name).filter { name in !item.fields.contains { $0.name == name } }
                let oldFields = Dictionary(uniqueKeysWithValues: earlier.fields.map { ($0.name, $0.value) })
                let newFields = Dictionary(uniqueKeysWithValues: item.fields.map { ($0.name, $0.value) })
                let changes = names.compactMap { name -> GraphDiff.FieldChange? in
                    let (was, now) = (oldFields[name] ?? .null, newFields[name] ?? .null)
                    return was == now ? nil : GraphDiff.FieldChange(name: name, old: was, new: now)
                }
                if !changes.isEmpty { section.changed.append(GraphDiff.Change(key: key, label: item.label, fields: changes)) }
            }
            section.added.sort { $0.key < $1.key }
            section.removed.sort { $0.key < $1.key }
            section.changed.sort { $0.key < $1.key }
            return section
        }
        return GraphDiff(old: old.path, new: path, sections: sections)
    }

    /// The items of one part, by key. Each query's first column is the key, the second the
    /// label; the others are the fields (`properties` read as JSON).
    private func items(of part: GraphDiff.Part) throws -> [String: GraphDiff.Item] {
        let sql: String
        switch part {
        case .nodes:
            sql = """
                SELECT n.id, n.name || ' (' || n.kind || ')', n.kind, n.name, n.country, n.properties,
                    (SELECT group_concat(alias, '; ') FROM (SELECT alias FROM aliases WHERE node = n.nid ORDER BY alias)) AS aliases
                FROM nodes AS n
                """
        case .edges:
            sql = """
                SELECT e.id, s.name || ' → ' || t.name || ' ' || e.kind, s.id AS source, t.id AS target, e.kind, e.input,
                    e.share_low, e.share_high, e.share_text, e.share_of, e.volume, e.volume_high, e.volume_text, e.unit,
                    e.valid_from, e.valid_to, e.as_of, e.status, e.modality, e.claimant, e.properties
                FROM edges AS e JOIN nodes AS s ON s.nid = e.source JOIN nodes AS t ON t.nid = e.target
                """
        case .sources:
            sql = "SELECT id, coalesce(title, id), title, publisher, date, url FROM sources"
        case .kinds:
            sql = "SELECT name, name || ' (' || flow || ')', flow, description FROM edge_kinds"
        case .claims:
            sql = """
                SELECT n.id || ' ' || c.key || '=' || c.value || coalesce(' @' || c.as_of, '') || coalesce(' cites ' || s.id, ''),
                    n.name || ': ' || c.key || ' = ' || c.value, n.id AS node, c.key, c.value, c.low, c.high, c.unit, c.as_of,
                    c.claimant, c.modality, s.id AS source, c.quote
                FROM node_claims AS c JOIN nodes AS n ON n.nid = c.node LEFT JOIN sources AS s ON s.sid = c.source
                """
        case .nodeCitations:
            sql = """
                SELECT n.id || ' cites ' || s.id, n.name || ' cites ' || coalesce(s.title, s.id), n.id AS node, s.id AS source, c.quote
                FROM node_citations AS c JOIN nodes AS n ON n.nid = c.node JOIN sources AS s ON s.sid = c.source
                """
        case .edgeCitations:
            sql = """
                SELECT e.id || ' cites ' || s.id, a.name || ' → ' || b.name || ' ' || e.kind || ' cites ' || coalesce(s.title, s.id),
                    e.id AS edge, s.id AS source, c.quote
                FROM edge_citations AS c JOIN edges AS e ON e.eid = c.edge JOIN sources AS s ON s.sid = c.source
                    JOIN nodes AS a ON a.nid = e.source JOIN nodes AS b ON b.nid = e.target
                """
        }
        let statement = try connection.prepare(sql)
        let names = (2..<statement.columnCount).map(statement.columnName)
        var items: [String: GraphDiff.Item] = [:]
        while let row = try statement.step() {
            var fields: [(name: String, value: JSONValue)] = []
            for (offset, name) in names.enumerated() {
                let value = row.value(Int32(offset + 2))
                guard value != .null else { continue }
                fields.append((name, name == "properties" ? GraphStore.json(value) : GraphStore.plainJSON(value)))
            }
            let key = row.string(0) ?? ""
            items[key] = GraphDiff.Item(key: key, label: row.string(1) ?? key, fields: fields)
        }
        return items
    }

    private static func json(_ value: SQLValue) -> JSONValue {
        guard case .text(let text) = value, let parsed = try? JSONReader.parse(text) else { return plainJSON(value) }
        return parsed
    }

    private static func plainJSON(_ value: SQLValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .integer(let number): return .int(number)
        case .real(let number): return .double(number)
        case .text(let text): return .string(text)
        case .blob(let bytes): return .string("\(bytes.count) bytes")
        }
    }
}
