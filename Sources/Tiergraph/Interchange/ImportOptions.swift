/// The fields an input column can map to.
///
/// Files name their columns after these by default (`id`, `kind`, `source`, …); a mapping
/// lets a third-party file with other names (`type`, `relation`, `from`) import unchanged.
public enum Field: Int, CaseIterable, Sendable {
    case nodeID, nodeKind, nodeName, nodeAliases, nodeCountry
    case edgeID, edgeSource, edgeTarget, edgeKind, input, share, volume, unit, validFrom, validTo, flow
    case asOf, status, modality, claimant, shareOf
    case sourceRef, quote

    /// The field's name in mappings: `node.kind`, `edge.source`, `source_ref`…
    public var name: String {
        switch self {
        case .sourceRef, .quote: return defaultColumn
        case .nodeID, .nodeKind, .nodeName, .nodeAliases, .nodeCountry: return "node." + defaultColumn
        default: return "edge." + defaultColumn
        }
    }

    /// The field with this mapping name.
    public init?(name: String) {
        guard let field = Field.allCases.first(where: { $0.name == name }) else { return nil }
        self = field
    }

    /// The column name a file uses for this field unless mapped.
    public var defaultColumn: String {
        switch self {
        case .nodeID, .edgeID: return "id"
        case .nodeKind, .edgeKind: return "kind"
        case .nodeName: return "name"
        case .nodeAliases: return "aliases"
        case .nodeCountry: return "country"
        case .edgeSource: return "source"
        case .edgeTarget: return "target"
        case .input: return "input"
        case .share: return "share"
        case .volume: return "volume"
        case .unit: return "unit"
        case .validFrom: return "valid_from"
        case .validTo: return "valid_to"
        case .flow: return "flow"
        case .asOf: return "as_of"
        case .status: return "status"
        case .modality: return "modality"
        case .claimant: return "claimant"
        case .shareOf: return "share_of"
        case .sourceRef: return "source_ref"
        case .quote: return "quote"
        }
    }
}

/// How files are read into the graph.
///
/// Everything here can also be saved per table in a mapping file (see ``ImportMapping``).
public struct ImportOptions: Sendable {
    /// Column names for fields, where a file does not use the defaults (`[.edgeKind: "relation"]`).
    public var columns: [Field: String] = [:]
    /// The kind of nodes whose row gives none.
    public var defaultNodeKind = "entity"
    /// The kind of edges whose row gives none.
    public var defaultEdgeKind = "link"
    /// The separator of several values in one cell (aliases, source references).
    public var listSeparator: Character = ";"
    /// Validate everything, then roll back.
    public var dryRun = false
    /// Edge kinds declared by the import (`--flow procures=against`): defined before any row
    /// is read, so a dataset's relation names need no kinds file.
    public var flows: [String: Flow] = [:]
    /// The flow given to an edge kind that is neither defined nor declared, or `nil` to refuse
    /// such a kind (the default).
    public var unknownKindsFlow: Flow?
    /// What a share of 1 is written as in the share column: 100 for a 0–100 scale. A cell
    /// with a percent sign is read as a percentage whatever the scale.
    public var shareScale: Double = 1
    /// Values replaced before a field is read (`[.edgeKind: ["procures": "orders"]]`).
    public var valueMaps: [Field: [String: String]] = [:]
    /// Row filters: only rows that pass every filter are imported (see ``RowFilter``).
    public var rowFilters: [RowFilter] = []
    /// What a row that gives an existing node another kind does: refused by default, listing
    /// every such node (see ``KindChangePolicy``).
    public var kindChange: KindChangePolicy = .refuse
    /// Whether a nodes row that repeats an id adds to the node (aliases, properties, a name for
    /// a node that had none) instead of being an error.
    public var mergeRepeatedIDs = false
    /// Whether bad rows (blank, ragged, invalid, dangling) are skipped and reported in
    /// ``ImportReport/skipped`` instead of failing the import.
    public var skipBadRows = false
    /// Whether the edges that earlier imports of the same file wrote are removed first
    /// (a re-import with a corrected mapping replaces them instead of adding to them).
    public var replace = false

