import FuzzSupport
import Tiergraph

/// libFuzzer's entry point: a graph with texts from the bytes, written as GraphML (unless
/// ``ExportText`` refuses it), read back, compared.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzGraph.run(data, size, fileExtension: "graphml") { _, selection, catalogue in
        try ExportText.check(selection, for: .graphml)
        return GraphMLExporter.document(selection, catalogue: catalogue)
    }
    return 0
}
