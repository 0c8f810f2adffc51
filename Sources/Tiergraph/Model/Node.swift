/// An entity of the supply chain: a company, chip, foundry, cloud provider, fund, government…
public struct Node: Equatable, Sendable {
    /// The stable id chosen by the user (`nvidia`, `chip:h200`).
    public var id: String
    /// The kind (`company`, `chip`, …); an open set, see ``NodeKind``.
    public var kind: String
    /// The display name.
    public var name: String
    /// Other spellings: Chinese names (英伟达), tickers, former names.
    public var aliases: [String]
    /// The country, if known (any spelling the user prefers, e.g. an ISO code).
    public var country: String?
    /// Further facts, as typed JSON values (`hbm_gb: 141`).
    public var properties: [String: JSONValue]
    /// The sources this node is documented in.
    public var citations: [Citation]
    /// Facts about the node with their provenance, several per key side by side.
    public var claims: [PropertyClaim]

    public init(
        id: String, kind: String, name: String? = nil, aliases: [String] = [], country: String? = nil,
        properties: [String: JSONValue] = [:], citations: [Citation] = [], claims: [PropertyClaim] = []
    ) {
        self.id = id
        self.kind = EdgeKind.normalize(kind)
        self.name = name ?? id
        self.aliases = aliases
        self.country = country
        self.properties = properties
        self.citations = citations
        self.claims = claims.sorted(by: PropertyClaim.ordered)
    }
}
