// swift-tools-version:5.4
//
// libFuzzer targets for Tiergraph's readers and writers (issue 22). A package of its own, beside
// the main one, so that `swift build` and CI never build them. Built and run by
// `scripts/fuzz.sh`, which passes `-sanitize=fuzzer,address` (libFuzzer's engine and main, and
// AddressSanitizer) and `-parse-as-library` (libFuzzer, not Swift, provides `main`).
import PackageDescription

let targets = ["csv", "json", "graphml", "dot", "values", "write-dot", "write-graphml", "write-json", "write-cypher"]

let package = Package(
    name: "TiergraphFuzz",
    dependencies: [.package(name: "Tiergraph", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "Tiergraph", package: "Tiergraph")]),
    ] + targets.map { name in
        .executableTarget(
            name: "fuzz-" + name,
            dependencies: ["FuzzSupport", .product(name: "Tiergraph", package: "Tiergraph")],
            path: "Sources/fuzz-" + name)
    }
)
