import Testing
@testable import Int8Inference
import TFLiteFormat

/// The fast kernels inside whole models: every tensor equal to the reference path's.
@Suite(.enabled(if: SharedModels.available, "shared models absent: set MOTE_MODELS_DIR"))
struct FastModelTests {
    static let mlperfTiny = ["kws_ref_model", "vww_96_int8", "pretrainedResnet_quant", "ad01_int8"]

    @Test(arguments: ModelGoldens.names)
    func everyTensorEqualsTheReferencePath(model name: String) throws {
        let graph = try TFLiteReader.graph(from: try SharedModels.bytes(name))
        let fast = Interpreter(graph: graph), reference = Interpreter(graph: graph, kernels: .reference)
        #expect(fast.kernels == .fast && reference.kernels == .reference)
        var rng = SplitMixGenerator(state: UInt64(name.utf8.count) &* 31)
        let tensor = graph.tensors[graph.inputs[0]]
        for _ in 0..<3 {
            let input: TensorData
            switch tensor.elementType {
            case .int8: input = .int8((0..<tensor.elementCount).map { _ in Int8.random(in: .min ... .max, using: &rng) })
            case .float32: input = .float32((0..<tensor.elementCount).map { _ in Float.random(in: -2...2, using: &rng) })
            case .int32: input = .int32((0..<tensor.elementCount).map { _ in Int32.random(in: -100...100, using: &rng) })
            }
            // `run` takes the planned block (and the evaluated operators' copies in and out of it).
            let expected = try reference.run([input])
            #expect(try fast.run([input]) == expected, "\(name): outputs")
            // In place where the input and the output both lie in the block: the MLPerf Tiny models,
            // whose every operator (SOFTMAX and RESHAPE too) runs on pointers. Two samples in one
            // block: the second (the first reversed) must not see the first's values.
            if case .int8(let values) = input {
                let samples = [values, values.reversed()]
                var outputs: [[TensorData]] = []
                let ran = try fast.runInPlace(samples: 2, fill: { n, buffer in _ = buffer.initialize(from: samples[n]) },
                                              read: { _, output in outputs.append([.int8(Array(output))]) })
                if Self.mlperfTiny.contains(name) {
                    let second = try reference.run([.int8(samples[1])])
                    #expect(ran && outputs == [expected, second], "\(name): outputs in place")
                } else {
                    #expect(ran == !outputs.isEmpty, "\(name): outputs read only when run")
                }
            }
            let fastValues = try fast.runKeepingTensors([input]), referenceValues = try reference.runKeepingTensors([input])
            for (index, (a, b)) in zip(fastValues, referenceValues).enumerated() {
                #expect(a == b, "\(name): tensor \(index) \"\(graph.tensors[index].name)\"")
            }
        }
    }

    @Test(arguments: mlperfTiny)
    func everyOperatorRunsFastOnPointers(model name: String) throws {
        let graph = try TFLiteReader.graph(from: try SharedModels.bytes(name))
        let interpreter = Interpreter(graph: graph)
        for (position, op) in graph.operators.enumerated() {
            switch op.kind {
            case .conv2D, .depthwiseConv2D, .fullyConnected, .add, .averagePool2D, .maxPool2D, .reshape, .softmax:
                #expect(interpreter.prepared[position] != nil, "\(name): operator \(position) \(op.kind.name)")
                #expect(interpreter.directKernel(at: position) != nil, "\(name): operator \(position) runs on pointers")
            case .mean, .logistic, .tanh, .quantize, .dequantize:
                #expect(interpreter.prepared[position] == nil)
                #expect(interpreter.directKernel(at: position) == nil)
            }
        }
    }
}
