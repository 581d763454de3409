// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dik",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dik", targets: ["dik"]),
        .library(name: "DikCore", targets: ["DikCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Exact: TemplateInspection and CompiledTemplates read its parsed tokens.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // Tests only: a third-party CSV reader checks what dik.csv says.
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        // Already in the graph through Hummingbird; named so the preview can end its
        // event streams when the server shuts down.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    ],
    targets: [
        // libcmark from Debian's libcmark-dev (not cmark-gfm: its symbols clash).
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // Linux-only syscalls Foundation does not expose (atomic directory exchange).
        .target(name: "CDikSys"),
        .target(
            name: "DikCore",
            dependencies: [
                "CCmark",
                "CDikSys",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The review preview: the same renderers, served from memory.
        .target(
            name: "DikServe",
            dependencies: [
                "DikCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "dik",
            dependencies: [
                "DikCore",
                "DikServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "DikTestSupport",
            dependencies: ["DikCore"],
            path: "Tests/DikTestSupport"
        ),
        .testTarget(
            name: "DikCoreTests",
            dependencies: ["DikCore", "DikTestSupport", .product(name: "SwiftCSV", package: "SwiftCSV")]
        ),
        .testTarget(
            name: "DikServeTests",
            dependencies: [
                "DikServe", "DikTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