    public init() {}

    /// The (lower-cased) column name that holds `field`.
    public func column(for field: Field) -> String {
        (columns[field] ?? field.defaultColumn).trimmingWhitespace().lowercased()
    }
}

/// A condition on a column's value that a row must meet to be imported: `--rows-where
/// stage=fab` keeps the rows whose `stage` is `fab`, `--rows-where stage!=fab` the others.
public struct RowFilter: Equatable, Sendable {
    /// The column's (lower-cased) header name.
    public var column: String
    /// The values the cell is compared with (trimmed, compared exactly).
    public var values: Set<String>
    /// Whether the cell must be one of ``values`` (`=`) or none of them (`!=`).
    public var keeps: Bool

    public init(column: String, values: Set<String>, keeps: Bool = true) {
        self.column = column.trimmingWhitespace().lowercased()
        self.values = values
        self.keeps = keeps
    }

    /// Parses `COLUMN=VALUE` or `COLUMN!=VALUE`; `VALUE` may list alternatives separated by `|`.
    public init(parsing text: String) throws(ValueError) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ValueError("a row filter is COLUMN=VALUE or COLUMN!=VALUE (alternatives separated by '|'), not '\(text)'")
        }
        let negated = text[text.index(before: equals)] == "!"
        let column = text[..<(negated ? text.index(before: equals) : equals)]
        let values = text[text.index(after: equals)...].split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        guard !column.trimmingWhitespace().isEmpty else { throw ValueError("row filter '\(text)' names no column") }
        self.init(column: String(column), values: Set(values), keeps: !negated)
    }

    /// Whether a row whose cell holds `value` passes.
    func passes(_ value: String) -> Bool { values.contains(value.trimmingWhitespace()) == keeps }
}

/// A row that ``ImportOptions/skipBadRows`` left out, and why.
public struct SkippedRow: Equatable, Sendable {
    /// The file, as given.
    public var file: String
    /// The 1-based line the row starts on.
    public var line: Int
    /// The 1-based column at fault, if one is.
    public var column: Int?
    /// That column's header name.
    public var columnName: String?
    /// What was wrong.
    public var reason: String
}

/// What an import did.
public struct ImportReport: Equatable, Sendable {
    /// The files read, in the order they were read.
    public var files: [String] = []
    /// Node rows written (inserted or updated), except merged rows (``merged``).
    public var nodes = 0
    /// Rows that repeated the id of a node written earlier in this import, merged into it
    /// (``ImportOptions/mergeRepeatedIDs``).
    public var merged = 0
    /// Edge rows written (inserted or updated).
    public var edges = 0
    /// Source rows written: the rows of sources files, and the sources that citations name
    /// before any file describes them (created with just their id).
    public var sources = 0
    /// Edge kinds defined by the input.
    public var kinds = 0
    /// Whether the import was a dry run (nothing kept).
    public var dryRun = false
    /// The bad rows skipped (with ``ImportOptions/skipBadRows``), in the order read.
    public var skipped: [SkippedRow] = []
    /// Rows left out by row filters.
    public var filtered = 0
    /// Edges removed because an earlier import of a replaced file had written them.
    public var replaced = 0
    /// The existing nodes whose kind the import changed (``ImportOptions/kindChange``), in the order read.
    public var kindChanges: [KindChange] = []
}

/// An import failure: where it happened and what was wrong. Nothing was written.
public struct ImportError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file being read.
    public let file: String
    /// The 1-based line, if known.
    public let line: Int?
    /// The 1-based column (field number), if known.
    public let column: Int?
    /// The column's header name, if known.
    public let columnName: String?
    /// What was wrong.
    public let message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.message = message
    }

    /// `file:line:column: message (column 'name')`, the form editors and terminals link to.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let column { text += ":\(column)" }
        text += ": " + message
        if let columnName { text += " (column '\(columnName)')" }
        return text + "; nothing was imported"
    }
}
