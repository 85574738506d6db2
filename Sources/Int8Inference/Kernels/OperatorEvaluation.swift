/// Evaluates one operator of a graph: fetches its operands, derives the kernel parameters from
/// the tensors' quantization (as TensorFlow Lite Micro's Prepare does), and calls the kernel.
struct OperatorEvaluation {
    let graph: Graph
    let op: GraphOperator
    let position: Int
    let values: [TensorData?]
    /// The operator prepared for the fast kernels, when it has been; nil runs the reference.
    var fast: FastOperator? = nil

    private var where_: String { "operator \(position) (\(op.kind.name))" }

    func evaluate() throws(InferenceError) -> [TensorData] {
        switch op.kind {
        case .conv2D(let options):
            if let fast { return [try fastResult(fast)] }
            let (input, filter, bias, output) = try convolutionOperands()
            let q = Requantization.perChannel(input: try quantization(input), filterScales: try quantization(filter).scales,
                                              output: try quantization(output), channels: filter.tensor.shape[0], activation: options.activation)
            let result = ReferenceKernels.conv2D(input: try int8(input), inputShape: try shape4(input), filter: try int8(filter),
                                                 filterShape: try shape4(filter), bias: bias, options: options, requantization: q)
            return [try checked(.int8(result.values), shape: result.shape, output)]
        case .depthwiseConv2D(let options):
            if let fast { return [try fastResult(fast)] }
            let (input, filter, bias, output) = try convolutionOperands()
            let q = Requantization.perChannel(input: try quantization(input), filterScales: try quantization(filter).scales,
                                              output: try quantization(output), channels: filter.tensor.shape[3], activation: options.activation)
            let result = ReferenceKernels.depthwiseConv2D(input: try int8(input), inputShape: try shape4(input), filter: try int8(filter),
                                                          filterShape: try shape4(filter), bias: bias, options: options, requantization: q)
            return [try checked(.int8(result.values), shape: result.shape, output)]
        case .fullyConnected(let options):
            if let fast { return [try fastResult(fast)] }
            return [try fullyConnected(options)]
        case .averagePool2D(let options), .maxPool2D(let options):
            if let fast { return [try fastResult(fast)] }
            let input = try operand(0), output = try result(0)
            let outputQ = try quantization(output)
            let average: Bool
            switch op.kind {
            case .averagePool2D: average = true
            case .conv2D, .depthwiseConv2D, .fullyConnected, .maxPool2D, .mean, .add, .reshape, .softmax,
                 .logistic, .tanh, .quantize, .dequantize: average = false
            }
            guard let pooled = ReferenceKernels.pool2D(average: average, input: try int8(input), inputShape: try shape4(input), options: options,
                                                       range: .int8(options.activation, scale: outputQ.scale, zeroPoint: outputQ.zeroPoint)) else {
                throw .invalidGraph("\(where_): a pooling window covers no input cell")
            }
            return [try checked(.int8(pooled.values), shape: pooled.shape, output)]
        case .add(let options):
            let a = try operand(0), b = try operand(1), output = try result(0)
            if let fast, a.value.count == b.value.count {
                return [try checked(.int8(fast.run(try int8(a), try int8(b))), shape: nil, output)]
            }
            let parameters = AddParameters(input1: try quantization(a), input2: try quantization(b),
                                           output: try quantization(output), activation: options.activation)
            guard let sum = ReferenceKernels.add(try int8(a), shape: a.tensor.shape, try int8(b), shape: b.tensor.shape, parameters: parameters) else {
                throw .invalidGraph("\(where_): shapes \(a.tensor.shape) and \(b.tensor.shape) do not broadcast")
            }
            return [try checked(.int8(sum.values), shape: sum.shape, output)]
        case .reshape:
            let input = try operand(0), output = try result(0)
            guard input.value.count == output.elementCount else {
                throw .invalidGraph("\(where_): \(input.value.count) values do not fill shape \(output.shape)")
            }
            return [input.value]
        case .softmax(let options):
            let input = try operand(0), output = try result(0)
            let outputQ = try quantization(output)
            guard outputQ.zeroPoint == -128, outputQ.scale == 1.0 / 256 else {
                throw .unsupported("\(where_): int8 softmax needs output scale 1/256 and zero point -128")
            }
            let parameters = SoftmaxParameters(beta: options.beta, inputScale: try quantization(input).scale)
            let depth = input.tensor.shape.last ?? 1
            return [.int8(ReferenceKernels.softmax(try int8(input), depth: depth, parameters: parameters))]
        case .quantize:
            let input = try operand(0), output = try result(0)
            guard let floats = input.value.float32Values else { throw .unsupported("\(where_): only float32 → int8 is implemented") }
            let q = try quantization(output)
            return [.int8(ReferenceKernels.quantize(floats, scale: q.scale, zeroPoint: q.zeroPoint))]
        case .dequantize:
            let input = try operand(0)
            let q = try quantization(input)
            return [.float32(ReferenceKernels.dequantize(try int8(input), scale: q.scale, zeroPoint: q.zeroPoint))]
        case .mean(let options):
            let input = try operand(0), axes = try operand(1), output = try result(0)
            let parameters = MeanParameters(input: try quantization(input), output: try quantization(output))
            guard let mean = ReferenceKernels.mean(try int8(input), shape: input.tensor.shape, axes: try int32(axes).map(Int.init),
                                                   keepDims: options.keepDims, parameters: parameters) else {
                throw .invalidGraph("\(where_): axes \(try int32(axes)) do not fit shape \(input.tensor.shape)")
            }
            return [try checked(.int8(mean.values), shape: mean.shape, output)]
        case .logistic:
            let input = try operand(0), output = try result(0)
            let inputQ = try quantization(input), outputQ = try quantization(output)
            guard outputQ.zeroPoint == -128 else { throw .unsupported("\(where_): int8 logistic needs output zero point -128") }
            let parameters = SigmoidParameters(inputScale: inputQ.scale, inputZeroPoint: inputQ.zeroPoint)
            return [try checked(.int8(ReferenceKernels.logistic(try int8(input), parameters: parameters)), shape: nil, output)]
        case .tanh:
            let input = try operand(0), output = try result(0)
            let inputQ = try quantization(input)
            let parameters = SigmoidParameters(inputScale: inputQ.scale, inputZeroPoint: inputQ.zeroPoint)
            return [try checked(.int8(ReferenceKernels.tanh(try int8(input), parameters: parameters)), shape: nil, output)]
        }
    }

