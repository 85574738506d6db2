import Int8Inference

/// Hand-built graphs that together use every operator, every fused activation, per-channel and
/// per-tensor quantization, SAME and VALID padding, strides, dilation and broadcasting.
enum OperatorGraphs {
    static func activation(_ name: String, _ shape: [Int], scale: Float, zeroPoint: Int32) -> GraphTensor {
        GraphTensor(name: name, shape: shape, elementType: .int8, quantization: Quantization(scale: scale, zeroPoint: zeroPoint))
    }

    static func weights(_ name: String, _ shape: [Int], scales: [Float], dimension: Int = 0, zeroPoint: Int32 = 0, seed: UInt64) -> GraphTensor {
        var random = TestRandom(seed: seed)
        let values = random.int8(count: shape.reduce(1, *)).map { max($0, -127) }
        return GraphTensor(name: name, shape: shape, elementType: .int8,
                           quantization: Quantization(scales: scales, zeroPoints: Array(repeating: zeroPoint, count: scales.count),
                                                      quantizedDimension: dimension),
                           data: .int8(values))
    }

    static func bias(_ name: String, _ count: Int, seed: Int32) -> GraphTensor {
        GraphTensor(name: name, shape: [count], elementType: .int32, quantization: Quantization(scale: 0.0004, zeroPoint: 0),
                    data: .int32((0..<count).map { Int32($0) * 37 * seed - 150 }))
    }

    /// conv (SAME, stride 2, per-channel, relu) → depthwise (VALID, dilation 2, multiplier 2,
    /// relu6) → average pool (SAME, stride 2) → max pool (VALID, reluN1To1) → reshape →
    /// fully connected (per-tensor, filter zero point) → softmax.
    static func convolutions() -> Graph {
        let tensors: [GraphTensor] = [
            activation("input", [1, 11, 9, 3], scale: 0.05, zeroPoint: -5),                               // 0
            weights("conv/w", [4, 3, 3, 3], scales: [0.01, 0.02, 0.015, 0.03], seed: 1),                  // 1
            bias("conv/b", 4, seed: 1),                                                                   // 2
            activation("conv", [1, 6, 5, 4], scale: 0.04, zeroPoint: -128),                               // 3
            weights("dw/w", [1, 3, 2, 8], scales: [0.02], dimension: 3, seed: 2),                         // 4
            bias("dw/b", 8, seed: 2),                                                                     // 5
            activation("dw", [1, 2, 3, 8], scale: 0.03, zeroPoint: -100),                                 // 6
            activation("avg", [1, 1, 2, 8], scale: 0.03, zeroPoint: -100),                                // 7
            activation("max", [1, 1, 1, 8], scale: 0.01, zeroPoint: 3),                                   // 8
            activation("flat", [1, 8], scale: 0.01, zeroPoint: 3),                                        // 9
            weights("fc/w", [5, 8], scales: [0.02], zeroPoint: 2, seed: 3),                               // 10
            bias("fc/b", 5, seed: 3),                                                                     // 11
            activation("logits", [1, 5], scale: 0.08, zeroPoint: 10),                                     // 12
            activation("probabilities", [1, 5], scale: 1.0 / 256, zeroPoint: -128),                       // 13
        ]
        let operators: [GraphOperator] = [
            GraphOperator(kind: .conv2D(Conv2DOptions(padding: .same, strideHeight: 2, strideWidth: 2, activation: .relu)),
                          inputs: [0, 1, 2], outputs: [3]),
            GraphOperator(kind: .depthwiseConv2D(DepthwiseConv2DOptions(padding: .valid, dilationHeight: 2, dilationWidth: 2,
                                                                        depthMultiplier: 2, activation: .relu6)),
                          inputs: [3, 4, 5], outputs: [6]),
            GraphOperator(kind: .averagePool2D(Pool2DOptions(padding: .same, strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2)),
                          inputs: [6], outputs: [7]),
            GraphOperator(kind: .maxPool2D(Pool2DOptions(padding: .valid, strideHeight: 1, strideWidth: 1, filterHeight: 1, filterWidth: 2,
                                                         activation: .reluN1To1)),
                          inputs: [7], outputs: [8]),
            GraphOperator(kind: .reshape(ReshapeOptions(newShape: [1, 8])), inputs: [8], outputs: [9]),
            GraphOperator(kind: .fullyConnected(FullyConnectedOptions()), inputs: [9, 10, 11], outputs: [12]),
            GraphOperator(kind: .softmax(SoftmaxOptions(beta: 0.7)), inputs: [12], outputs: [13]),
        ]
        return Graph(tensors: tensors, operators: operators, inputs: [0], outputs: [13])
    }

