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

    public init() {}

    /// The (lower-cased) column name that holds `field`.
    public func column(for field: Field) -> String {
        (columns[field] ?? field.defaultColumn).trimmingWhitespace().lowercased()
    }
}

/// What an import did.
public struct ImportReport: Equatable, Sendable {
    /// The files read, in the order they were read.
    public var files: [String] = []
    /// Node rows written (inserted or updated).
    public var nodes = 0
    /// Edge rows written (inserted or updated).
    public var edges = 0
    /// Source rows written: the rows of sources files, and the sources that citations name
    /// before any file describes them (created with just their id).
    public var sources = 0
    /// Edge kinds defined by the input.
    public var kinds = 0
    /// Whether the import was a dry run (nothing kept).
    public var dryRun = false
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
