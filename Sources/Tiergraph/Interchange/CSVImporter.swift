/// Imports the rows of one CSV file through a ``GraphWriter``, turning each row into a node,
/// edge, source, kind or citation according to the file's role.
struct CSVImporter {
    let table: CSVTable
    let options: ImportOptions
    let writer: GraphWriter

    /// Reads every row; `progress` is called every 65,536 rows with the bytes read so far.
    func run(report: inout ImportReport, progress: (Int) -> Void) throws {
        var fields: [String] = []
        var rows = 0
        let row = RowReader(table: table, options: options)
        let nodeFields: [Field] = [.nodeID, .nodeKind, .nodeName, .nodeAliases, .nodeCountry, .sourceRef, .quote]
        let edgeFields: [Field] = [.edgeID, .edgeSource, .edgeTarget, .edgeKind, .share, .volume, .unit,
                                   .validFrom, .validTo, .flow, .sourceRef, .quote]
        let propertyColumns = table.role == .nodes
            ? table.propertyColumns(excluding: nodeFields)
            : table.propertyColumns(excluding: edgeFields)
        while true {
            do {
                guard try table.reader.next(into: &fields) else { break }
            } catch let error as CSVError {
                throw ImportError(file: table.path, line: error.line, column: error.column, message: error.message)
            }
            let line = table.reader.line
            guard fields.count == table.header.count else {
                throw ImportError(
                    file: table.path, line: line, column: min(fields.count, table.header.count) + 1,
                    message: "ragged row: \(fields.count) field(s) where the header has \(table.header.count)")
            }
            do {
                switch table.role {
                case .nodes:
                    try writer.write(try row.node(fields, properties: propertyColumns), line: line)
                    report.nodes += 1
                case .edges:
                    if let flow = try row.parse(fields, .flow, { text throws(ValueError) in try Flow(parsing: text) }) {
                        let kind = EdgeKind.normalize(row.text(fields, .edgeKind) ?? options.defaultEdgeKind)
                        if writer.flow(ofKind: kind) == nil { report.kinds += 1 }
                        try writer.define(EdgeKind(name: kind, flow: flow))
                    }
                    try writer.write(try row.edge(fields, properties: propertyColumns))
                    report.edges += 1
                case .sources:
                    try writer.write(try row.source(fields))
                    report.sources += 1
                case .kinds:
                    try writer.define(try row.kind(fields))
                    report.kinds += 1
                case .citations:
                    try row.cite(fields, writer: writer)
                }
            } catch let error as RowError {
                throw ImportError(file: table.path, line: line, column: error.column.map { $0 + 1 },
                                  columnName: error.column.map { table.header[$0] }, message: error.message)
            } catch let error as GraphStoreError {
                let column = row.column(forWriterField: error.field)
                throw ImportError(file: table.path, line: line, column: column.map { $0 + 1 },
                                  columnName: column.map { table.header[$0] }, message: error.messageWithoutField)
            }
            rows += 1
            if rows & 0xFFFF == 0 { progress(table.reader.bytesRead) }
        }
        progress(table.reader.bytesRead)
    }
}

/// A value in a row was wrong; `column` is the 0-based column index.
struct RowError: Error {
    let column: Int?
    let message: String
}

/// Reads typed fields out of one row of a ``CSVTable``.
private struct RowReader {
    let table: CSVTable
    let options: ImportOptions

    /// The trimmed text of `field`, or `nil` when the column is missing or the cell empty.
    func text(_ fields: [String], _ field: Field) -> String? {
        guard let index = table.index(of: field) else { return nil }
        return nonEmpty(fields[index])
    }

    func text(_ fields: [String], column name: String) -> String? {
        guard let index = table.index(ofColumn: name) else { return nil }
        return nonEmpty(fields[index])
    }

    private func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Parses `field` with `parse`, reporting a failure at the field's column.
    func parse<T>(_ fields: [String], _ field: Field, _ parse: (String) throws(ValueError) -> T) throws -> T? {
        guard let text = text(fields, field) else { return nil }
        do {
            return try parse(text)
        } catch {
            throw RowError(column: table.index(of: field), message: error.message)
        }
    }

