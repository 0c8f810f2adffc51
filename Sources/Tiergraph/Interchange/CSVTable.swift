/// A CSV file opened for import: what it holds (decided by its header) and where each field is.
struct CSVTable {
    /// What a CSV file holds, in the order files are imported.
    enum Role: Int, Comparable {
        case kinds, sources, nodes, edges, citations, claims
        static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    let path: String
    let reader: CSVReader
    let header: [String]
    /// The header as written, trimmed: the names of property columns keep their case.
    let propertyNames: [String]
    let role: Role
    private let columns: [String: Int]
    /// The column of each ``Field``, indexed by its raw value (looked up for every cell).
    private let fieldColumns: [Int?]
    private let options: ImportOptions

    /// Opens `path`, reads its header and decides its role.
    /// - Throws: ``ImportError`` if the header is empty, repeats a column, or fits no role.
    init(path: String, options: ImportOptions) throws {
        self.path = path
        self.options = options
        let delimiter = path.lowercased().hasSuffix(".tsv") ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        do {
            reader = try CSVReader(path: path, delimiter: delimiter)
            var header: [String] = []
            guard try reader.next(into: &header) else {
                throw ImportError(file: path, line: 1, message: "the file is empty: expected a header row")
            }
            self.header = header.map { $0.trimmingWhitespace().lowercased() }
            propertyNames = header.map { $0.trimmingWhitespace() }
        } catch let error as CSVError {
            throw ImportError(file: path, line: error.line, column: error.column, message: error.message)
        }
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if name.isEmpty { continue }
            if let first = columns[name] {
                throw ImportError(file: path, line: 1, column: index + 1, columnName: name,
                                  message: "column '\(name)' appears twice in the header (first as column \(first + 1))")
            }
            columns[name] = index
        }
        self.columns = columns
        fieldColumns = Field.allCases.map { columns[options.column(for: $0)] }
        func has(_ field: Field) -> Bool { columns[options.column(for: field)] != nil }
        let sourceFields = ["title", "publisher", "url", "date"]
        if has(.edgeSource) && has(.edgeTarget) {
            role = .edges
        } else if has(.flow) && !has(.nodeID) && (columns["kind"] != nil || columns["name"] != nil) {
            role = .kinds
        } else if columns["node"] != nil && columns["key"] != nil && columns["value"] != nil && !has(.nodeID) {
            role = .claims
        } else if has(.sourceRef) && (columns["node"] != nil || columns["edge"] != nil) && !has(.nodeID) {
            role = .citations
        } else if has(.nodeID) && !has(.nodeKind) && !has(.nodeName) && sourceFields.contains(where: { columns[$0] != nil }) {
            role = .sources
        } else if has(.nodeID) {
            role = .nodes
        } else {
            throw ImportError(
                file: path, line: 1,
                message: "cannot tell what this file holds from its header (\(header.joined(separator: ","))): a nodes file needs an '\(options.column(for: .nodeID))' column, an edges file '\(options.column(for: .edgeSource))' and '\(options.column(for: .edgeTarget))' columns; map other names with --column FIELD=NAME")
        }
    }

    /// The index of the column holding `field`, if the file has it.
    func index(of field: Field) -> Int? { fieldColumns[field.rawValue] }

    /// The index of a column by its literal (lower-cased) name.
    func index(ofColumn name: String) -> Int? { columns[name] }

    /// The indices of columns that map to none of `fields`: they become properties.
    func propertyColumns(excluding fields: [Field], names: [String] = []) -> [Int] {
        let known = Set(fields.map { options.column(for: $0) } + names)
        return header.indices.filter { !header[$0].isEmpty && !known.contains(header[$0]) }
    }
}
