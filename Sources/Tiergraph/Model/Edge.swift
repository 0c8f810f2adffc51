/// A fact joining two nodes: an order, a supply, an ownership stake, a market share…
///
/// Several edges may join the same pair; each has its own ``id``. An edge given without an
/// id gets one derived from its natural key (source, target, kind, period and cited sources),
/// so importing the same row twice updates the edge instead of adding a second one.
public struct Edge: Equatable, Sendable {
    /// The edge's id as given, or `nil` to derive it (see ``effectiveID``).
    public var id: String?
    /// The source node's id.
    public var source: String
    /// The target node's id.
    public var target: String
    /// The edge kind (see ``EdgeKind``).
    public var kind: String
    /// The input of the buyer that a supply edge provides (`"EUV lithography tools"`, `"HBM"`),
    /// or that a gate permits; `nil`: the edge's kind names the input. A node needs every one of
    /// its inputs; the suppliers of one input are alternatives.
    public var input: String?
    /// The share, if the fact is a share (a stake, a market or revenue share, an order share).
    public var share: Share?
    /// An amount with its unit (`16e9 USD`, `150000 cards`).
    public var volume: Volume?
    /// When the fact holds.
    public var period: Period
    /// When the claim describes the world ("by July 2025 the D round was complete": as of
    /// 2025-07), as distinct from ``period``, when the fact itself starts and ends.
    public var asOf: PartialDate?
    /// Where the fact stands (see ``ClaimStatus``: `pending`, `approved`, `placed`, `ended`…);
    /// `nil`: in force.
    public var status: String?
    /// How firm the claim is; `nil`: reported as fact.
    public var modality: Modality?
    /// Who makes the claim, beside the source that reports it: a node id or a name.
    public var claimant: String?
    /// What the ``share`` is a share of; `nil`: not said.
    public var shareOf: ShareBase?
    /// Further facts, as typed JSON values.
    public var properties: [String: JSONValue]
    /// The sources that state this fact.
    public var citations: [Citation]

    public init(
        id: String? = nil, source: String, target: String, kind: String, input: String? = nil, share: Share? = nil,
        volume: Volume? = nil, period: Period = .always, asOf: PartialDate? = nil, status: String? = nil,
        modality: Modality? = nil, claimant: String? = nil, shareOf: ShareBase? = nil,
        properties: [String: JSONValue] = [:], citations: [Citation] = []
    ) {
        self.id = id
        self.source = source
        self.target = target
        self.kind = EdgeKind.normalize(kind)
        self.input = input.flatMap { $0.isEmpty ? nil : $0 }
        self.share = share
        self.volume = volume
        self.period = period
        self.asOf = asOf
        self.status = status.flatMap { $0.isEmpty ? nil : $0 }
        self.modality = modality
        self.claimant = claimant.flatMap { $0.isEmpty ? nil : $0 }
        self.shareOf = shareOf
        self.properties = properties
        self.citations = citations
    }

    /// The id stored for this edge: the given one, or `e` followed by 16 hex digits of a
    /// 64-bit FNV-1a hash of the natural key (source, target, kind, input, `as_of`,
    /// `share_of` and `status` when given, period, sorted cited sources): two claims of one
    /// source about different dates or states ("from 95% down to 50%") stay two edges. Stable across runs, machines and databases.
    public var effectiveID: String {
        if let id { return id }
        var hash = FNV1a()
        for part in [source, target, kind, period.from?.description ?? "", period.to?.description ?? ""] {
            hash.combine(part)
        }
        // Mixed in only when given, so that edges without an input keep the ids they had.
        if let input { hash.combine("input=" + input) }
        if let asOf { hash.combine("as_of=" + asOf.description) }
        if let shareOf { hash.combine("share_of=" + shareOf.rawValue) }
        if let status { hash.combine("status=" + status) }
        for reference in citations.map(\.source).sorted() {
            hash.combine(reference)
        }
        let hex = String(hash.value, radix: 16)
        return "e" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The 64-bit FNV-1a hash: small, fast and the same on every machine (unlike `Hasher`).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Mixes in `text` followed by a separator byte, so that ("ab","c") and ("a","bc") differ.
    mutating func combine(_ text: String) {
        for byte in text.utf8 { mix(byte) }
        mix(0x1f)
    }

    private mutating func mix(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
}
