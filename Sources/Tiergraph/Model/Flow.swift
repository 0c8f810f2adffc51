/// How goods and services move along an edge of some kind.
///
/// Queries that walk "upstream" (towards suppliers) and "downstream" (towards buyers)
/// follow this, whatever way each edge happens to be stored.
public enum Flow: String, CaseIterable, Sendable, Codable {
    /// Goods flow from the source to the target (`tsmc supplies nvidia`).
    case with
    /// Goods flow from the target to the source (`bytedance orders nvidia`: the buyer points at the seller).
    case against
    /// The edge is not a supply relation (`owns`, `market_share`).
    case none
    /// The source grants the target a permission it needs (`gov:us licenses …`): a precondition,
    /// not goods. The supply analyses count a gate as a requirement of its target of its own;
    /// walks follow it like `with` (the authority stands upstream of what it permits).
    case gate

    /// Whether the edge's source is where supply comes from (`with`, `gate`), its target
    /// (`against`), or neither (`none`: not a supply relation).
    public var supplierIsSource: Bool? {
        switch self {
        case .with, .gate: return true
        case .against: return false
        case .none: return nil
        }
    }

    /// Parses `with`, `against`, `none` or `gate` (any case).
    public init(parsing text: String) throws(ValueError) {
        guard let flow = Flow(rawValue: text.trimmingWhitespace().lowercased()) else {
            throw ValueError("flow '\(text)' is not one of \(Flow.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = flow
    }
}
