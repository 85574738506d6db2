import Foundation
import Testing
import Int8Inference

/// Files the tests read beside the sources: the shared third-party models, the TFLM goldens
/// committed with the Int8Inference tests, and this target's fixtures.
enum TestFiles {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = packageRoot.appendingPathComponent("Tests/TFLiteFormatTests/Fixtures")

    /// `MOTE_MODELS_DIR`, else `../shared/models` beside the package root; nil (announced) when absent.
    static let modelsDirectory: URL? = {
        let candidate = ProcessInfo.processInfo.environment["MOTE_MODELS_DIR"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/models")
        guard FileManager.default.fileExists(atPath: candidate.appendingPathComponent("hello_world_int8.tflite").path) else {
            print("⚠️  SKIPPING writer round trips on shared models: none at \(candidate.path); set MOTE_MODELS_DIR")
            return nil
        }
        return candidate
    }()

    static var modelsAvailable: Bool { modelsDirectory != nil }

    static let modelNames = ["ad01_int8", "hello_world_float", "hello_world_int8", "kws_ref_model", "micro_speech_quantized",
                             "person_detect", "pretrainedResnet_quant", "vww_96_int8"]

    static func model(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: try #require(modelsDirectory).appendingPathComponent("\(name).tflite")))
    }
}

/// TensorFlow Lite Micro's outputs for the shared models (`Tests/Int8InferenceTests/Goldens/models.json`).
struct ModelGoldens: Decodable {
    struct Model: Decodable {
        let inputs: [String]
        let outputs: [[Double]]
        let input_type: String

        /// The golden inputs as tensor values.
        func inputValues() throws -> [TensorData] {
            try inputs.map { encoded in
                let raw = [UInt8](try #require(Data(base64Encoded: encoded)))
                switch input_type {
                case "float32":
                    return .float32(stride(from: 0, to: raw.count, by: 4).map { at in
                        Float(bitPattern: UInt32(raw[at]) | UInt32(raw[at + 1]) << 8 | UInt32(raw[at + 2]) << 16 | UInt32(raw[at + 3]) << 24)
                    })
                default:
                    return .int8(raw.map { Int8(bitPattern: $0) })
                }
            }
        }
    }

    let models: [String: Model]

    static let shared: ModelGoldens? = {
        let url = TestFiles.packageRoot.appendingPathComponent("Tests/Int8InferenceTests/Goldens/models.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(ModelGoldens.self, from: data)
    }()
}

extension TensorData {
    /// The values as doubles, for comparing with JSON goldens.
    var doubles: [Double] {
        switch self {
        case .int8(let values): values.map { Double($0) }
        case .int32(let values): values.map { Double($0) }
        case .float32(let values): values.map { Double($0) }
        }
    }
}
