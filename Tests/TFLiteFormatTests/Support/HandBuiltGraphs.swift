import Int8Inference

/// A small seeded generator (SplitMix64), so hand-built weights and inputs are the same on every run.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func int8s(_ count: Int, in range: ClosedRange<Int> = -128...127) -> [Int8] {
        (0..<count).map { _ in Int8(int(in: range)) }
    }

    mutating func int32s(_ count: Int, in range: ClosedRange<Int>) -> [Int32] {
        (0..<count).map { _ in Int32(int(in: range)) }
    }

    /// A float in [low, high) with 24 random bits.
    mutating func float(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * Float(next() >> 40) / Float(1 << 24)
    }

    /// A random value for a graph input of this tensor's type and size.
    mutating func input(for tensor: GraphTensor) -> TensorData {
        switch tensor.elementType {
        case .int8: .int8(int8s(tensor.elementCount))
        case .int32: .int32(int32s(tensor.elementCount, in: -1000...1000))
        case .float32: .float32((0..<tensor.elementCount).map { _ in float(-3, 3) })
        }
    }
}

/// One small graph per operator, with seeded weights and the quantization TFLite requires of each op.
enum HandBuiltGraphs {
    /// Every hand-built graph by file name, in a fixed order.
    static let all: [(name: String, graph: Graph)] = [
        ("conv_2d", conv2D()), ("depthwise_conv_2d", depthwiseConv2D()), ("fully_connected", fullyConnected()),
        ("average_pool_2d", pool(average: true)), ("max_pool_2d", pool(average: false)), ("mean", mean()),
        ("add", add()), ("reshape", reshape()), ("softmax", softmax()), ("logistic", unary(.logistic)),
        ("tanh", unary(.tanh)), ("quantize", quantize()), ("dequantize", dequantize()),
    ]

    private static func activation(_ name: String, _ shape: [Int], scale: Float, zeroPoint: Int32) -> GraphTensor {
        GraphTensor(name: name, shape: shape, elementType: .int8, quantization: Quantization(scale: scale, zeroPoint: zeroPoint))
    }

    /// Per-channel int8 weights (symmetric) and int32 bias whose scale is input × weight scale.
    private static func weightsAndBias(_ rng: inout SplitMix64, filterShape: [Int], dimension: Int, inputScale: Float)
        -> (GraphTensor, GraphTensor) {
        let channels = filterShape[dimension]
        let scales = (0..<channels).map { _ in rng.float(0.002, 0.02) }
        let filter = GraphTensor(name: "filter", shape: filterShape, elementType: .int8,
                                 quantization: Quantization(scales: scales, zeroPoints: Array(repeating: 0, count: channels),
                                                            quantizedDimension: dimension),
                                 data: .int8(rng.int8s(filterShape.reduce(1, *), in: -127...127)))
        let bias = GraphTensor(name: "bias", shape: [channels], elementType: .int32,
                               quantization: Quantization(scales: scales.map { $0 * inputScale },
                                                          zeroPoints: Array(repeating: 0, count: channels)),
                               data: .int32(rng.int32s(channels, in: -3000...3000)))
        return (filter, bias)
    }

    static func conv2D() -> Graph {
        var rng = SplitMix64(seed: 1)
        let (filter, bias) = weightsAndBias(&rng, filterShape: [3, 3, 3, 2], dimension: 0, inputScale: 0.05)
        return Graph(tensors: [activation("input", [1, 5, 5, 2], scale: 0.05, zeroPoint: -3), filter, bias,
                               activation("output", [1, 3, 3, 3], scale: 0.2, zeroPoint: 5)],
                     operators: [GraphOperator(kind: .conv2D(Conv2DOptions(padding: .same, strideHeight: 2, strideWidth: 2,
                                                                           activation: .relu)),
                                               inputs: [0, 1, 2], outputs: [3])],
                     inputs: [0], outputs: [3])
    }

    static func depthwiseConv2D() -> Graph {
        var rng = SplitMix64(seed: 2)
        let (filter, bias) = weightsAndBias(&rng, filterShape: [1, 3, 3, 4], dimension: 3, inputScale: 0.01)
        return Graph(tensors: [activation("input", [1, 4, 4, 2], scale: 0.01, zeroPoint: 2), filter, bias,
                               activation("output", [1, 2, 2, 4], scale: 6.0 / 255, zeroPoint: -128)],
                     operators: [GraphOperator(kind: .depthwiseConv2D(DepthwiseConv2DOptions(padding: .valid, depthMultiplier: 2,
                                                                                             activation: .relu6)),
                                               inputs: [0, 1, 2], outputs: [3])],
                     inputs: [0], outputs: [3])
    }