    private func fullyConnected(_ options: FullyConnectedOptions) throws(InferenceError) -> TensorData {
        let input = try operand(0), filter = try operand(1), output = try result(0)
        guard filter.tensor.shape.count == 2 else { throw .invalidGraph("\(where_): filter shape \(filter.tensor.shape) is not [out, in]") }
        let biasOperand = try optionalOperand(2)
        switch input.value {
        case .float32(let x):
            guard let w = filter.value.float32Values else { throw .unsupported("\(where_): float input with non-float filter") }
            let bias = biasOperand?.value.float32Values
            let result = ReferenceKernels.fullyConnectedFloat(input: x, filter: w, filterShape: filter.tensor.shape, bias: bias,
                                                             activation: options.activation)
            return try checked(.float32(result), shape: nil, output)
        case .int8(let x):
            let filterQ = try quantization(filter)
            let inputQ = try quantization(input), outputQ = try quantization(output)
            let q = filterQ.isPerTensor
                ? Requantization.perTensorFullyConnected(input: inputQ, filterScale: filterQ.scale, output: outputQ, activation: options.activation)
                : Requantization.perChannel(input: inputQ, filterScales: filterQ.scales, output: outputQ,
                                            channels: filter.tensor.shape[0], activation: options.activation)
            let bias = try biasOperand.map { operand throws(InferenceError) in try int32(operand) }
            let result = ReferenceKernels.fullyConnected(input: x, filter: try int8(filter), filterShape: filter.tensor.shape, bias: bias,
                                                        filterOffset: -filterQ.zeroPoint, requantization: q)
            return try checked(.int8(result), shape: nil, output)
        case .int32:
            throw .unsupported("\(where_): int32 input")
        }
    }

    /// The fast kernel's result for the op's int8 input, checked against the output tensor.
    private func fastResult(_ fast: FastOperator) throws(InferenceError) -> TensorData {
        let input = try operand(0), output = try result(0)
        return try checked(.int8(fast.run(try int8(input), [])), shape: fast.outputShape, output)
    }

    // MARK: - Operands

    struct Operand {
        let tensor: GraphTensor
        let value: TensorData
    }

    private func convolutionOperands() throws(InferenceError) -> (Operand, Operand, [Int32]?, GraphTensor) {
        let bias = try optionalOperand(2).map { operand throws(InferenceError) in try int32(operand) }
        return (try operand(0), try operand(1), bias, try result(0))
    }

    private func operand(_ slot: Int) throws(InferenceError) -> Operand {
        guard let operand = try optionalOperand(slot) else { throw .invalidGraph("\(where_): input \(slot) is missing") }
        return operand
    }

    private func optionalOperand(_ slot: Int) throws(InferenceError) -> Operand? {
        guard slot < op.inputs.count, let index = op.inputs[slot] else { return nil }
        guard let value = values[index] else {
            throw .invalidGraph("\(where_): input \"\(graph.tensors[index].name)\" is used before it is computed")
        }
        return Operand(tensor: graph.tensors[index], value: value)
    }

    private func result(_ slot: Int) throws(InferenceError) -> GraphTensor {
        guard slot < op.outputs.count else { throw .invalidGraph("\(where_): output \(slot) is missing") }
        return graph.tensors[op.outputs[slot]]
    }

    private func quantization(_ operand: Operand) throws(InferenceError) -> Quantization { try quantization(operand.tensor) }

    private func quantization(_ tensor: GraphTensor) throws(InferenceError) -> Quantization {
        guard let q = tensor.quantization else { throw .invalidGraph("\(where_): tensor \"\(tensor.name)\" has no quantization") }
        return q
    }

    private func int8(_ operand: Operand) throws(InferenceError) -> [Int8] {
        guard let values = operand.value.int8Values else { throw .unsupported("\(where_): \"\(operand.tensor.name)\" is not int8") }
        return values
    }

    private func int32(_ operand: Operand) throws(InferenceError) -> [Int32] {
        guard let values = operand.value.int32Values else { throw .unsupported("\(where_): \"\(operand.tensor.name)\" is not int32") }
        return values
    }

    private func shape4(_ operand: Operand) throws(InferenceError) -> [Int] {
        guard operand.tensor.shape.count == 4 else { throw .invalidGraph("\(where_): \"\(operand.tensor.name)\" has shape \(operand.tensor.shape), not rank 4") }
        return operand.tensor.shape
    }

    /// Checks a result against its tensor's declared shape (and element count).
    private func checked(_ value: TensorData, shape: [Int]?, _ tensor: GraphTensor) throws(InferenceError) -> TensorData {
        if let shape, shape != tensor.shape {
            throw .invalidGraph("\(where_): computes shape \(shape) but \"\(tensor.name)\" declares \(tensor.shape)")
        }
        guard value.count == tensor.elementCount else {
            throw .invalidGraph("\(where_): computes \(value.count) values but \"\(tensor.name)\" holds \(tensor.elementCount)")
        }
        return value
    }
}
