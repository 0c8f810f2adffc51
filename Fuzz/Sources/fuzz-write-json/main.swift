import FuzzSupport
import Tiergraph

/// libFuzzer's entry point: a graph with texts from the bytes, written as node-link JSON, read back, compared.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    guard let store = FuzzGraph.store(from: &input) else { return 0 }
    FuzzGraph.roundTrip(store, fileExtension: "json") { selection, catalogue in
        NodeLinkExporter.document(selection, catalogue: catalogue).serialized(pretty: true)
    }
    return 0
}
