import Testing
import Int8Inference
@testable import FirmwareExport

/// The 1×1, stride-1, unpadded CONV_2D path, which walks output-channel pairs outside and pixels
/// inside: every output must match the interpreter's bit for bit, whatever the batch count, the
/// parity of the channel count, and next to 1×1 layers that take the pixel-by-pixel path.
@Suite struct CPointwiseConvolutionTests {
    /// Two images: 1×1 SAME (6 channels, bias, relu) → 1×1 VALID without bias, 5 channels (the
    /// odd one out) → 1×1 stride 2 (not pointwise: pixel by pixel) → 1×1 per-tensor, 4 channels.
    static func pointwise() -> Graph {
        typealias G = OperatorGraphs
        let tensors: [GraphTensor] = [
            G.activation("input", [2, 4, 5, 9], scale: 0.05, zeroPoint: 11),                                   // 0
            G.weights("pw1/w", [6, 1, 1, 9], scales: [0.01, 0.02, 0.03, 0.015, 0.025, 0.02], seed: 21),        // 1
            G.bias("pw1/b", 6, seed: 7),                                                                       // 2
            G.activation("pw1", [2, 4, 5, 6], scale: 0.04, zeroPoint: -128),                                   // 3
            G.weights("pw2/w", [5, 1, 1, 6], scales: [0.02, 0.01, 0.03, 0.02, 0.015], seed: 22),               // 4
            G.activation("pw2", [2, 4, 5, 5], scale: 0.03, zeroPoint: 6),                                      // 5
            G.weights("s2/w", [3, 1, 1, 5], scales: [0.02, 0.03, 0.01], seed: 23),                             // 6
            G.bias("s2/b", 3, seed: 8),                                                                        // 7
            G.activation("s2", [2, 2, 3, 3], scale: 0.05, zeroPoint: -3),                                      // 8
            G.weights("pw3/w", [4, 1, 1, 3], scales: [0.02], seed: 24),                                        // 9
            G.bias("pw3/b", 4, seed: 9),                                                                       // 10
            G.activation("pw3", [2, 2, 3, 4], scale: 0.06, zeroPoint: 2),                                      // 11
        ]
        let operators: [GraphOperator] = [
            GraphOperator(kind: .conv2D(Conv2DOptions(padding: .same, activation: .relu)), inputs: [0, 1, 2], outputs: [3]),
            GraphOperator(kind: .conv2D(Conv2DOptions(padding: .valid)), inputs: [3, 4, nil], outputs: [5]),
            GraphOperator(kind: .conv2D(Conv2DOptions(padding: .same, strideHeight: 2, strideWidth: 2)),
                          inputs: [5, 6, 7], outputs: [8]),
            GraphOperator(kind: .conv2D(Conv2DOptions(padding: .valid, activation: .relu6)), inputs: [8, 9, 10], outputs: [11]),
        ]
        return Graph(tensors: tensors, operators: operators, inputs: [0], outputs: [11])
    }

    @Test func pointwiseLayersAreBitExact() throws {
        guard HostCompiler.path != nil else { return }
        let graph = Self.pointwise()
        let outputs = try Interpreter(graph: graph, kernels: .reference)
            .run([randomInput(for: graph.tensors[0], seed: 5)])
        #expect(outputs.count == 1)
        try HostCompiler.checkBitExact(graph, count: 10, seed: 500, label: "pointwise")
    }

    /// The generated kernels carry the channel-outer path and take it before the pixel loops.
    @Test func kernelsChoosePointwiseBeforePixelLoops() throws {
        let source = CKernelSource.convolutions
        let choice = try #require(source.range(of: "if (conv_is_pointwise(p))"))
        let pixelLoop = try #require(source.range(of: "for (batch = 0; batch < p->batches; batch++)"))
        #expect(choice.lowerBound < pixelLoop.lowerBound)
    }
}
