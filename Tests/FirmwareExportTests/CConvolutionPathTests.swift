import Foundation
import Testing
import Int8Inference
@testable import FirmwareExport

/// The convolutions' two paths: windows inside the input (offset folded into the bias, two
/// channels per pass, the unrolled 3×3 depthwise) and windows over the padding (per tap).
@Suite struct CConvolutionPathTests {
    /// depthwise 3×3 (SAME, stride 1) → depthwise 3×3 (SAME, stride 2, per-tensor) → conv 1×1
    /// without bias, an odd number of channels → conv 2×3 (SAME, dilated along the width).
    static func paths() -> Graph {
        typealias G = OperatorGraphs
        let tensors: [GraphTensor] = [
            G.activation("input", [1, 9, 10, 5], scale: 0.05, zeroPoint: -7),                          // 0
            G.weights("dw1/w", [1, 3, 3, 5], scales: [0.02, 0.01, 0.03, 0.02, 0.015], dimension: 3, seed: 11), // 1
            G.bias("dw1/b", 5, seed: 4),                                                               // 2
            G.activation("dw1", [1, 9, 10, 5], scale: 0.04, zeroPoint: -20),                          // 3
            G.weights("dw2/w", [1, 3, 3, 5], scales: [0.02], dimension: 3, seed: 12),                  // 4
            G.bias("dw2/b", 5, seed: 5),                                                               // 5
            G.activation("dw2", [1, 5, 5, 5], scale: 0.03, zeroPoint: 9),                              // 6
            G.weights("pw/w", [7, 1, 1, 5], scales: [0.01, 0.02, 0.03, 0.01, 0.02, 0.03, 0.025], seed: 13), // 7
            G.activation("pw", [1, 5, 5, 7], scale: 0.05, zeroPoint: -128),                            // 8
            G.weights("conv/w", [5, 2, 3, 7], scales: [0.01, 0.02, 0.015, 0.03, 0.02], seed: 14),     // 9
            G.bias("conv/b", 5, seed: 6),                                                              // 10
            G.activation("conv", [1, 5, 5, 5], scale: 0.06, zeroPoint: 4),                             // 11
        ]
        let operators: [GraphOperator] = [
            GraphOperator(kind: .depthwiseConv2D(DepthwiseConv2DOptions(padding: .same, activation: .relu)),
                          inputs: [0, 1, 2], outputs: [3]),
            GraphOperator(kind: .depthwiseConv2D(DepthwiseConv2DOptions(padding: .same, strideHeight: 2, strideWidth: 2)),
                          inputs: [3, 4, 5], outputs: [6]),
            GraphOperator(kind: .conv2D(Conv2DOptions(padding: .valid, activation: .relu6)), inputs: [6, 7, nil], outputs: [8]),
            GraphOperator(kind: .conv2D(Conv2DOptions(padding: .same, dilationWidth: 2)), inputs: [8, 9, 10], outputs: [11]),
        ]
        return Graph(tensors: tensors, operators: operators, inputs: [0], outputs: [11])
    }

    @Test func insideAndBorderPathsAreBitExact() throws {
        guard HostCompiler.path != nil else { return }
        let graph = Self.paths()
        _ = try Interpreter(graph: graph, kernels: .reference).run([randomInput(for: graph.tensors[0], seed: 3)])
        try HostCompiler.checkBitExact(graph, count: 12, seed: 300, label: "paths")
    }

    /// Each folded bias is bias + input offset × Σ filter taps, wrapping, per output channel.
    @Test func foldedBiasIsBiasPlusOffsetTimesTapSum() throws {
        let graph = Self.paths()
        let source = try #require(try CModelExport(graph: graph).files.first { $0.name == "mote_model.c" }).contents
        // Depthwise: taps interleaved by channel; input zero point -7 gives offset 7.
        guard case .int8(let dw)? = graph.tensors[1].data, case .int32(let dwBias)? = graph.tensors[2].data else {
            Issue.record("constant tensors expected"); return
        }
        let dwExpected = (0..<5).map { c in dwBias[c] &+ 7 &* (0..<9).reduce(Int32(0)) { $0 &+ Int32(dw[$1 * 5 + c]) } }
        #expect(Self.folded("mote_op0", in: source) == dwExpected)
        // Conv 1×1 without bias: taps contiguous per channel; input zero point 9 gives offset -9.
        guard case .int8(let pw)? = graph.tensors[7].data else { Issue.record("constant filter expected"); return }
        let pwExpected = (0..<7).map { c in -9 &* (0..<5).reduce(Int32(0)) { $0 &+ Int32(pw[c * 5 + $1]) } }
        #expect(Self.folded("mote_op2", in: source) == pwExpected)
    }

    /// The values of `<name>_folded_bias` in the generated C (its initializer spans lines).
    static func folded(_ name: String, in source: String) -> [Int32] {
        guard let start = source.range(of: "\(name)_folded_bias["),
              let open = source[start.upperBound...].firstIndex(of: "{"),
              let close = source[open...].firstIndex(of: "}") else { return [] }
        return source[source.index(after: open)..<close].split(separator: ",").compactMap {
            Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
