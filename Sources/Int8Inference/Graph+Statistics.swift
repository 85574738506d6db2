/// Sizes and costs of a graph, as deployment reports count them.
extension Graph {
    /// Elements of the weight and bias tensors: the constant filter and bias inputs of CONV_2D,
    /// DEPTHWISE_CONV_2D and FULLY_CONNECTED, whatever their element type (a float model counts
    /// the same as its int8 twin; shape and axes tensors are not parameters).
    public var parameterCount: Int {
        var weights = Set<Int>()
        for op in operators {
            switch op.kind {
            case .conv2D, .depthwiseConv2D, .fullyConnected:
                for index in op.inputs.dropFirst().compactMap({ $0 }) where tensors[index].isConstant {
                    weights.insert(index)
                }
            case .averagePool2D, .maxPool2D, .mean, .add, .reshape, .softmax, .logistic, .tanh, .quantize, .dequantize:
                continue
            }
        }
        return weights.reduce(0) { $0 + tensors[$1].elementCount }
    }

    /// Bytes of every constant tensor's data (weights, biases, shapes, axes).
    public var constantBytes: Int {
        tensors.filter(\.isConstant).reduce(0) { $0 + $1.elementCount * $1.elementType.byteSize }
    }

    /// Multiply-accumulates per inference: one per filter tap and output value of CONV_2D,
    /// DEPTHWISE_CONV_2D and FULLY_CONNECTED; the other operators count none.
    public var multiplyAccumulates: Int {
        operators.reduce(0) { total, op in
            let output = tensors[op.outputs[0]]
            switch op.kind {
            case .conv2D:
                guard let filter = op.inputs[1].map({ tensors[$0] }) else { return total }
                // Each output value sums kh · kw · in taps.
                return total + output.elementCount * filter.elementCount / max(filter.shape[0], 1)
            case .depthwiseConv2D:
                guard let filter = op.inputs[1].map({ tensors[$0] }), filter.shape.count == 4 else { return total }
                return total + output.elementCount * filter.shape[1] * filter.shape[2]
            case .fullyConnected:
                guard let filter = op.inputs[1].map({ tensors[$0] }) else { return total }
                return total + output.elementCount * (filter.shape.last ?? 0)
            case .averagePool2D, .maxPool2D, .mean, .add, .reshape, .softmax, .logistic, .tanh, .quantize, .dequantize:
                return total
            }
        }
    }
}
