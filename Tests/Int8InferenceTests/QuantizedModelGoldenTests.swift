import Foundation
import Testing
import TensorEngine
import Int8Inference
import TFLiteFormat

/// Models Mote trains and quantizes, written as `.tflite` files under `Goldens/quantized/`, and
/// TensorFlow Lite Micro's values for them (`Goldens/make_quantized_goldens.py`).
///
/// Regenerate the files with `MOTE_UPDATE_GOLDENS=1 swift test --filter QuantizedModelGoldenTests`,
/// then the TFLM values with the Python script.
enum MoteMadeModels {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let input: [Int]
        let layers: [LayerSpec]
        let images: Bool
        var description: String { name }

        /// Trains the model briefly (fixed seeds) and quantizes it on 100 training samples.
        func quantized() throws -> Graph {
            let data = images ? ToyData.images(count: 120, seed: 31) : ToyData.sequences(count: 120, seed: 32)
            var model = try Model.build(input: input, layers: layers, seed: 4)
            // Without a softmax output the labels train as one-hot targets (mse).
            let classes = model.outputShape.reduce(1, *)
            let targets = model.finalActivation == .softmax ? data.labels
                : Tensor(shape: [data.labels.count, classes], scalars: data.labels.scalars.flatMap { label in
                    (0..<classes).map { Float($0) == label ? 1 : 0 }
                })
            _ = try Trainer.fit(&model, inputs: data.inputs, targets: targets,
                                options: TrainingOptions(epochs: 3, batchSize: 16, optimizer: .adam(learningRate: 0.01), seed: 2))
            let size = input.reduce(1, *)
            let calibration = Tensor(shape: [100] + input, scalars: Array(data.inputs.scalars.prefix(100 * size)))
            return try Quantizer.quantize(model, calibration: calibration).graph
        }

        var url: URL {
            URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Goldens/quantized/\(name).tflite")
        }
    }

    static let cases: [Case] = [
        Case(name: "wand_conv1d", input: [24, 3], layers: [
            .conv1d(filters: 8, kernel: 5, activation: .relu), .maxPool(2), .conv1d(filters: 8, kernel: 3, activation: .relu),
            .globalAveragePool, .dense(units: 3, activation: .softmax),
        ], images: false),
        Case(name: "image_conv2d_depthwise", input: [8, 8, 1], layers: [
            .conv2d(filters: 6, kernel: Size2D(3), activation: .relu6),
            .depthwiseConv2d(kernel: Size2D(3), multiplier: 2, stride: Size2D(2), activation: .relu), .averagePool(2),
            .flatten, .dropout(rate: 0.1), .dense(units: 16, activation: .relu), .dense(units: 3, activation: .softmax),
        ], images: true),
        Case(name: "batchnorm_tanh_sigmoid", input: [24, 3], layers: [
            .conv1d(filters: 6, kernel: 3), .batchNormalization,
            .conv1d(filters: 6, kernel: 3, padding: .valid, activation: .relu), .batchNormalization, .maxPool(2, stride: 1),
            .flatten, .dense(units: 8, activation: .tanh), .dense(units: 3, activation: .sigmoid),
        ], images: false),
        Case(name: "image_valid_maxpool_linear", input: [8, 8, 1], layers: [
            .conv2d(filters: 4, kernel: Size2D(height: 3, width: 2), padding: .valid), .maxPool(2), .globalAveragePool,
            .dense(units: 3),
        ], images: true),
    ]

    static var updating: Bool { ProcessInfo.processInfo.environment["MOTE_UPDATE_GOLDENS"] == "1" }
}

/// TensorFlow Lite Micro's values for the Mote-made files: per run, the int8 input, the output
/// and every non-constant tensor kept with `kPreserveAllTensors`.
struct QuantizedGoldens: Decodable {
    struct Run: Decodable {
        let input: [Int8]
        let output: [Int8]
        /// Tensor index (as text) → values.
        let tensors: [String: [Int8]]
    }

    let models: [String: [Run]]

    static let shared: QuantizedGoldens? = {
        guard let url = Bundle.module.url(forResource: "quantized", withExtension: "json", subdirectory: "Goldens"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(QuantizedGoldens.self, from: data)
    }()
}

@Suite struct QuantizedModelGoldenTests {
    @Test(arguments: MoteMadeModels.cases)
    func committedFileIsWhatTheQuantizerAndWriterMakeNow(model: MoteMadeModels.Case) throws {
        let bytes = try TFLiteWriter.encode(try model.quantized())
        if MoteMadeModels.updating {
            try Data(bytes).write(to: model.url)
            return
        }
        let committed = [UInt8](try Data(contentsOf: model.url))
        #expect(bytes == committed, "\(model.name): regenerate with MOTE_UPDATE_GOLDENS=1 and rerun make_quantized_goldens.py")
    }

    @Test(arguments: MoteMadeModels.cases)
    func interpreterEqualsTFLiteMicroOnEveryTensor(model: MoteMadeModels.Case) throws {
        let runs = try #require(QuantizedGoldens.shared?.models[model.name])
        #expect(runs.count >= 2)
        let graph = try TFLiteReader.graph(from: [UInt8](try Data(contentsOf: model.url)))
        let interpreter = Interpreter(graph: graph)
        for (number, run) in runs.enumerated() {
            let values = try interpreter.runKeepingTensors([.int8(run.input)])
            #expect(values[graph.outputs[0]] == .int8(run.output), "\(model.name) run \(number): output")
            #expect(run.tensors.count >= graph.operators.count)
            for (key, expected) in run.tensors {
                let index = try #require(Int(key))
                #expect(values[index] == .int8(expected), "\(model.name) run \(number): tensor \(index) \"\(graph.tensors[index].name)\"")
            }
        }
    }
}
