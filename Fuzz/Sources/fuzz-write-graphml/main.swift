import FuzzSupport
import Tiergraph

/// libFuzzer's entry point: a graph with texts from the bytes, written as GraphML, read back, compared.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    guard let store = FuzzGraph.store(from: &input) else { return 0 }
    FuzzGraph.roundTrip(store, fileExtension: "graphml") { selection, catalogue in
        try ExportText.check(selection, for: .graphml)
        return GraphMLExporter.document(selection, catalogue: catalogue)
    }
    return 0
}
