extension PropertyClaim {
    /// `{"key","value","low","high","unit","as_of","claimant","modality","source","quote"}`
    /// (`low`/`high`: the value's bounds, `null` for text); what every format carries.
    public var json: JSONValue {
        [
            "key": .string(key), "value": .string(value), "low": JSONValue(bounds?.low), "high": JSONValue(bounds?.high),
            "unit": JSONValue(unit), "as_of": JSONValue(asOf?.description), "claimant": JSONValue(claimant),
            "modality": JSONValue(modality?.rawValue), "source": JSONValue(citation?.source), "quote": JSONValue(citation?.quote),
        ]
    }

    /// Reads ``json`` back (`low`/`high` are derived from the value, so they are not read).
    public init(json: JSONValue) throws(ValueError) {
        guard case .object(let object) = json else { throw ValueError("a claim must be an object") }
        func text(_ key: String) throws(ValueError) -> String? {
            switch object[key] {
            case nil, .null?: return nil
            case .string(let text)?: return text
            case .int(let number)?: return String(number)
            case .double(let number)?: return JSONValue.format(number)
            default: throw ValueError("claim \"\(key)\" must be text")
            }
        }
        guard let key = try text("key"), let value = try text("value") else { throw ValueError("a claim needs a \"key\" and a \"value\"") }
        let source = try text("source"), quote = try text("quote")
        self.init(
            key: key, value: value, unit: try text("unit"),
            asOf: try text("as_of").map { date throws(ValueError) in try PartialDate(parsing: date) }, claimant: try text("claimant"),
            modality: try text("modality").map { name throws(ValueError) in try Modality(validating: name) },
            citation: source.map { Citation(source: $0, quote: quote) })
    }

    /// Claims from a JSON array (as stored aggregates, GraphML and DOT attributes carry them).
    static func list(_ json: JSONValue?) throws(ValueError) -> [PropertyClaim] {
        switch json {
        case nil, .null?: return []
        case .array(let items)?: return try items.map { item throws(ValueError) in try PropertyClaim(json: item) }
        default: throw ValueError("\"claims\" must be an array")
        }
    }
}
