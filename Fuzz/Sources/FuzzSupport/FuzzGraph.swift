import Foundation
import Tiergraph

/// A small graph whose every text comes from the fuzzer's input, and the round trip that the
/// writer targets check: write it in one format, read that back into a new database, compare.
public enum FuzzGraph {
    /// Stores a graph of three nodes, two edges and a source built from `input`. Returns nil when
    /// the store refuses it (an empty id, say): that is the store's answer, not a finding.
    public static func store(from input: inout FuzzInput) -> GraphStore? {
        let store = FuzzScratch.freshStore("original.db")
        let ids = [input.string(), input.string(), input.string()]
        do {
            try store.write { writer in
                try writer.write(Source(id: "s" + input.string(), title: input.string(), publisher: input.string(), url: input.string()))
                for id in ids {
                    try writer.write(Node(
                        id: id, kind: ["company", "chip", "fab"][input.number(below: 3)], name: input.string(),
                        aliases: [input.string(), input.string()], country: input.string(),
                        properties: [input.string(): .string(input.string()), "n": .int(Int64(input.number(below: 256)))]))
                }
                let sources = try store.sourceUsage().map(\.source.id)
                for index in 0..<2 {
                    try writer.write(Edge(
                        source: ids[index], target: ids[index + 1], kind: ["supplies", "owns", "orders"][input.number(below: 3)],
                        input: input.string(), status: input.string(), claimant: input.string(),
                        properties: [input.string(): .string(input.string())],
                        citations: sources.map { Citation(source: $0, quote: input.string()) }))
                }
            }
        } catch {
            return nil
        }
        return store
    }

    /// One run of a writer target: the graph built from the bytes, then ``roundTrip(_:fileExtension:_:)``.
    public static func run(
        _ data: UnsafePointer<UInt8>, _ size: Int, fileExtension: String,
        _ export: (GraphStore, GraphSelection, ExportCatalogue) throws -> String
    ) {
        var input = FuzzInput(data, size)
        guard let store = store(from: &input) else { return }
        roundTrip(store, fileExtension: fileExtension) { try export(store, $0, $1) }
    }

    /// Writes the graph of `store` with `export` (nil when the writer refuses it, which must
    /// happen before anything is written), imports the text as `fileExtension`, and stops the
    /// run if the import fails or the graph read back differs in any node or edge.
    public static func roundTrip(_ store: GraphStore, fileExtension: String, _ export: (GraphSelection, ExportCatalogue) throws -> String) {
        let selection: GraphSelection, catalogue: ExportCatalogue
        do {
            selection = try store.select(.all, storedOrder: true)
            catalogue = try store.catalogue(of: selection)
        } catch { fuzzFailure("cannot read back the stored graph: \(error)") }
        guard let text = try? export(selection, catalogue) else { return }
        let path = FuzzScratch.folder + "/export." + fileExtension
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        let copy = FuzzScratch.freshStore("copy.db")
        do { _ = try copy.importFiles([path]) } catch { fuzzFailure("the \(fileExtension) export does not import: \(error)") }
        // In id order: a DOT reader stores the edges in Graphviz's order, not the file's.
        guard let copied = try? copy.select(.all), let written = try? store.select(.all) else { fuzzFailure("cannot read the copy") }
        if copied.nodes != written.nodes { fuzzFailure("nodes differ after a \(fileExtension) round trip:\n\(written.nodes)\n!=\n\(copied.nodes)") }
        if copied.edges != written.edges { fuzzFailure("edges differ after a \(fileExtension) round trip:\n\(written.edges)\n!=\n\(copied.edges)") }
    }
}
