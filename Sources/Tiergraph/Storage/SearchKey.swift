import Foundation

/// Folds text for case-insensitive matching of names and aliases.
///
/// ASCII is lower-cased byte by byte (the common, fast case). Other text is folded for case,
/// width (`ＴＳＭＣ` matches `tsmc`) and diacritics, and Traditional Chinese is mapped to
/// Simplified (ICU's `Hant-Hans` transform): `台積電` and `台积电` are one key, `英伟达` matches
/// itself exactly.
enum SearchKey {
    static func fold(_ text: String) -> String {
        let trimmed = text.trimmingWhitespace()
        if trimmed.utf8.allSatisfy({ $0 < 0x80 }) {
            return trimmed.utf8.contains(where: { (0x41...0x5A).contains($0) }) ? trimmed.lowercased() : trimmed
        }
        let folded = trimmed.folding(options: [.caseInsensitive, .widthInsensitive, .diacriticInsensitive], locale: nil)
        // Only text with CJK ideographs pays for the transform.
        guard folded.unicodeScalars.contains(where: { (0x3400...0x9FFF).contains($0.value) || (0xF900...0xFAFF).contains($0.value) })
        else { return folded }
        return folded.applyingTransform(StringTransform("Hant-Hans"), reverse: false) ?? folded
    }

    /// `text`, folded, as a LIKE pattern matching it anywhere, with `%`, `_` and `\` escaped
    /// (use `ESCAPE '\'`).
    static func containsPattern(_ text: String) -> String { likePattern(fold(text)) }

    /// `text` as it is, as a LIKE pattern matching it anywhere (`%`, `_`, `\` escaped).
    static func likePattern(_ text: String) -> String {
        var pattern = "%"
        for character in text {
            if character == "%" || character == "_" || character == "\\" { pattern.append("\\") }
            pattern.append(character)
        }
        return pattern + "%"
    }
}
