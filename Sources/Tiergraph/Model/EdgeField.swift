/// A field of edges, to select them by (`tiergraph edges --where input~EUV`): a column of the
/// edge or of its ends, its citations' sources and quotes, or a property.
public enum EdgeField: Equatable, Sendable, CustomStringConvertible {
    /// The fields every edge has, named as the CSV columns of edges are.
    public enum Column: String, CaseIterable, Sendable {
        case id, kind, input, source, target, share, volume, unit, status, modality, claimant
        case sourceName = "source_name", sourceKind = "source_kind", targetName = "target_name", targetKind = "target_kind"
        case validFrom = "valid_from", validTo = "valid_to", asOf = "as_of", shareOf = "share_of"
        /// A cited source's id (an edge matches when one of its citations does).
        case sourceRef = "source_ref"
        /// A citation's quote.
        case quote
    }

    case column(Column)
    case property(String)

    /// A column's name, or any other name as a property.
    public init(parsing text: String) {
        let name = text.trimmingWhitespace()
        self = Column(rawValue: name).map(EdgeField.column) ?? .property(name)
    }

    public var description: String {
        switch self {
        case .column(let column): return column.rawValue
        case .property(let name): return name
        }
    }
}

/// A condition on an edge field or property, as people type it: `input~EUV`, `share>=50%`,
/// `status=approved`, `as_of>=2025-06`, `quote~禁令` (see ``NodeCondition`` for the operators).
public struct EdgeCondition: Equatable, Sendable {
    public var field: EdgeField
    public var op: NodeCondition.Operator
    public var value: String

    public init(field: EdgeField, op: NodeCondition.Operator, value: String) {
        self.field = field
        self.op = op
        self.value = value
    }

    /// Parses `FIELD OP VALUE`; a comparison of numbers needs a number (`share` also takes `50%`).
    public init(parsing text: String) throws(ValueError) {
        let (field, op, value) = try NodeCondition.split(text, examples: "input~EUV, share>=50%, status=approved, as_of>=2025-06")
        self.init(field: EdgeField(parsing: field), op: op, value: value)
        if op.isNumeric && !isDate && number == nil {
            throw ValueError("'\(text)': \(op.rawValue) compares numbers (or dates, for valid_from, valid_to and as_of), and '\(value)' is not one")
        }
    }

    /// Whether the field holds dates (`YYYY[-MM[-DD]]`, compared as such).
    var isDate: Bool { [.column(.validFrom), .column(.validTo), .column(.asOf)].contains(field) }

    /// The value as a number: a share may be written as a percentage (`50%` is 0.5).
    var number: Double? {
        if field == .column(.share), value.hasSuffix("%") { return Double(value.dropLast().trimmingWhitespace()).map { $0 / 100 } }
        return Double(value)
    }
}
