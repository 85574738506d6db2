import Int8Inference

/// Hand-built int8 graphs for tests that need no model files.
enum SmallGraphs {
    private static func activation(_ name: String, _ shape: [Int], scale: Float = 0.05, zeroPoint: Int32 = 0) -> GraphTensor {
        GraphTensor(name: name, shape: shape, elementType: .int8, quantization: Quantization(scale: scale, zeroPoint: zeroPoint))
    }

    private static func weights(_ name: String, _ shape: [Int], seed: UInt64) -> GraphTensor {
        var random = SeededInputs(seed: seed)
        let count = shape.reduce(1, *)
        let values = random.int8(count: count).map { max($0, -127) }
        return GraphTensor(name: name, shape: shape, elementType: .int8,
                           quantization: Quantization(scale: 0.01, zeroPoint: 0), data: .int8(values))
    }

    private static func bias(_ name: String, _ count: Int) -> GraphTensor {
        GraphTensor(name: name, shape: [count], elementType: .int32, quantization: Quantization(scale: 0.0005, zeroPoint: 0),
                    data: .int32((0..<count).map { Int32($0 * 7 - 20) }))
    }

    /// A magic-wand-sized 1-D CNN: [1,1,100,6] → conv(8, k5, relu) → maxpool 2 → conv(16, k3, relu)
    /// → global average pool → reshape → dense(4) → softmax. Conv1d is CONV_2D with height 1.
    static func magicWand() -> Graph {
        let tensors: [GraphTensor] = [
            activation("input", [1, 1, 100, 6]),                     // 0
            weights("conv1/w", [8, 1, 5, 6], seed: 1),              // 1
            bias("conv1/b", 8),                                      // 2
            activation("conv1", [1, 1, 100, 8], scale: 0.04, zeroPoint: -128),  // 3
            activation("pool", [1, 1, 50, 8], scale: 0.04, zeroPoint: -128),    // 4
            weights("conv2/w", [16, 1, 3, 8], seed: 2),             // 5
            bias("conv2/b", 16),                                     // 6
            activation("conv2", [1, 1, 50, 16], scale: 0.03, zeroPoint: -128), // 7
            activation("gap", [1, 1, 1, 16], scale: 0.03, zeroPoint: -128),    // 8
            activation("flat", [1, 16], scale: 0.03, zeroPoint: -128),         // 9
            weights("dense/w", [4, 16], seed: 3),                   // 10
            bias("dense/b", 4),                                      // 11
            activation("logits", [1, 4], scale: 0.1, zeroPoint: 3),  // 12
            activation("probabilities", [1, 4], scale: 1.0 / 256, zeroPoint: -128),  // 13
        ]
        let operators: [GraphOperator] = [
            GraphOperator(kind: .conv2D(Conv2DOptions(padding: .same, activation: .relu)), inputs: [0, 1, 2], outputs: [3]),
            GraphOperator(kind: .maxPool2D(Pool2DOptions(padding: .valid, strideHeight: 1, strideWidth: 2, filterHeight: 1, filterWidth: 2)),
                          inputs: [3], outputs: [4]),
            GraphOperator(kind: .conv2D(Conv2DOptions(padding: .same, activation: .relu)), inputs: [4, 5, 6], outputs: [7]),
            GraphOperator(kind: .averagePool2D(Pool2DOptions(padding: .valid, strideHeight: 1, strideWidth: 50, filterHeight: 1, filterWidth: 50)),
                          inputs: [7], outputs: [8]),
            GraphOperator(kind: .reshape(ReshapeOptions(newShape: [1, 16])), inputs: [8], outputs: [9]),
            GraphOperator(kind: .fullyConnected(FullyConnectedOptions()), inputs: [9, 10, 11], outputs: [12]),
            GraphOperator(kind: .softmax(SoftmaxOptions()), inputs: [12], outputs: [13]),
        ]
        return Graph(tensors: tensors, operators: operators, inputs: [0], outputs: [13])
    }

    /// Two branches joined by ADD: the input stays live until the ADD, so a plan that puts the
    /// branch's tensors over it corrupts the sum.
    static func residual() -> Graph {
        let tensors: [GraphTensor] = [
            activation("input", [1, 4, 4, 8]),                      // 0
            weights("a/w", [8, 1, 1, 8], seed: 4), bias("a/b", 8),  // 1, 2
            activation("a", [1, 4, 4, 8], scale: 0.06),             // 3
            weights("b/w", [8, 1, 1, 8], seed: 5), bias("b/b", 8),  // 4, 5
            activation("b", [1, 4, 4, 8], scale: 0.07),             // 6
            activation("sum", [1, 4, 4, 8], scale: 0.1),            // 7
        ]
        let conv = Operator.conv2D(Conv2DOptions(padding: .valid))
        let operators: [GraphOperator] = [
            GraphOperator(kind: conv, inputs: [0, 1, 2], outputs: [3]),
            GraphOperator(kind: conv, inputs: [3, 4, 5], outputs: [6]),
            GraphOperator(kind: .add(AddOptions()), inputs: [0, 6], outputs: [7]),
        ]
        return Graph(tensors: tensors, operators: operators, inputs: [0], outputs: [7])
    }
}
