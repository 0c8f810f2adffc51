#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a synthetic, tiered supply chain as `nodes.csv` and `edges.csv`, for benchmarks and tests.
///
/// Nodes fall into eight tiers (raw-material suppliers, component suppliers, foundries, chip
/// designers, chips, server makers, cloud providers, customers). Most edges join a tier to the
/// next (`supplies`, `manufactures`, `designs`); some skip a tier, some are `orders` stored
/// buyer → seller, and some are `owns` stakes with a share. Every supply edge serves one input,
/// `goods`, so every supplier of a node is an alternative: there, chokepoints are dominators,
/// which the peers compute too. The same size and seed always give the same bytes. Edges carry
/// explicit ids (`e0`, `e1`, …), so any pair may be joined twice.
public struct SupplyChainGenerator: Sendable {
    /// How many nodes to write.
    public let nodes: Int
    /// How many edges to write.
    public let edges: Int
    /// The seed of the pseudo-random generator.
    public let seed: UInt64

    /// The tiers: a kind and the fraction of nodes in it.
    static let tiers: [(kind: String, label: String, weight: Double)] = [
        ("supplier", "Materials", 0.10), ("supplier", "Components", 0.15), ("foundry", "Foundry", 0.05),
        ("company", "Designer", 0.10), ("chip", "Chip", 0.20), ("company", "Server maker", 0.15),
        ("csp", "Cloud", 0.10), ("company", "Customer", 0.15),
    ]
    static let countries = ["CN", "US", "TW", "KR", "JP", "NL", "DE", "SG"]

    public init(nodes: Int, edges: Int? = nil, seed: UInt64 = 1) {
        self.nodes = max(nodes, SupplyChainGenerator.tiers.count)
        self.edges = edges ?? nodes * 5
        self.seed = seed
    }

    /// The first node index of each tier, and one past the last node.
    var tierStarts: [Int] {
        var starts: [Int] = []
        var cumulative = 0.0
        for tier in SupplyChainGenerator.tiers {
            starts.append(min(nodes - 1, Int((cumulative * Double(nodes)).rounded())))
            cumulative += tier.weight
        }
        return starts + [nodes]
    }

    /// Writes `nodes.csv` and `edges.csv` into `directory` (which must exist).
    public func write(to directory: String) throws {
        let starts = tierStarts
        var random = SplitMix64(seed: seed)
        try BufferedFile.write(path: directory + "/nodes.csv") { out in
            try out.append("id,kind,name,country,tier\n")
            for tier in 0..<SupplyChainGenerator.tiers.count {
                let (kind, label, _) = SupplyChainGenerator.tiers[tier]
                for index in starts[tier]..<starts[tier + 1] {
                    let country = SupplyChainGenerator.countries[Int(random.next() % UInt64(SupplyChainGenerator.countries.count))]
                    try out.append("n\(index),\(kind),\(label) \(index),\(country),\(tier)\n")
                }
            }
        }
        try BufferedFile.write(path: directory + "/edges.csv") { out in
            try out.append("id,source,target,kind,share,volume,unit,input\n")
            func pick(_ tier: Int) -> Int {
                let low = starts[tier], high = starts[tier + 1]
                return low + Int(random.next() % UInt64(max(1, high - low)))
            }
            for index in 0..<edges {
                let roll = random.next() % 100
                let tier = 1 + Int(random.next() % UInt64(SupplyChainGenerator.tiers.count - 1))
                var line = "e\(index),"
                if roll < 5 {
                    // An ownership stake between companies anywhere in the chain.
                    let share = Double(1 + random.next() % 1000) / 1000
                    line += "n\(pick(Int(random.next() % 8))),n\(pick(tier)),owns,\(share),,,"
                } else if roll < 15 && tier >= 5 {
                    // A buyer orders from the tier above it: stored buyer → seller.
                    let volume = 1 + random.next() % 100_000
                    line += "n\(pick(tier)),n\(pick(tier - 1)),orders,,\(volume),units,goods"
                } else {
                    let upstream = roll < 25 && tier >= 2 ? tier - 2 : tier - 1
                    let kind = tier == 4 ? (upstream == 2 ? "manufactures" : "designs") : "supplies"
                    line += "n\(pick(upstream)),n\(pick(tier)),\(kind),,,,goods"
                }
                try out.append(line + "\n")
            }
        }
    }
}

/// The SplitMix64 pseudo-random generator: tiny, fast, and the same on every platform, so a
/// seed gives the same graphs (and the same seeded tests) everywhere. Not for secrets.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
