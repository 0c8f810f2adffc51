import Foundation

/// Imports the rows of one CSV file through a ``GraphWriter``, turning each row into a node,
/// edge, source, kind or citation according to the file's role.
///
/// Two threads: a reader thread scans the CSV and turns rows into values (a fifth of an
/// import's time), while the calling thread, which owns the connection, writes them in file
/// order. They meet in a ``BatchQueue`` of a few thousand rows per batch, so memory stays
/// bounded. The first error in file order is the one reported, whichever thread finds it.
struct CSVImporter {
    let table: CSVTable
    let options: ImportOptions
    let writer: GraphWriter

    /// One row, read and converted, with the line it starts on.
    fileprivate enum Parsed: Sendable {
        case node(Node)
        /// An edge, and the kind its row defines through a `flow` column, if it has one.
        case edge(Edge, defines: EdgeKind?)
        case source(Source)
        case kind(EdgeKind)
        case citations([Citation], node: String?, edge: String?)
        case claim(PropertyClaim, node: String)
        /// A bad row left out (``ImportOptions/skipBadRows``).
        case skipped(SkippedRow)
    }

    private struct Batch: Sendable {
        var rows: [(row: Parsed, line: Int)] = []
        /// The bytes of the file read when the batch was full.
        var bytesRead = 0
        /// The rows that the row filters left out.
        var filtered = 0
        /// The error that ended the reading, after the rows before it.
        var failure: ImportError?
    }

    /// The table, used by the reader thread only until it finishes (see ``BatchQueue/cancel()``).
    private final class Handoff: @unchecked Sendable {
        let reader: RowReader
        init(_ reader: RowReader) { self.reader = reader }
    }

    /// Reads every row; `progress` is called every 65,536 rows with the bytes read so far.
    func run(report: inout ImportReport, progress: (Int) -> Void) throws {
        let row = try RowReader(table: table, options: options)
        let queue = BatchQueue<Batch>(capacity: 4)
        let handoff = Handoff(row)
        Thread { CSVImporter.read(handoff.reader, into: queue) }.start()
        var rows = 0
        while let batch = queue.take() {
            report.filtered += batch.filtered
            for (parsed, line) in batch.rows {
                do {
                    try write(parsed, line: line, report: &report)
                } catch let error as GraphStoreError {
                    let column = row.column(forWriterField: error.field)
                    let failure = ImportError(file: table.path, line: line, column: column.map { $0 + 1 },
                                              columnName: column.map { table.header[$0] }, message: error.messageWithoutField)
                    if options.skipBadRows {
                        report.skipped.append(SkippedRow(failure))
                        continue
                    }
                    queue.cancel()
                    throw failure
                } catch {
                    queue.cancel()
                    throw error
                }
                rows += 1
                if rows & 0xFFFF == 0 { progress(batch.bytesRead) }
            }
            if let failure = batch.failure {
                queue.cancel()  // waits for the reader thread to end
                throw failure
            }
        }
        progress(table.reader.bytesRead)
    }

    private func write(_ parsed: Parsed, line: Int, report: inout ImportReport) throws {
        switch parsed {
        case .node(let node):
            if !options.mergeRepeatedIDs {
                try writer.write(node, line: line)
                report.nodes += 1
            } else if try writer.merge(node, line: line, defaultKind: options.defaultNodeKind) {
                report.merged += 1
            } else {
                report.nodes += 1
            }
        case .edge(let edge, let kind):
            if let kind {
                if writer.flow(ofKind: kind.name) == nil { report.kinds += 1 }
                try writer.define(kind)
            }
            try writer.write(edge)
            report.edges += 1
        case .source(let source):
            try writer.write(source)
            report.sources += 1
        case .kind(let kind):
            // A kind the database already has (a built-in one, in a restored export) is not new.
            if writer.flow(ofKind: EdgeKind.normalize(kind.name)) == nil { report.kinds += 1 }
            try writer.define(kind)
        case .citations(let citations, let node, let edge):
            for citation in citations {
                if let node { try writer.cite(node: node, citation) } else if let edge { try writer.cite(edge: edge, citation) }
            }
        case .claim(let claim, let node):
            try writer.write(claim, node: node)
        case .skipped(let skipped):
            report.skipped.append(skipped)
        }
    }

