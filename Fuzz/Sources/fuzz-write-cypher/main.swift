import FuzzSupport
import Tiergraph

/// libFuzzer's entry point: a graph with texts from the bytes, written as Cypher in each dialect;
/// the script is read back by a Cypher lexer (string literals with their escapes, backtick
/// identifiers), and every node's id, name and aliases and every edge's input must come back
/// exactly as literals. (No Cypher engine runs in-process; the engine tests load real scripts.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    guard let store = FuzzGraph.store(from: &input), let selection = try? store.select(.all, storedOrder: true) else { return 0 }
    for dialect in CypherExporter.Dialect.allCases {
        let script = CypherExporter.script(selection, dialect: dialect)
        let literals: Set<String>
        do { literals = try CypherLexer.literals(of: script) } catch { fuzzFailure("\(dialect) script does not lex: \(error)") }
        let texts = selection.nodes.flatMap { [$0.id, $0.name] + $0.aliases } + selection.edges.compactMap(\.input)
        for text in texts where !literals.contains(text) {
            fuzzFailure("\(dialect): '\(text.debugDescription)' is not among the script's literals")
        }
    }
    return 0
}

/// The string literals of a Cypher script, decoded (openCypher: single or double quotes,
/// backslash escapes `\\ \' \" \n \r \t \b \f \uXXXX`); backtick identifiers are skipped.
enum CypherLexer {
    struct Failure: Error { let message: String }

    static func literals(of script: String) throws -> Set<String> {
        var result = Set<String>()
        var scalars = script.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "'", "\"": result.insert(try literal(closedBy: scalar, &scalars))
            case "`":
                while true {
                    guard let next = scalars.next() else { throw Failure(message: "an unclosed backtick identifier") }
                    if next == "`" { break }
                }
            default: continue
            }
        }
        return result
    }

    private static func literal(closedBy quote: Unicode.Scalar, _ scalars: inout String.UnicodeScalarView.Iterator) throws -> String {
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = scalars.next() else { throw Failure(message: "an unclosed string literal") }
            if scalar == quote { return String(text) }
            guard scalar == "\\" else { text.append(scalar); continue }
            guard let escaped = scalars.next() else { throw Failure(message: "a backslash at the end") }
            switch escaped {
            case "\\", "'", "\"": text.append(escaped)
            case "n": text.append("\n")
            case "r": text.append("\r")
            case "t": text.append("\t")
            case "b": text.append("\u{8}")
            case "f": text.append("\u{C}")
            case "u":
                var hex = ""
                for _ in 0..<4 { if let digit = scalars.next() { hex.unicodeScalars.append(digit) } }
                guard let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) else { throw Failure(message: "a bad \\u escape") }
                text.append(decoded)
            default: throw Failure(message: "an unknown escape \\\(escaped)")
            }
        }
    }
}
