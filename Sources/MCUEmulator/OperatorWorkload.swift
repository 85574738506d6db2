import Int8Inference

/// What one operator of a graph asks of a microcontroller: arithmetic and bytes moved.
public struct OperatorWorkload: Sendable, Hashable {
    /// Position of the operator in execution order.
    public var index: Int
    /// The operation with its options.
    public var kind: Operator
    /// The operator's TensorFlow Lite name, as in `CONV_2D`.
    public var name: String { kind.name }
    /// Multiply-accumulates (0 for operators without a filter).
    public var macs: Int
    /// Output elements (each is requantized once).
    public var outputs: Int
    /// Input activation bytes read (non-constant inputs).
    public var activationBytesIn: Int
    /// Output activation bytes written.
    public var activationBytesOut: Int
    /// Constant bytes read from flash (weights, biases).
    public var constantBytes: Int
    /// The filter's spatial size (kernel height × width; 1 for other operators).
    public var kernelArea: Int

    /// Creates a workload record.
    public init(index: Int, kind: Operator, macs: Int, outputs: Int, activationBytesIn: Int, activationBytesOut: Int,
                constantBytes: Int, kernelArea: Int) {
        self.index = index
        self.kind = kind
        self.macs = macs
        self.outputs = outputs
        self.activationBytesIn = activationBytesIn
        self.activationBytesOut = activationBytesOut
        self.constantBytes = constantBytes
        self.kernelArea = kernelArea
    }

    /// The workload of every operator of a graph, in execution order.
    public static func of(_ graph: Graph) -> [OperatorWorkload] {
        graph.operators.enumerated().map { index, op in workload(of: op, at: index, in: graph) }
    }

    static func workload(of op: GraphOperator, at index: Int, in graph: Graph) -> OperatorWorkload {
        let tensors = graph.tensors
        let inputs = op.inputs.compactMap { $0 }.map { tensors[$0] }
        let outputs = op.outputs.map { tensors[$0] }
        let outputCount = outputs.reduce(0) { $0 + $1.elementCount }
        let filter = op.inputs.count > 1 ? op.inputs[1].map { tensors[$0] } : nil
        var macs = 0
        var kernelArea = 1
        switch op.kind {
        case .conv2D:
            // Each output sums kernel height × width × filter input depth products.
            if let shape = filter?.shape, shape.count == 4 {
                kernelArea = shape[1] * shape[2]
                macs = outputCount * shape[1] * shape[2] * shape[3]
            }
        case .depthwiseConv2D:
            if let shape = filter?.shape, shape.count == 4 {
                kernelArea = shape[1] * shape[2]
                macs = outputCount * shape[1] * shape[2]
            }
        case .fullyConnected:
            if let shape = filter?.shape, let depth = shape.last { macs = outputCount * depth }
        case .averagePool2D, .maxPool2D, .mean, .add, .reshape, .softmax, .logistic, .tanh, .quantize, .dequantize:
            macs = 0
        }
        return OperatorWorkload(
            index: index, kind: op.kind, macs: macs, outputs: outputCount,
            activationBytesIn: inputs.filter { !$0.isConstant }.reduce(0) { $0 + $1.byteCount },
            activationBytesOut: outputs.reduce(0) { $0 + $1.byteCount },
            constantBytes: inputs.filter(\.isConstant).reduce(0) { $0 + $1.byteCount },
            kernelArea: kernelArea)
    }
}

extension GraphTensor {
    /// Bytes the tensor's values occupy.
    var byteCount: Int { elementCount * elementType.byteSize }
}
