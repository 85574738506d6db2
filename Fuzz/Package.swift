// swift-tools-version:6.0
import Foundation
import PackageDescription

// libFuzzer targets over Mote's parsers and evaluator. Built separately from the main package,
// with the sanitizers on (see scripts/fuzz.sh):
//   swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library

// A path dependency is named by its folder, which is whatever the checkout is called.
let moteIdentity = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent()
    .lastPathComponent.lowercased()
let mote = Target.Dependency.product(name: "MoteModules", package: moteIdentity)

/// One executable per fuzz target; each defines `<Name>_main` and hands its body to libFuzzer.
func fuzzTarget(_ name: String) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport", mote])
}

let package = Package(
    name: "MoteFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        fuzzTarget("FuzzSyntax"),
        fuzzTarget("FuzzEvaluator"),
        fuzzTarget("FuzzWire"),
        fuzzTarget("FuzzTFLite"),
        fuzzTarget("FuzzWAV"),
        fuzzTarget("FuzzNPY"),
        fuzzTarget("FuzzCSV"),
    ],
    swiftLanguageModes: [.v6]
)