    /// The reader thread: reads and converts rows into batches until the end of the file, the
    /// first bad row, or the writer's cancellation.
    private static func read(_ row: RowReader, into queue: BatchQueue<Batch>) {
        defer { queue.finish() }
        let table = row.table
        let propertyColumns = table.propertyColumns(excluding: table.role == .nodes ? RowReader.nodeFields : RowReader.edgeFields)
        var fields: [String] = []
        var batch = Batch()
        batch.rows.reserveCapacity(4096)
        do {
            while try table.reader.next(into: &fields) {
                let line = table.reader.line
                do {
                    if fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) {
                        throw RowError(column: nil, message: "blank row: every cell is empty")
                    }
                    guard fields.count == table.header.count else {
                        throw RowError(column: min(fields.count, table.header.count),
                                       message: "ragged row: \(fields.count) field(s) where the header has \(table.header.count)")
                    }
                    guard row.passesFilters(fields) else {
                        batch.filtered += 1
                        continue
                    }
                    batch.rows.append((try row.parse(fields, propertyColumns: propertyColumns), line))
                } catch let error as RowError {
                    let failure = ImportError(
                        file: table.path, line: line, column: error.column.map { $0 + 1 },
                        columnName: error.column.flatMap { $0 < table.header.count ? table.header[$0] : nil }, message: error.message)
                    guard row.options.skipBadRows else { throw failure }
                    batch.rows.append((.skipped(SkippedRow(failure)), line))
                }
                if batch.rows.count == 4096 {
                    batch.bytesRead = table.reader.bytesRead
                    guard queue.put(batch) else { return }
                    batch.rows.removeAll(keepingCapacity: true)
                }
            }
        } catch let error as CSVError {
            batch.failure = ImportError(file: table.path, line: error.line, column: error.column, message: error.message)
        } catch let error as ImportError {
            batch.failure = error
        } catch {
            batch.failure = ImportError(file: table.path, line: table.reader.line, message: "\(error)")
        }
        batch.bytesRead = table.reader.bytesRead
        _ = queue.put(batch)
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
    /// The row filters with their columns' indices.
    private let filters: [(column: Int, filter: RowFilter)]

    /// - Throws: ``ImportError`` if a row filter names a column the table lacks.
    init(table: CSVTable, options: ImportOptions) throws {
        self.table = table
        self.options = options
        filters = try options.rowFilters.map { filter in
            guard let column = table.index(ofColumn: filter.column) else {
                throw ImportError(
                    file: table.path, line: 1,
                    message: "the row filter's column '\(filter.column)' is not in the header; the columns are: \(table.header.filter { !$0.isEmpty }.joined(separator: ", "))")
            }
            return (column, filter)
        }
    }

    /// Whether the row passes every row filter.
    func passesFilters(_ fields: [String]) -> Bool {
        filters.allSatisfy { $0.filter.passes(fields[$0.column]) }
    }

    static let nodeFields: [Field] = [.nodeID, .nodeKind, .nodeName, .nodeAliases, .nodeCountry, .sourceRef, .quote]
    static let edgeFields: [Field] = [.edgeID, .edgeSource, .edgeTarget, .edgeKind, .input, .share, .volume, .unit,
                                      .validFrom, .validTo, .flow, .asOf, .status, .modality, .claimant, .shareOf,
                                      .sourceRef, .quote]

    /// The row as what the table's role makes of it; `propertyColumns` are the extra columns.
    fileprivate func parse(_ fields: [String], propertyColumns: [Int]) throws -> CSVImporter.Parsed {
        switch table.role {
        case .nodes:
            return .node(try node(fields, properties: propertyColumns))
        case .edges:
            var defines: EdgeKind?
            if let flow = try parse(fields, .flow, { text throws(ValueError) in try Flow(parsing: text) }) {
                defines = EdgeKind(name: EdgeKind.normalize(text(fields, .edgeKind) ?? options.defaultEdgeKind), flow: flow)
            }
            return .edge(try edge(fields, properties: propertyColumns), defines: defines)
        case .sources:
            return .source(try source(fields))
        case .kinds:
            return .kind(try kind(fields))
        case .citations:
            let citations = citations(fields)
            let node = text(fields, column: "node"), edge = text(fields, column: "edge")
            if !citations.isEmpty && node == nil && edge == nil {
                throw RowError(column: nil, message: "a citation row needs a node or an edge")
            }
            return .citations(citations, node: node, edge: edge)
        case .claims:
            return try claim(fields)
        }
    }

    /// The text of `field`, or `nil` when the column is missing or the cell empty (nothing, or
    /// only whitespace). Fields are ids, kinds, names, labels and parsed values, which are read
    /// without the whitespace around them (the store keeps none there); property values and
    /// the texts of sources keep theirs exactly, as RFC 4180 says (README, "CSV columns").
    /// The value maps (``ImportOptions/valueMaps``) apply: a mapped value replaces the cell's.
    func text(_ fields: [String], _ field: Field) -> String? {
        guard let index = table.index(of: field), let value = nonEmpty(fields[index])?.trimmingWhitespace() else { return nil }
        guard let mapped = options.valueMaps[field]?[value] else { return value }
        return nonEmpty(mapped)
    }

