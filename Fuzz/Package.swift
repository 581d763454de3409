// swift-tools-version:6.0
// libFuzzer targets for dik. Not part of the main package or its tests: build and run
// them with scripts/fuzz.sh (see docs/fuzzing.md), which passes -sanitize=fuzzer to
// every module so that coverage guides the fuzzer through DikCore, Yams and libcmark.
import PackageDescription

let package = Package(
    name: "dik-fuzz",
    dependencies: [
        .package(name: "dik", path: ".."),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    ],
    targets: [
        .target(name: "FuzzDriver"),
        // Front matter split, the YAML guard and composer, and the entry decoder.
        .executableTarget(
            name: "FuzzEntry",
            dependencies: [
                .product(name: "DikCore", package: "dik"),
                .product(name: "Yams", package: "Yams"),
                "FuzzDriver",
            ]
        ),
        // The HTML escaper through a real Mustache template, and libcmark's safe mode.
        .executableTarget(
            name: "FuzzEscape",
            dependencies: [
                .product(name: "DikCore", package: "dik"),
                .product(name: "Mustache", package: "swift-mustache"),
                "FuzzDriver",
            ]
        ),
        // A site's templates over the shipped theme: the parsed-template checks, partial
        // cycles, delimiter changes, and rendering with a marked payload.
        .executableTarget(
            name: "FuzzTemplate",
            dependencies: [.product(name: "DikCore", package: "dik"), "FuzzDriver"]
        ),
        // A site's string table through the YAML guard.
        .executableTarget(
            name: "FuzzStrings",
            dependencies: [.product(name: "DikCore", package: "dik"), "FuzzDriver"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