    static func fullyConnected() -> Graph {
        var rng = SplitMix64(seed: 3)
        let filter = GraphTensor(name: "weights", shape: [4, 8], elementType: .int8,
                                 quantization: Quantization(scale: 0.01, zeroPoint: 0), data: .int8(rng.int8s(32, in: -127...127)))
        let bias = GraphTensor(name: "bias", shape: [4], elementType: .int32,
                               quantization: Quantization(scale: 0.01 * 0.06, zeroPoint: 0), data: .int32(rng.int32s(4, in: -2000...2000)))
        return Graph(tensors: [activation("input", [1, 8], scale: 0.06, zeroPoint: -7), filter, bias,
                               activation("output", [1, 4], scale: 0.15, zeroPoint: 10)],
                     operators: [GraphOperator(kind: .fullyConnected(FullyConnectedOptions()), inputs: [0, 1, 2], outputs: [3])],
                     inputs: [0], outputs: [3])
    }

    static func pool(average: Bool) -> Graph {
        let options = average
            ? Pool2DOptions(padding: .valid, strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2)
            : Pool2DOptions(padding: .same, strideHeight: 2, strideWidth: 2, filterHeight: 3, filterWidth: 3, activation: .relu)
        return Graph(tensors: [activation("input", [1, 4, 4, 3], scale: 0.05, zeroPoint: -10),
                               activation("output", [1, 2, 2, 3], scale: 0.05, zeroPoint: -10)],
                     operators: [GraphOperator(kind: average ? .averagePool2D(options) : .maxPool2D(options), inputs: [0], outputs: [1])],
                     inputs: [0], outputs: [1])
    }

    static func mean() -> Graph {
        Graph(tensors: [activation("input", [1, 3, 3, 4], scale: 0.05, zeroPoint: 3),
                        GraphTensor(name: "axes", shape: [2], elementType: .int32, data: .int32([1, 2])),
                        activation("output", [1, 1, 1, 4], scale: 0.05, zeroPoint: 3)],
              operators: [GraphOperator(kind: .mean(MeanOptions(keepDims: true)), inputs: [0, 1], outputs: [2])],
              inputs: [0], outputs: [2])
    }

    static func add() -> Graph {
        Graph(tensors: [activation("a", [1, 2, 2, 3], scale: 0.04, zeroPoint: -5),
                        activation("b", [1, 2, 2, 3], scale: 0.07, zeroPoint: 12),
                        activation("sum", [1, 2, 2, 3], scale: 0.09, zeroPoint: -2)],
              operators: [GraphOperator(kind: .add(AddOptions(activation: .relu)), inputs: [0, 1], outputs: [2])],
              inputs: [0, 1], outputs: [2])
    }

    static func reshape() -> Graph {
        Graph(tensors: [activation("input", [1, 2, 3, 2], scale: 0.05, zeroPoint: 1),
                        GraphTensor(name: "shape", shape: [2], elementType: .int32, data: .int32([1, 12])),
                        activation("output", [1, 12], scale: 0.05, zeroPoint: 1)],
              operators: [GraphOperator(kind: .reshape(ReshapeOptions(newShape: [1, 12])), inputs: [0, 1], outputs: [2])],
              inputs: [0], outputs: [2])
    }

    static func softmax() -> Graph {
        Graph(tensors: [activation("logits", [1, 10], scale: 0.1, zeroPoint: 4),
                        activation("probabilities", [1, 10], scale: 1.0 / 256, zeroPoint: -128)],
              operators: [GraphOperator(kind: .softmax(SoftmaxOptions(beta: 1)), inputs: [0], outputs: [1])],
              inputs: [0], outputs: [1])
    }

    /// LOGISTIC or TANH with the output parameters the int8 spec fixes for each.
    static func unary(_ kind: Operator) -> Graph {
        let output = kind == .tanh ? activation("output", [1, 8], scale: 1.0 / 128, zeroPoint: 0)
                                   : activation("output", [1, 8], scale: 1.0 / 256, zeroPoint: -128)
        return Graph(tensors: [activation("input", [1, 8], scale: 0.03, zeroPoint: -1), output],
                     operators: [GraphOperator(kind: kind, inputs: [0], outputs: [1])],
                     inputs: [0], outputs: [1])
    }

    static func quantize() -> Graph {
        Graph(tensors: [GraphTensor(name: "input", shape: [1, 6], elementType: .float32),
                        activation("output", [1, 6], scale: 0.02, zeroPoint: 4)],
              operators: [GraphOperator(kind: .quantize, inputs: [0], outputs: [1])],
              inputs: [0], outputs: [1])
    }

    static func dequantize() -> Graph {
        Graph(tensors: [activation("input", [1, 6], scale: 0.02, zeroPoint: 4),
                        GraphTensor(name: "output", shape: [1, 6], elementType: .float32)],
              operators: [GraphOperator(kind: .dequantize, inputs: [0], outputs: [1])],
              inputs: [0], outputs: [1])
    }
}
