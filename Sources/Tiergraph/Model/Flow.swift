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

    /// Parses `with`, `against` or `none` (any case).
    public init(parsing text: String) throws(ValueError) {
        guard let flow = Flow(rawValue: text.trimmingWhitespace().lowercased()) else {
            throw ValueError("flow '\(text)' is not one of with, against, none")
        }
        self = flow
    }
}