    /// The columns of sources, kinds and claims whose text is kept exactly.
    static let exactColumns: Set<String> = ["title", "publisher", "url", "description", "value"]

    func text(_ fields: [String], column name: String) -> String? {
        guard let index = table.index(ofColumn: name), let value = nonEmpty(fields[index]) else { return nil }
        return RowReader.exactColumns.contains(name) ? value : value.trimmingWhitespace()
    }

    private func nonEmpty(_ text: String) -> String? {
        text.allSatisfy(\.isWhitespace) ? nil : text
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
        return text.listItems(separatedBy: options.listSeparator)
    }

    func citations(_ fields: [String]) -> [Citation] {
        let quote = text(fields, .quote)
        return list(fields, .sourceRef).map { Citation(source: $0, quote: quote) }
    }

    func properties(_ fields: [String], columns: [Int]) -> [String: JSONValue] {
        var properties: [String: JSONValue] = [:]
        for index in columns {
            guard let value = nonEmpty(fields[index]) else { continue }
            properties[table.propertyNames[index]] = JSONValue(inferring: value)
        }
        return properties
    }

    func node(_ fields: [String], properties columns: [Int]) throws -> Node {
        Node(
            // A merged row without a kind keeps the node's (the writer gives a new node the default).
            id: text(fields, .nodeID) ?? "", kind: text(fields, .nodeKind) ?? (options.mergeRepeatedIDs ? "" : options.defaultNodeKind),
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
        var edge = Edge(
            id: text(fields, .edgeID), source: text(fields, .edgeSource) ?? "", target: text(fields, .edgeTarget) ?? "",
            kind: text(fields, .edgeKind) ?? options.defaultEdgeKind, input: text(fields, .input),
            share: try parse(fields, .share) { text throws(ValueError) in try Share(parsing: text, scale: options.shareScale) },
            volume: try parse(fields, .volume) { text throws(ValueError) in try Volume(parsing: text, unit: unit) },
            period: period, properties: properties(fields, columns: columns), citations: citations(fields))
        for field in EdgeQualifierFields.fields {
            _ = try parse(fields, field) { text throws(ValueError) in try EdgeQualifierFields.set(field, text, on: &edge) }
        }
        return edge
    }

    /// A row of a claims file: `node,key,value,unit,as_of,claimant,modality,source_ref,quote`.
    func claim(_ fields: [String]) throws -> CSVImporter.Parsed {
        guard let node = text(fields, column: "node") else { throw RowError(column: table.index(ofColumn: "node"), message: "a claim needs a node") }
        guard let key = text(fields, column: "key") else { throw RowError(column: table.index(ofColumn: "key"), message: "a claim needs a key") }
        guard let value = text(fields, column: "value") else {
            throw RowError(column: table.index(ofColumn: "value"), message: "claim '\(key)' needs a value")
        }
        let source = list(fields, .sourceRef)
        guard source.count <= 1 else {
            throw RowError(column: table.index(of: .sourceRef), message: "a claim cites one source (give each source its own row)")
        }
        let claim = PropertyClaim(
            key: key, value: value, unit: text(fields, .unit),
            asOf: try parse(fields, .asOf) { text throws(ValueError) in try PartialDate(parsing: text) }, claimant: text(fields, .claimant),
            modality: try parse(fields, .modality) { text throws(ValueError) in try Modality(validating: text) },
            citation: source.first.map { Citation(source: $0, quote: text(fields, .quote)) })
        return .claim(claim, node: node)
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
            throw RowError(column: table.index(of: .flow), message: "kind '\(name)' needs a flow: with, against, gate or none")
        }
        return EdgeKind(name: name, flow: flow, description: text(fields, column: "description") ?? "")
    }

    /// The column a writer error is about: `source`, `target`, `kind`, `id` or `node`/`edge`.
    func column(forWriterField field: String?) -> Int? {
        switch field {
        case "source": return table.index(of: .edgeSource)
        case "target": return table.index(of: .edgeTarget)
        case "kind": return table.role == .nodes ? table.index(of: .nodeKind) : table.index(of: .edgeKind)
        case "id": return table.role == .edges ? table.index(of: .edgeID) : table.index(of: .nodeID)
        case "status": return table.index(of: .status)
        case "node", "edge", "key", "value": return table.index(ofColumn: field!)
        default: return nil
        }
    }
}

extension SkippedRow {
    /// The row that `error` is about, skipped for its reason.
    init(_ error: ImportError) {
        self.init(file: error.file, line: error.line ?? 0, column: error.column, columnName: error.columnName, reason: error.message)
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
