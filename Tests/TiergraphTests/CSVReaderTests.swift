import XCTest
@testable import Tiergraph

final class CSVReaderTests: XCTestCase {
    private func records(_ bytes: [UInt8]) throws -> [[String]] {
        let scratch = try Scratch()
        let reader = try CSVReader(path: try scratch.write("t.csv", bytes: bytes))
        var fields: [String] = []
        var result: [[String]] = []
        while try reader.next(into: &fields) { result.append(fields) }
        return result
    }

    private func records(_ text: String) throws -> [[String]] { try records(Array(text.utf8)) }

    func testQuotedFieldsHoldDelimitersQuotesAndNewlines() throws {
        let text = "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"line1\nline2\"\nplain,,\"\"\n"
        XCTAssertEqual(try records(text), [["a", "b", "c"], ["x, y", "say \"hi\"", "line1\nline2"], ["plain", "", ""]])
    }

    func testByteOrderMarkCRLFBlankLinesAndMissingFinalNewline() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,name\r\n\r\nn1,英伟达\r\nn2,\"a\r\nb\"".utf8)
        XCTAssertEqual(try records(bytes), [["id", "name"], ["n1", "英伟达"], ["n2", "a\r\nb"]])
    }

    func testLineNumbersCountNewlinesInsideQuotes() throws {
        let scratch = try Scratch()
        let reader = try CSVReader(path: try scratch.write("t.csv", "h\n\"a\nb\"\n\nc\n"))
        var fields: [String] = []
        var lines: [Int] = []
        while try reader.next(into: &fields) { lines.append(reader.line) }
        XCTAssertEqual(lines, [1, 2, 5])
    }

    func testErrorsNameLineAndColumn() throws {
        XCTAssertThrowsError(try records("a,b\n1,\"open\n")) { error in
            XCTAssertEqual((error as? CSVError)?.message.contains("unterminated"), true)
        }
        XCTAssertThrowsError(try records("a,b\n1,\"x\"y\n")) { error in
            XCTAssertEqual((error as? CSVError)?.line, 2)
            XCTAssertEqual((error as? CSVError)?.column, 2)
        }
        XCTAssertThrowsError(try records(Array("a,b\nok,fine\nx,".utf8) + [0xC3, 0x28] + Array("\n".utf8))) { error in
            XCTAssertEqual(error as? CSVError, CSVError(line: 3, column: 2, message: "invalid UTF-8 (save the file as UTF-8)"))
        }
    }

    /// Property test: random fields full of delimiters, quotes, CR/LF and Chinese text, written
    /// with RFC 4180 quoting, read back identically, across many 1 MiB chunk boundaries and a
    /// field larger than the buffer.
    func testRandomRecordsSurviveChunkBoundaries() throws {
        var random = SplitMix64(seed: 42)
        let alphabet = Array("ab,\"\n\r 英伟达xyz;%")
        var expected: [[String]] = []
        var text = ""
        for row in 0..<30_000 {
            var fields: [String] = []
            for column in 0..<4 {
                let length = row == 1234 && column == 2 ? 1_500_000 : Int(random.next() % 12)
                var field = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
                if column == 0 && field.isEmpty { field = "k" }  // a record of one empty field would be a blank line
                fields.append(field)
            }
            expected.append(fields)
            text += fields.map { field in
                // Look at bytes: "\r\n" is one Character in Swift, and equal to neither "\r" nor "\n".
                field.utf8.contains(where: { Array(",\"\n\r".utf8).contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",") + (row % 2 == 0 ? "\n" : "\r\n")
        }
        let actual = try records(text)
        XCTAssertEqual(actual.count, expected.count)
        if let first = zip(actual, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            XCTFail("record \(first) differs: \(actual[first]) != \(expected[first])")
        }
    }
}
