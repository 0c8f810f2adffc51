import FuzzSupport
import Tiergraph

/// libFuzzer's entry point: a graph with texts from the bytes, written as node-link JSON, read
/// back, compared.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzGraph.run(data, size, fileExtension: "json") { _, selection, catalogue in
        NodeLinkExporter.document(selection, catalogue: catalogue).serialized(pretty: true)
    }
    return 0
}
