// swift-tools-version:6.0
//
// Tiergraph: supply-chain graphs in one SQLite file.
//
// Dependencies (each justified in README.md, "Dependencies"):
// - swift-argument-parser: the `tiergraph` command line (commands as small types, generated help).
// - hummingbird: the HTTP server of `tiergraph serve` (the viewer and its JSON API).
// - swift-log, swift-nio: the server's request log on stderr, and the thread pools its blocking
//   database and Graphviz work runs on (both already dependencies of hummingbird).
// SQLite and Graphviz are the system's C libraries, linked through thin system-library targets.
import PackageDescription

let package = Package(
    name: "Tiergraph",
    products: [
        .library(name: "Tiergraph", targets: ["Tiergraph"]),
        .executable(name: "tiergraph", targets: ["tiergraph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        .target(
            name: "Tiergraph",
            dependencies: ["CSQLite", "CGraphviz"]
        ),
        .target(
            name: "TiergraphServer",
            dependencies: [
                "Tiergraph",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "tiergraph",
            dependencies: [
                "Tiergraph",
                "TiergraphServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "tiergraph-bench",
            dependencies: ["Tiergraph"],
            path: "Benchmarks/Sources/tiergraph-bench"
        ),
        .testTarget(
            name: "TiergraphTests",
            dependencies: ["Tiergraph"]
        ),
        .testTarget(
            name: "TiergraphCLITests",
            // Depends on the executable so that `swift test` builds it; the tests run it as a process.
            dependencies: ["Tiergraph", "tiergraph"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
