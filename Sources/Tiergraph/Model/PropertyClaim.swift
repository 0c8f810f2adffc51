/// A fact about a node with its provenance: a specification, a revenue, a shipment count, a
/// release date, as one source states it (README, "Claims"). Several claims may give one key,
/// side by side; the node's plain ``Node/properties`` keep working for uncited facts.
public struct PropertyClaim: Equatable, Hashable, Sendable {
    /// The property (`fp16_tflops`, `released`, `shipments_2025`).
    public var key: String
    /// The value as the source words it (`1979`, `超过2.5万`, `2023-11`, `Hopper`).
    public var value: String
    /// The value's bounds when it is a number or a bounded number ("超过2.5万": above 25,000);
    /// `nil` for text, and for dates and periods written with a number ("2024年二季度").
    /// Percentages are fractions, as for shares.
    public var bounds: Bounds?
    /// The unit (`TFLOPS`, `颗`, `USD`), given or read from the value.
    public var unit: String?
    /// When the claim describes the world.
    public var asOf: PartialDate?
    /// Who makes the claim (a node id or a name), beside the source that reports it.
    public var claimant: String?
    /// How firm the claim is; `nil`: reported as fact.
    public var modality: Modality?
    /// The source that states it, with its sentence.
    public var citation: Citation?

    /// A claim; the value's bounds and unit are read from it when it is a number.
    public init(
        key: String, value: String, unit: String? = nil, asOf: PartialDate? = nil, claimant: String? = nil,
        modality: Modality? = nil, citation: Citation? = nil
    ) {
        self.key = key.trimmingWhitespace()
        self.value = value.trimmingWhitespace()
        // A number, unless what follows it makes it a date or a period ("2024年二季度", "2023年底").
        let parsed = (try? BoundsParser.parse(self.value, "value")).flatMap { parsed in
            parsed.unit.map { unit in ["年", "月", "日", "季", "Q", "H1", "H2"].contains { unit.hasPrefix($0) } } == true ? nil : parsed
        }
        bounds = parsed?.bounds
        let unit = unit?.trimmingWhitespace().nilIfEmpty
        self.unit = unit ?? parsed?.unit ?? (parsed?.percent == true ? "%" : nil)
        self.asOf = asOf
        self.claimant = claimant?.trimmingWhitespace().nilIfEmpty
        self.modality = modality
        self.citation = citation
    }

    /// The order claims are kept and printed in: by key, then date, then value, then source.
    static func ordered(_ a: PropertyClaim, _ b: PropertyClaim) -> Bool {
        (a.key, a.asOf?.lowerBound ?? "", a.value, a.citation?.source ?? "") < (b.key, b.asOf?.lowerBound ?? "", b.value, b.citation?.source ?? "")
    }
}
