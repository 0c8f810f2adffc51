import ArgumentParser
import Foundation
import Tiergraph

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic tiered supply chain as nodes.csv and edges.csv (for benchmarks).",
        discussion: "Example: tiergraph generate --nodes 1000000 --out /tmp/big && tiergraph import /tmp/big --db big.db")

    @Option(help: "How many nodes.") var nodes = 1000
    @Option(help: "How many edges (default: 5 × nodes).") var edges: Int?
    @Option(help: "The random seed; the same seed gives the same files.") var seed: UInt64 = 1
    @Option(help: "The folder to write into (created if missing).") var out: String

    func validate() throws {
        guard nodes > 0 else { throw ValidationError("--nodes must be positive") }
        if let edges, edges < 0 { throw ValidationError("--edges must not be negative") }
    }

    func run() throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let generator = SupplyChainGenerator(nodes: nodes, edges: edges, seed: seed)
        try generator.write(to: out)
        Output.line("wrote \(generator.nodes) nodes and \(generator.edges) edges to \(out)/nodes.csv and \(out)/edges.csv")
    }
}
