import Foundation
import Testing
import Int8Inference
import TFLiteFormat

/// The third-party models: `MOTE_MODELS_DIR`, else `../shared/models` beside the package root.
enum SharedModels {
    static let directory: URL? = {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = ProcessInfo.processInfo.environment["MOTE_MODELS_DIR"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/models")
        guard FileManager.default.fileExists(atPath: candidate.appendingPathComponent("hello_world_int8.tflite").path) else {
            print("⚠️  SKIPPING model tests: no shared models at \(candidate.path); set MOTE_MODELS_DIR")
            return nil
        }
        return candidate
    }()

    static var available: Bool { directory != nil }

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(directory).appendingPathComponent("\(name).tflite")
        return [UInt8](try Data(contentsOf: url))
    }
}

/// TensorFlow Lite Micro's outputs and the parser's view of each model (`Goldens/make_model_goldens.py`).
struct ModelGoldens: Decodable {
    struct Model: Decodable {
        let inputs: [String]
        let outputs: [[Double]]
        let operators: [String]
        let shapes: [[Int]]
        let input_type: String
    }

    let models: [String: Model]

    static let shared: ModelGoldens? = {
        guard let url = Bundle.module.url(forResource: "models", withExtension: "json", subdirectory: "Goldens"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(ModelGoldens.self, from: data)
    }()

    static let names = ["ad01_int8", "hello_world_float", "hello_world_int8", "kws_ref_model", "micro_speech_quantized",
                        "person_detect", "pretrainedResnet_quant", "vww_96_int8"]
}

@Suite(.enabled(if: SharedModels.available, "shared models absent: set MOTE_MODELS_DIR"))
struct ModelGoldenTests {
    @Test func everySharedModelHasGoldens() throws {
        let goldens = try #require(ModelGoldens.shared)
        #expect(Set(goldens.models.keys) == Set(ModelGoldens.names))
    }

    @Test(arguments: ModelGoldens.names)
    func readerSeesTheSameOperatorsAndShapes(model name: String) throws {
        let golden = try #require(ModelGoldens.shared?.models[name])
        let graph = try TFLiteReader.graph(from: try SharedModels.bytes(name))
        #expect(graph.operators.map(\.kind.name) == golden.operators)
        #expect(graph.tensors.map(\.shape) == golden.shapes)
    }

    @Test(arguments: ModelGoldens.names)
    func outputsEqualTFLiteMicroBitForBit(model name: String) throws {
        let golden = try #require(ModelGoldens.shared?.models[name])
        let interpreter = Interpreter(graph: try TFLiteReader.graph(from: try SharedModels.bytes(name)))
        #expect(golden.inputs.count >= 2)
        for (run, (encoded, expected)) in zip(golden.inputs, golden.outputs).enumerated() {
            let raw = [UInt8](try #require(Data(base64Encoded: encoded)))
            let input: TensorData
            switch golden.input_type {
            case "float32":
                input = .float32(stride(from: 0, to: raw.count, by: 4).map { at in
                    Float(bitPattern: UInt32(raw[at]) | UInt32(raw[at + 1]) << 8 | UInt32(raw[at + 2]) << 16 | UInt32(raw[at + 3]) << 24)
                })
            default:
                input = .int8(raw.map { Int8(bitPattern: $0) })
            }
            let output = try #require(try interpreter.run([input]).first)
            switch output {
            case .int8(let values):
                #expect(values.map { Double($0) } == expected, "\(name) run \(run)")
            case .float32(let values):
                #expect(values.map { Double($0) } == expected, "\(name) run \(run)")
            case .int32(let values):
                Issue.record("\(name) gave int32 output \(values.prefix(4))")
            }
        }
    }
}
