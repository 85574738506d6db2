import Foundation
import Testing
import Int8Inference
import TFLiteFormat
@testable import MCUEmulator

/// The third-party models: `MOTE_MODELS_DIR`, else `../shared/models` beside the package root.
enum SharedModels {
    static let directory: URL? = {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = ProcessInfo.processInfo.environment["MOTE_MODELS_DIR"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/models")
        guard FileManager.default.fileExists(atPath: candidate.appendingPathComponent("hello_world_int8.tflite").path) else {
            print("⚠️  SKIPPING MCU emulator model tests: no shared models at \(candidate.path); set MOTE_MODELS_DIR")
            return nil
        }
        return candidate
    }()

    static var available: Bool { directory != nil }

    /// The int8 models (the float hello_world is left out: deployments are int8).
    static let int8Names = ["ad01_int8", "hello_world_int8", "kws_ref_model", "micro_speech_quantized", "person_detect",
                            "pretrainedResnet_quant", "vww_96_int8"]

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(directory).appendingPathComponent("\(name).tflite")
        return [UInt8](try Data(contentsOf: url))
    }

    static func graph(_ name: String) throws -> Graph {
        try TFLiteReader.graph(from: try bytes(name))
    }
}

/// TensorFlow Lite Micro's recorded arena figures (`Goldens/make_arena_goldens.py`).
struct ArenaGoldens: Decodable {
    struct Kind: Decodable {
        let used: Int
        let requested: Int
        let count: Int
    }

    struct Model: Decodable {
        let total: Int
        let head: Int
        let tail: Int
        let kinds: [String: Kind]
    }

    let pointer_size: Int
    let models: [String: Model]

    static let shared: ArenaGoldens? = {
        guard let url = Bundle.module.url(forResource: "arena", withExtension: "json"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(ArenaGoldens.self, from: data)
    }()
}

/// Seeded int8 inputs (SplitMix64), so every run sees the same values.
struct SeededInputs {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int8(count: Int) -> [Int8] {
        (0..<count).map { _ in Int8(truncatingIfNeeded: next()) }
    }

    /// One random value for every graph input.
    mutating func inputs(for graph: Graph) -> [TensorData] {
        graph.inputs.map { .int8(int8(count: graph.tensors[$0].elementCount)) }
    }
}
