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

extension String {
    /// The text safe inside XML, HTML and SVG, in an element or a quoted attribute: markup
    /// characters as entities, line breaks and tabs as character references; characters XML 1.0
    /// cannot hold are dropped.
    public var xmlEscaped: String {
        escapingScalars { scalar in
            switch scalar {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "'": return "&apos;"
            case "\n": return "&#10;"
            case "\r": return "&#13;"
            case "\t": return "&#9;"
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: return ""
            default: return nil
            }
        }
    }
}

extension String {
    /// The items of a list written as one text (aliases, source ids), split at every `separator`,
    /// also where a combining mark after it makes one Character of the two; each item trimmed,
    /// empty ones left out.
    func listItems(separatedBy separator: Character) -> [String] {
        guard separator.unicodeScalars.count == 1, let scalar = separator.unicodeScalars.first else {
            return split(separator: separator).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        }
        return unicodeScalars.split(separator: scalar, omittingEmptySubsequences: true)
            .map { String(String.UnicodeScalarView($0)).trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}