    func list(_ fields: [String], _ field: Field) -> [String] {
        guard let text = text(fields, field) else { return [] }
        return text.split(separator: options.listSeparator).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    func citations(_ fields: [String]) -> [Citation] {
        let quote = text(fields, .quote)
        return list(fields, .sourceRef).map { Citation(source: $0, quote: quote) }
    }

    func properties(_ fields: [String], columns: [Int]) -> [String: JSONValue] {
        var properties: [String: JSONValue] = [:]
        for index in columns {
            guard let value = nonEmpty(fields[index]) else { continue }
            properties[table.header[index]] = JSONValue(inferring: value)
        }
        return properties
    }

    func node(_ fields: [String], properties columns: [Int]) throws -> Node {
        Node(
            id: text(fields, .nodeID) ?? "", kind: text(fields, .nodeKind) ?? options.defaultNodeKind,
            name: text(fields, .nodeName), aliases: list(fields, .nodeAliases), country: text(fields, .nodeCountry),
            properties: properties(fields, columns: columns), citations: citations(fields))
    }

    func edge(_ fields: [String], properties columns: [Int]) throws -> Edge {
        let from = try parse(fields, .validFrom) { text throws(ValueError) in try PartialDate(parsing: text) }
        let to = try parse(fields, .validTo) { text throws(ValueError) in try PartialDate(parsing: text) }
        let period: Period
        do {
            period = try Period(from: from, to: to)
        } catch {
            throw RowError(column: table.index(of: .validTo), message: error.message)
        }
        let unit = text(fields, .unit)
        return Edge(
            id: text(fields, .edgeID), source: text(fields, .edgeSource) ?? "", target: text(fields, .edgeTarget) ?? "",
            kind: text(fields, .edgeKind) ?? options.defaultEdgeKind,
            share: try parse(fields, .share) { text throws(ValueError) in try Share(parsing: text) },
            volume: try parse(fields, .volume) { text throws(ValueError) in try Volume(parsing: text, unit: unit) },
            period: period, properties: properties(fields, columns: columns), citations: citations(fields))
    }

    func source(_ fields: [String]) throws -> Source {
        var date: PartialDate?
        if let text = text(fields, column: "date") {
            do {
                date = try PartialDate(parsing: text)
            } catch {
                throw RowError(column: table.index(ofColumn: "date"), message: error.message)
            }
        }
        return Source(
            id: text(fields, .nodeID) ?? "", title: text(fields, column: "title"),
            publisher: text(fields, column: "publisher"), date: date, url: text(fields, column: "url"))
    }

    func kind(_ fields: [String]) throws -> EdgeKind {
        let name = text(fields, column: "kind") ?? text(fields, column: "name") ?? ""
        guard let flow = try parse(fields, .flow, { text throws(ValueError) in try Flow(parsing: text) }) else {
            throw RowError(column: table.index(of: .flow), message: "kind '\(name)' needs a flow: with, against or none")
        }
        return EdgeKind(name: name, flow: flow, description: text(fields, column: "description") ?? "")
    }

    func cite(_ fields: [String], writer: GraphWriter) throws {
        for citation in citations(fields) {
            if let node = text(fields, column: "node") {
                try writer.cite(node: node, citation)
            } else if let edge = text(fields, column: "edge") {
                try writer.cite(edge: edge, citation)
            } else {
                throw RowError(column: nil, message: "a citation row needs a node or an edge")
            }
        }
    }

    /// The column a writer error is about: `source`, `target`, `kind`, `id` or `node`/`edge`.
    func column(forWriterField field: String?) -> Int? {
        switch field {
        case "source": return table.index(of: .edgeSource)
        case "target": return table.index(of: .edgeTarget)
        case "kind": return table.role == .nodes ? table.index(of: .nodeKind) : table.index(of: .edgeKind)
        case "id": return table.role == .edges ? table.index(of: .edgeID) : table.index(of: .nodeID)
        case "node", "edge": return table.index(ofColumn: field!)
        default: return nil
        }
    }
}

extension GraphStoreError {
    /// The field an ``invalid(field:message:)`` error is about.
    var field: String? {
        if case .invalid(let field, _) = self { return field }
        return nil
    }

    /// The message without the `field:` prefix (the import error names the column instead).
    var messageWithoutField: String {
        if case .invalid(_, let message) = self { return message }
        return description
    }
}
