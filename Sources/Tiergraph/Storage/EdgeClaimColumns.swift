/// The columns of an edge that make it a claim (its share and volume with their bounds and
/// wording, and its qualifiers), read in one place for every reader of edges.
enum EdgeClaimColumns {
    /// The select list, for a query whose edges table is `e`; ``read(_:at:into:)`` reads it back.
    static let select = """
        e.share_low, e.share_high, e.share_text, e.volume, e.volume_high, e.unit, e.volume_text,
        e.as_of, e.status, e.modality, e.claimant, e.share_of
        """

    /// Reads the columns of ``select``, starting at column `start`, into `edge`.
    static func read(_ row: Row, at start: Int32, into edge: inout Edge) throws(ValueError) {
        if let low = row.optionalDouble(start) {
            edge.share = try Share(storedLow: low, high: row.optionalDouble(start + 1) ?? low, text: row.string(start + 2))
        }
        let (low, high) = (row.optionalDouble(start + 3), row.optionalDouble(start + 4))
        if low != nil || high != nil {
            edge.volume = try Volume(storedLow: low, high: high, unit: row.string(start + 5), text: row.string(start + 6))
        }
        edge.asOf = try row.string(start + 7).map { text throws(ValueError) in try PartialDate(parsing: text) }
        edge.status = row.string(start + 8)
        edge.modality = try row.string(start + 9).map { text throws(ValueError) in try Modality(validating: text) }
        edge.claimant = row.string(start + 10)
        edge.shareOf = try row.string(start + 11).map { text throws(ValueError) in try ShareBase(validating: text) }
    }
}
