import Foundation

/// Folds text for case-insensitive matching of names and aliases.
///
/// ASCII is lower-cased byte by byte (the common, fast case). Other text is folded for case,
/// width (`ＴＳＭＣ` matches `tsmc`) and diacritics; Chinese characters pass through unchanged,
/// so `英伟达` matches itself exactly.
enum SearchKey {
    static func fold(_ text: String) -> String {
        let trimmed = text.trimmingWhitespace()
        if trimmed.utf8.allSatisfy({ $0 < 0x80 }) {
            return trimmed.utf8.contains(where: { (0x41...0x5A).contains($0) }) ? trimmed.lowercased() : trimmed
        }
        return trimmed.folding(options: [.caseInsensitive, .widthInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// `text` as a LIKE pattern matching it anywhere, with `%`, `_` and `\` escaped (use `ESCAPE '\'`).
    static func containsPattern(_ text: String) -> String {
        var pattern = "%"
        for character in fold(text) {
            if character == "%" || character == "_" || character == "\\" { pattern.append("\\") }
            pattern.append(character)
        }
        return pattern + "%"
    }
}
