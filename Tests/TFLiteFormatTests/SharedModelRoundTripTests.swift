import Foundation
import Testing
import Int8Inference
@testable import TFLiteFormat

/// Every shared third-party model: read → write → read gives the same graph, and the re-written
/// graph still computes TensorFlow Lite Micro's outputs bit for bit.
@Suite(.enabled(if: TestFiles.modelsAvailable, "shared models absent: set MOTE_MODELS_DIR"))
struct SharedModelRoundTripTests {
    /// The graph as the writer is meant to store it: a 1-D tensor's quantized dimension can only be 0.
    private func asWritten(_ graph: Graph) -> Graph {
        var graph = graph
        for index in graph.tensors.indices where graph.tensors[index].shape.count <= 1 {
            graph.tensors[index].quantization?.quantizedDimension = 0
        }
        return graph
    }

    @Test(arguments: TestFiles.modelNames)
    func rewrittenGraphEqualsTheOriginal(model name: String) throws {
        let original = try TFLiteReader.graph(from: try TestFiles.model(name))
        let bytes = try TFLiteWriter.encode(original)
        let reread = try TFLiteReader.graph(from: bytes)
        #expect(reread == asWritten(original))
        #expect(try TFLiteWriter.encode(reread) == bytes, "writing is idempotent")
        #expect(bytes.count % 16 == 0)
    }

    @Test(arguments: TestFiles.modelNames)
    func rewrittenGraphMatchesTFLiteMicroGoldens(model name: String) throws {
        let golden = try #require(ModelGoldens.shared?.models[name], "goldens for \(name)")
        let graph = try TFLiteReader.graph(from: try TFLiteWriter.encode(try TFLiteReader.graph(from: try TestFiles.model(name))))
        let interpreter = Interpreter(graph: graph)
        let inputs = try golden.inputValues()
        #expect(inputs.count >= 2)
        for (run, (input, expected)) in zip(inputs, golden.outputs).enumerated() {
            let output = try #require(try interpreter.run([input]).first)
            #expect(output.doubles == expected, "\(name) run \(run)")
        }
    }

    @Test func personDetectBiasesGetQuantizedDimensionZero() throws {
        let original = try TFLiteReader.graph(from: try TestFiles.model("person_detect"))
        let oddBiases = original.tensors.filter { $0.shape.count == 1 && ($0.quantization?.quantizedDimension ?? 0) != 0 }
        #expect(!oddBiases.isEmpty, "person_detect stores 1-D biases with quantized_dimension 3")
        let reread = try TFLiteReader.graph(from: try TFLiteWriter.encode(original))
        #expect(reread.tensors.allSatisfy { $0.shape.count != 1 || ($0.quantization?.quantizedDimension ?? 0) == 0 })
    }

    /// With `MOTE_INTEROP_DIR` set, writes every re-encoded shared model and hand-built graph
    /// there, for checking with LiteRT and TensorFlow Lite Micro (`Tests/python/test_tflite_interop.py`).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["MOTE_INTEROP_DIR"] != nil))
    func writeInteropFiles() throws {
        let directory = URL(fileURLWithPath: try #require(ProcessInfo.processInfo.environment["MOTE_INTEROP_DIR"]))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in TestFiles.modelNames {
            let bytes = try TFLiteWriter.encode(try TFLiteReader.graph(from: try TestFiles.model(name)))
            try Data(bytes).write(to: directory.appendingPathComponent("\(name).tflite"))
        }
        for (name, graph) in HandBuiltGraphs.all {
            try Data(try TFLiteWriter.encode(graph)).write(to: directory.appendingPathComponent("\(name).tflite"))
        }
    }
}