    /// Grouped conv without bias (VALID, strides 2×1, relu6) → fully connected per-channel over
    /// several rows (relu) → tanh.
    static func groupedAndBatched() -> Graph {
        let tensors: [GraphTensor] = [
            activation("input", [1, 6, 6, 4], scale: 0.1, zeroPoint: 7),                                   // 0
            weights("conv/w", [6, 2, 2, 2], scales: [0.01, 0.02, 0.03, 0.01, 0.02, 0.03], seed: 4),       // 1
            activation("conv", [1, 3, 5, 6], scale: 0.05, zeroPoint: -128),                                // 2
            activation("rows", [15, 6], scale: 0.05, zeroPoint: -128),                                     // 3
            weights("fc/w", [3, 6], scales: [0.02, 0.01, 0.04], seed: 5),                                  // 4
            bias("fc/b", 3, seed: 5),                                                                      // 5
            activation("fc", [15, 3], scale: 0.06, zeroPoint: -20),                                        // 6
            activation("tanh", [15, 3], scale: 1.0 / 128, zeroPoint: 0),                                   // 7
        ]
        let operators: [GraphOperator] = [
            GraphOperator(kind: .conv2D(Conv2DOptions(padding: .valid, strideHeight: 2, strideWidth: 1, activation: .relu6)),
                          inputs: [0, 1, nil], outputs: [2]),
            GraphOperator(kind: .reshape(ReshapeOptions(newShape: [15, 6])), inputs: [2], outputs: [3]),
            GraphOperator(kind: .fullyConnected(FullyConnectedOptions(activation: .relu)), inputs: [3, 4, 5], outputs: [6]),
            GraphOperator(kind: .tanh, inputs: [6], outputs: [7]),
        ]
        return Graph(tensors: tensors, operators: operators, inputs: [0], outputs: [7])
    }

    /// ADD element by element (relu) and with broadcasting, MEAN over two axes (kept) and over
    /// the last axis, LOGISTIC.
    static func elementwise() -> Graph {
        let tensors: [GraphTensor] = [
            activation("input", [1, 3, 4, 5], scale: 0.07, zeroPoint: -3),                                 // 0
            GraphTensor(name: "bias", shape: [5], elementType: .int8, quantization: Quantization(scale: 0.05, zeroPoint: 4),
                        data: .int8([-100, -3, 0, 17, 120])),                                               // 1
            activation("shifted", [1, 3, 4, 5], scale: 0.09, zeroPoint: 1),                                // 2
            activation("doubled", [1, 3, 4, 5], scale: 0.15, zeroPoint: -10),                              // 3
            GraphTensor(name: "axes12", shape: [2], elementType: .int32, data: .int32([1, -2])),            // 4
            activation("pooled", [1, 1, 1, 5], scale: 0.05, zeroPoint: -7),                                // 5
            GraphTensor(name: "axes3", shape: [1], elementType: .int32, data: .int32([3])),                 // 6
            activation("rowmean", [1, 3, 4], scale: 0.02, zeroPoint: 9),                                   // 7
            activation("sigmoid", [1, 3, 4], scale: 1.0 / 256, zeroPoint: -128),                           // 8
        ]
        let operators: [GraphOperator] = [
            GraphOperator(kind: .add(AddOptions()), inputs: [0, 1], outputs: [2]),
            GraphOperator(kind: .add(AddOptions(activation: .relu)), inputs: [2, 0], outputs: [3]),
            GraphOperator(kind: .mean(MeanOptions(keepDims: true)), inputs: [3, 4], outputs: [5]),
            GraphOperator(kind: .mean(MeanOptions(keepDims: false)), inputs: [3, 6], outputs: [7]),
            GraphOperator(kind: .logistic, inputs: [7], outputs: [8]),
        ]
        return Graph(tensors: tensors, operators: operators, inputs: [0], outputs: [8])
    }

    /// A float input quantized, a float fully connected path, dequantized back to float:
    /// QUANTIZE → conv (per-tensor, reluN1To1) → DEQUANTIZE → float FULLY_CONNECTED (relu).
    static func floatEdges() -> Graph {
        var random = TestRandom(seed: 9)
        let tensors: [GraphTensor] = [
            GraphTensor(name: "input", shape: [1, 4, 4, 2], elementType: .float32),                         // 0
            activation("quantized", [1, 4, 4, 2], scale: 0.03, zeroPoint: -2),                              // 1
            weights("conv/w", [3, 1, 1, 2], scales: [0.02], seed: 6),                                        // 2
            activation("conv", [1, 4, 4, 3], scale: 0.01, zeroPoint: 0),                                     // 3
            GraphTensor(name: "conv_f", shape: [1, 48], elementType: .float32),                              // 4
            GraphTensor(name: "fc/w", shape: [4, 48], elementType: .float32, data: .float32(random.floats(count: 192, range: 0.5))), // 5
            GraphTensor(name: "fc/b", shape: [4], elementType: .float32, data: .float32([0.1, -0.2, 0.3, 0])),  // 6
            GraphTensor(name: "output", shape: [1, 4], elementType: .float32),                               // 7
        ]
        let operators: [GraphOperator] = [
            GraphOperator(kind: .quantize, inputs: [0], outputs: [1]),
            GraphOperator(kind: .conv2D(Conv2DOptions(padding: .same, activation: .reluN1To1)), inputs: [1, 2, nil], outputs: [3]),
            GraphOperator(kind: .dequantize, inputs: [3], outputs: [4]),
            GraphOperator(kind: .fullyConnected(FullyConnectedOptions(activation: .relu)), inputs: [4, 5, 6], outputs: [7]),
        ]
        return Graph(tensors: tensors, operators: operators, inputs: [0], outputs: [7])
    }
}
