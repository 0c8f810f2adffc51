/// An edge's qualifiers as named text fields, for every format that carries them as flat
/// values (CSV columns, GraphML and DOT attributes, neo4j and Cypher properties, JSON keys):
/// written and read back in one place.
enum EdgeQualifierFields {
    /// The fields, in the order of ``values(of:)``.
    static let fields: [Field] = [.asOf, .status, .modality, .claimant, .shareOf]
    /// Their names, as CSV columns and JSON keys.
    static let names = fields.map(\.defaultColumn)

    /// The edge's qualifiers in the order of ``names`` (`nil` where not given).
    static func values(of edge: Edge) -> [String?] {
        [edge.asOf?.description, edge.status, edge.modality?.rawValue, edge.claimant, edge.shareOf?.rawValue]
    }

    /// Sets the qualifier `field` (one of ``fields``) from its text.
    static func set(_ field: Field, _ text: String, on edge: inout Edge) throws(ValueError) {
        let text = text.trimmingWhitespace()
        guard !text.isEmpty else { return }
        switch field {
        case .asOf: edge.asOf = try PartialDate(parsing: text)
        case .status: edge.status = text
        case .modality: edge.modality = try Modality(validating: text)
        case .claimant: edge.claimant = text
        case .shareOf: edge.shareOf = try ShareBase(validating: text)
        default: preconditionFailure("not a qualifier: \(field.name)")
        }
    }
}
