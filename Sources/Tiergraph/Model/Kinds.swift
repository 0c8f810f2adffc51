/// A kind of edge with the direction goods flow along it.
///
/// Kinds live in the database; the built-in ones are there from the start and users add
/// their own with a flow (`tiergraph kind add licenses_ip --flow with`).
public struct EdgeKind: Equatable, Hashable, Sendable {
    /// The kind's name, lower case (`supplies`).
    public let name: String
    /// How goods flow along edges of this kind.
    public let flow: Flow
    /// A one-line explanation.
    public let description: String
    /// Whether Tiergraph defines this kind (built-in kinds cannot be redefined).
    public let builtIn: Bool

    public init(name: String, flow: Flow, description: String = "", builtIn: Bool = false) {
        self.name = name
        self.flow = flow
        self.description = description
        self.builtIn = builtIn
    }

    /// The edge kinds every database starts with.
    public static let builtIns: [EdgeKind] = [
        EdgeKind(name: "orders", flow: .against, description: "the buyer (source) orders from the seller (target)", builtIn: true),
        EdgeKind(name: "supplies", flow: .with, description: "the supplier (source) supplies the customer (target)", builtIn: true),
        EdgeKind(name: "manufactures", flow: .with, description: "a foundry or plant (source) makes the product or for the company (target)", builtIn: true),
        EdgeKind(name: "designs", flow: .with, description: "a designer (source) designs the product (target)", builtIn: true),
        EdgeKind(name: "depends_on", flow: .against, description: "the dependant (source) depends on the provider (target)", builtIn: true),
        EdgeKind(name: "owns", flow: .none, description: "the owner (source) holds equity in the target; share = stake", builtIn: true),
        EdgeKind(name: "invests_in", flow: .none, description: "the investor (source) invests in the target", builtIn: true),
        EdgeKind(name: "market_share", flow: .none, description: "the player (source) holds a share of the market (target)", builtIn: true),
        EdgeKind(name: "revenue_share", flow: .none, description: "the payer (source) hands a share of revenue to the target", builtIn: true),
        EdgeKind(name: "licenses", flow: .gate, description: "the licensor (source) permits the licensee, product or route (target): a gate it needs", builtIn: true),
        EdgeKind(name: "regulates", flow: .none, description: "the authority (source) regulates the target", builtIn: true),
        EdgeKind(name: "compares_to", flow: .none, description: "the subject (source) is compared with the target on a metric (properties metric, ratio; claimant: who compares)", builtIn: true),
        EdgeKind(name: "member_of", flow: .none, description: "the member (source) belongs to the group (target), so that a claim about the group keeps its number", builtIn: true),
        EdgeKind(name: "link", flow: .with, description: "a directed link of unspecified meaning (the default for data without kinds)", builtIn: true),
    ]

    /// Normalises a kind name as it is stored: trimmed and lower-cased.
    public static func normalize(_ name: String) -> String {
        let trimmed = name.trimmingWhitespace()
        if trimmed.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) { return trimmed }
        return trimmed.lowercased()
    }
}

/// The documented node kinds. Node kinds are an open set: any other name is accepted too.
public enum NodeKind {
    /// Built-in node kinds with a one-line explanation each.
    public static let builtIns: [(name: String, description: String)] = [
        ("company", "a company that is none of the more specific kinds"),
        ("chip", "a chip or accelerator product"),
        ("foundry", "a semiconductor foundry or fab, or a process node"),
        ("csp", "a cloud service provider"),
        ("supplier", "a supplier of components, materials or equipment"),
        ("government", "a government, agency or regulator"),
        ("fund", "an investment fund or investor"),
        ("market", "a market, as the target of market_share edges"),
        ("group", "a named group of nodes (member_of edges) that a claim is about"),
        ("product", "a product that is not a chip"),
        ("country", "a country or region"),
        ("entity", "anything not yet classified (the default when a file gives no kind)"),
    ]
}
