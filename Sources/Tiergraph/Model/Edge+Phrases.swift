extension Edge {
    /// The edge's facts in words, without its ends, properties or id: its kind, `input "HBM"`,
    /// its share and volume, its qualifiers in brackets and its validity (`[2025..2026]`). What
    /// the command line's text and the viewer's pages show for an edge.
    public var factPhrases: [String] {
        var parts = [kind]
        if let input { parts.append("input \"\(input)\"") }
        if let share { parts.append(share.description) }
        if let volume { parts.append(volume.description) }
        let qualifiers = qualifierPhrases
        if !qualifiers.isEmpty { parts.append("(" + qualifiers.joined(separator: ", ") + ")") }
        if period.from != nil || period.to != nil {
            parts.append("[\(period.from?.description ?? "")..\(period.to?.description ?? "")]")
        }
        return parts
    }
}
