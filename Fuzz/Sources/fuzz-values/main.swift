import FuzzSupport
import Tiergraph

/// libFuzzer's entry point: the bytes as text for the share, bounds (volume) and date parsers.
/// Whatever they accept must read back from the text they write for it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let share = try? Share(parsing: text) {
        guard let again = try? Share(parsing: share.exactText), again == share else {
            fuzzFailure("share '\(text)' is written '\(share.exactText)', which does not read back as \(share)")
        }
    }
    _ = try? Share(parsing: text, scale: 100)
    if let volume = try? Volume(parsing: text) { _ = volume.description }
    if let date = try? PartialDate(parsing: text) {
        guard let again = try? PartialDate(parsing: date.description), again == date else {
            fuzzFailure("date '\(text)' is written '\(date.description)', which does not read back")
        }
    }
    _ = try? Period(parsingFrom: text, to: text)
    return 0
}
