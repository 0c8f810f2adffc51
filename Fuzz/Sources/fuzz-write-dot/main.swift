import FuzzSupport
import Tiergraph

/// libFuzzer's entry point: a graph with texts from the bytes, written as DOT data (unless
/// ``ExportText`` refuses it), read back by Graphviz's parser, compared.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzGraph.run(data, size, fileExtension: "dot") { store, selection, _ in
        try ExportText.check(selection, for: .dot)
        return DOTWriter(purpose: .data).write(selection, flows: try store.flows())
    }
    return 0
}
