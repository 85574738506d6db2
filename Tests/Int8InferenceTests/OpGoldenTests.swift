import Foundation
import Testing
import Int8Inference

/// TensorFlow Lite Micro's outputs for single-operator int8 models (`Goldens/make_op_goldens.py`).
struct OpGoldens: Decodable {
    struct Case: Decodable {
        let op: String
        let shape: [Int]
        let output_shape: [Int]
        let axes: [Int]?
        let keep_dims: Bool?
        let input_scale: Float
        let input_zero_point: Int32
        let output_scale: Float
        let output_zero_point: Int32
        let inputs: [Int8]
        let outputs: [Int8]

        /// The case as a one-operator graph, as the golden script builds it.
        var graph: Graph {
            var tensors = [
                GraphTensor(name: "input", shape: shape, elementType: .int8,
                            quantization: Quantization(scale: input_scale, zeroPoint: input_zero_point)),
                GraphTensor(name: "output", shape: output_shape, elementType: .int8,
                            quantization: Quantization(scale: output_scale, zeroPoint: output_zero_point)),
            ]
            let kind: Operator
            var inputs: [Int?] = [0]
            switch op {
            case "LOGISTIC": kind = .logistic
            case "TANH": kind = .tanh
            default:
                kind = .mean(MeanOptions(keepDims: keep_dims ?? false))
                tensors.append(GraphTensor(name: "axes", shape: [axes?.count ?? 0], elementType: .int32,
                                           data: .int32((axes ?? []).map(Int32.init))))
                inputs.append(2)
            }
            return Graph(tensors: tensors, operators: [GraphOperator(kind: kind, inputs: inputs, outputs: [1])],
                         inputs: [0], outputs: [1])
        }
    }

    let cases: [Case]

    static let shared: OpGoldens? = {
        guard let url = Bundle.module.url(forResource: "ops", withExtension: "json", subdirectory: "Goldens"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(OpGoldens.self, from: data)
    }()
}

@Suite struct OpGoldenTests {
    @Test func goldensCoverEveryOp() throws {
        let goldens = try #require(OpGoldens.shared)
        #expect(Set(goldens.cases.map(\.op)) == ["LOGISTIC", "TANH", "MEAN"])
        #expect(goldens.cases.count == 20)
    }

    @Test(arguments: 0..<20)
    func interpreterEqualsTFLiteMicroBitForBit(index: Int) throws {
        let golden = try #require(OpGoldens.shared?.cases[index])
        let output = try Interpreter(graph: golden.graph).run([.int8(golden.inputs)])
        #expect(output == [.int8(golden.outputs)],
                "\(golden.op) s=\(golden.input_scale) zp=\(golden.input_zero_point)")
    }

    @Test func logisticIsOneHalfAtZeroAndSymmetric() {
        let p = SigmoidParameters(inputScale: 0.05, inputZeroPoint: 0)
        let out = ReferenceKernels.logistic([0, 20, -20], parameters: p)
        // 0.5 * 256 - 128 = 0; logistic(±1) = 0.731 / 0.269 → 59 / -59.
        #expect(out == [0, 59, -59])
        #expect(ReferenceKernels.tanh([0, 20, -20], parameters: p) == [0, 97, -97])
    }

    @Test func meanRejectsAxesOutOfRange() {
        let p = MeanParameters(input: Quantization(scale: 1, zeroPoint: 0), output: Quantization(scale: 1, zeroPoint: 0))
        #expect(ReferenceKernels.mean([1, 2], shape: [1, 2], axes: [2], keepDims: false, parameters: p) == nil)
        let mean = ReferenceKernels.mean([1, 2, 3, 6], shape: [2, 2], axes: [-1], keepDims: true, parameters: p)
        #expect(mean?.values == [2, 5])  // 1.5 rounds away from zero; 4.5 → 5
        #expect(mean?.shape == [2, 1])
    }
}
