/// How firm a claim is: who is speaking and in what mood (Wikidata's "determination method",
/// narrowed to what news about supply chains needs).
public enum Modality: String, CaseIterable, Sendable, Comparable {
    /// Reported as fact by the source (the default).
    case reported
    /// An estimate by an analyst or a research firm (TrendForce's estimate).
    case estimate
    /// A forecast about a later date (JPMorgan's forecast for 2027).
    case forecast
    /// A rumour or an unconfirmed report ("有消息称").
    case rumour
    /// A statement by an interested party about itself or its deals (a CEO's statement).
    case statement

    /// The modalities analyses use unless asked for more: forecasts and rumours count only when
    /// included (`--include forecast,rumour`).
    public static let counted: Set<Modality> = [.reported, .estimate, .statement]

    /// The modality named `text` (case-insensitive); throws listing the valid ones.
    public init(validating text: String) throws(ValueError) {
        guard let modality = Modality(rawValue: text.trimmingWhitespace().lowercased()) else {
            throw ValueError(unknown: "modality", text, known: Modality.allCases.map(\.rawValue))
        }
        self = modality
    }

    public static func < (a: Modality, b: Modality) -> Bool { a.rawValue < b.rawValue }
}

/// What a share is a share of: the same number means different things for a market, a
/// seller's customers or a buyer's purchases (BODS and the articles both need the distinction).
public enum ShareBase: String, CaseIterable, Sendable {
    /// Of a market (the target), by sales: `market_share` edges.
    case market
    /// Of the seller's sales: "ByteDance's orders are over 50% of Cambricon's" is of the
    /// seller's orders; a customer's part of a supplier's sales is of its sales.
    case sellerSales = "seller_sales"
    /// Of the seller's orders (its order book).
    case sellerOrders = "seller_orders"
    /// Of the buyer's purchases of the input.
    case buyerPurchases = "buyer_purchases"
    /// Of the source's revenue (a revenue share paid to a government).
    case revenue
    /// Of one product's sales or shipments.
    case productSales = "product_sales"
    /// Of the target's equity (ownership stakes).
    case equity

    /// The base named `text` (case-insensitive); throws listing the valid ones.
    public init(validating text: String) throws(ValueError) {
        guard let base = ShareBase(rawValue: text.trimmingWhitespace().lowercased()) else {
            throw ValueError(unknown: "share_of", text, known: ShareBase.allCases.map(\.rawValue))
        }
        self = base
    }
}

/// Where a fact stands: a permission announced, pending or denied; an order planned, placed or
/// declined; a supply active or ended. Each flow has its vocabulary (README, "Claims").
public enum ClaimStatus {
    /// The statuses valid on edges of a kind with this flow, in the order the README lists them.
    public static func vocabulary(for flow: Flow) -> [String] {
        switch flow {
        case .gate: return ["announced", "eligible", "pending", "approved", "denied", "revoked"]
        case .with, .against: return ["planned", "placed", "delivered", "undelivered", "declined", "active", "paused", "ended"]
        case .none: return ["active", "ended"]
        }
    }

    /// The statuses under which a fact is in force: an edge with any other status is kept and
    /// shown, but a supply edge then supplies nothing and a gate is closed. No status means in
    /// force.
    public static let inForce: Set<String> = ["approved", "placed", "delivered", "active"]

    /// Whether a fact with this status holds now (no status: it does).
    public static func isInForce(_ status: String?) -> Bool { status.map(inForce.contains) ?? true }

    /// `status` normalized, if it belongs to the vocabulary of `flow`; throws listing the valid ones.
    public static func validate(_ status: String, flow: Flow, kind: String) throws(ValueError) -> String {
        let normalized = status.trimmingWhitespace().lowercased()
        let known = vocabulary(for: flow)
        guard known.contains(normalized) else {
            throw ValueError(unknown: "status for kind '\(kind)' (flow \(flow.rawValue))", status, known: known)
        }
        return normalized
    }
}

extension ValueError {
    /// "unknown modality 'rumor'; valid: reported, estimate, …".
    init(unknown what: String, _ value: String, known: [String]) {
        self.init("unknown \(what) '\(value)'; valid: \(known.joined(separator: ", "))")
    }
}

extension Edge {
    /// The qualifiers as short phrases for people (`of seller_orders`, `as of 2025-07`,
    /// `pending`, `forecast`, `claimed by JPMorgan`), in that order; what diagrams and `show` print.
    public var qualifierPhrases: [String] {
        [shareOf.map { "of " + $0.rawValue }, asOf.map { "as of \($0)" }, status, modality.map(\.rawValue),
         claimant.map { "claimed by " + $0 }].compactMap { $0 }
    }
}
