/// Texts numbered in the order first seen: integers sort, compare and store more cheaply than
/// the texts they stand for (the inputs of edges, while a graph or a supply network is built).
struct TextCodes {
    /// The texts, by code.
    private(set) var texts: [String] = []
    private var codes: [String: Int32] = [:]

    /// The code of `text`, given a new one the first time it is seen.
    mutating func code(of text: String) -> Int32 {
        if let code = codes[text] { return code }
        let code = Int32(texts.count)
        codes[text] = code
        texts.append(text)
        return code
    }
}
