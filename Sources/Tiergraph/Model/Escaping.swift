extension String {
    /// The text with some Unicode scalars replaced: `replacement` returns the text to write for a
    /// scalar, or nil to keep it. The one loop behind JSON, XML and Cypher string escaping.
    func escapingScalars(_ replacement: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if let replaced = replacement(scalar) { out += replaced } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
