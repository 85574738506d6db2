// swift-tools-version:6.0
import PackageDescription

// MARK: - Dependencies (only packages this machine's image carries)

let dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
]

// MARK: - System libraries (Debian -dev packages)

let systemLibraries: [Target] = [
    .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
    // Cairo's headers (libcairo2-dev); the library itself is opened on first drawing.
    .target(name: "CCairo", linkerSettings: [.linkedLibrary("dl")]),
    // glibc's <malloc.h>, for the allocator tuning in the executable.
    .systemLibrary(name: "CMalloc"),
]

// MARK: - The Jupyter side

let jupyterSide: [Target] = [
    .target(name: "JupyterWire", dependencies: [
        "JSONValues",
        .product(name: "Crypto", package: "swift-crypto"),
    ]),
    .target(name: "KernelCore", dependencies: [
        "JupyterWire",
        .product(name: "Logging", package: "swift-log"),
    ]),
    .target(name: "ZeroMQTransport", dependencies: [
        "CZeroMQ", "KernelCore", "JupyterWire",
        .product(name: "Logging", package: "swift-log"),
    ]),
]

// MARK: - The language side

let languageSide: [Target] = [
    .target(name: "MoteSyntax"),
    .target(name: "TensorEngine"),
    .target(name: "DataPipeline", dependencies: ["TensorEngine"], resources: [.copy("Resources")]),
    // The int8 matrix products on 8/16-bit multiply-add instructions, reachable only from C.
    .target(name: "CInt8Kernels"),
    .target(name: "Int8Inference", dependencies: ["TensorEngine", "CInt8Kernels"]),
    .target(name: "TFLiteFormat", dependencies: ["Int8Inference"]),
    .target(name: "MCUEmulator", dependencies: ["Int8Inference"]),
    .target(name: "FirmwareExport", dependencies: ["Int8Inference", "MCUEmulator"]),
    .target(name: "RichDisplay", dependencies: ["CCairo", "JSONValues"]),
    .target(name: "MoteRuntime", dependencies: [
        "MoteSyntax", "TensorEngine", "DataPipeline", "Int8Inference", "TFLiteFormat", "MCUEmulator", "FirmwareExport", "RichDisplay", "JSONValues",
        .product(name: "OrderedCollections", package: "swift-collections"),
    ]),
]

// MARK: - Shared leaf, executable and tests

let package = Package(
    name: "Mote",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mote", targets: ["mote"]),
        // The language and wire modules as one library, for the fuzz targets in Fuzz/ (their own package).
        .library(name: "MoteModules", targets: [
            "MoteSyntax", "MoteRuntime", "JupyterWire", "TFLiteFormat", "DataPipeline", "TensorEngine",
        ]),
    ],
    dependencies: dependencies,
    targets: systemLibraries + jupyterSide + languageSide + [
        .target(name: "JSONValues"),
        .executableTarget(name: "mote", dependencies: [
            "JupyterWire", "KernelCore", "ZeroMQTransport", "MoteRuntime", "MoteSyntax", "RichDisplay", "JSONValues",
            "CMalloc", "Int8Inference", "TFLiteFormat", "MCUEmulator", "FirmwareExport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "JSONValuesTests", dependencies: ["JSONValues"]),
        .testTarget(name: "JupyterWireTests", dependencies: ["JupyterWire"]),
        .testTarget(name: "KernelCoreTests", dependencies: ["KernelCore", "JupyterWire"]),
        .testTarget(name: "MoteSyntaxTests", dependencies: ["MoteSyntax"]),
        .testTarget(name: "TensorEngineTests", dependencies: ["TensorEngine"],
                    resources: [.copy("Goldens")]),
        .testTarget(name: "DataPipelineTests", dependencies: ["DataPipeline", "TensorEngine"],
                    exclude: ["make_digits.py"], resources: [.copy("Goldens")]),
        .testTarget(name: "Int8InferenceTests", dependencies: ["Int8Inference", "TFLiteFormat"],
                    resources: [.copy("Goldens")]),
        .testTarget(name: "TFLiteFormatTests", dependencies: ["TFLiteFormat", "Int8Inference"], exclude: ["Fixtures"]),
        .testTarget(name: "MCUEmulatorTests", dependencies: ["MCUEmulator", "TFLiteFormat"], exclude: ["Goldens/make_arena_goldens.py"], resources: [.copy("Goldens/arena.json")]),
        .testTarget(name: "FirmwareExportTests", dependencies: ["FirmwareExport", "Int8Inference", "MCUEmulator", "TFLiteFormat", "MoteRuntime", "MoteSyntax", "RichDisplay"],
                    exclude: ["run_port_firmware.py"]),
        .testTarget(name: "RichDisplayTests", dependencies: ["RichDisplay"]),
        .testTarget(name: "MoteRuntimeTests", dependencies: ["MoteRuntime", "MoteSyntax"],
                    resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
