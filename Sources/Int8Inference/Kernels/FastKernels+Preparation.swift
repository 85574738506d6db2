/// One operator prepared for the fast kernels: its filter packed for the graph's static shapes
/// (SOFTMAX: its `exp` table; RESHAPE: nothing to prepare).
enum FastOperator: Sendable, Hashable {
    case convolution(FastConvolution)
    case depthwise(FastDepthwise)
    case fullyConnected(FastFullyConnected)
    case add(FastAdd)
    case pool(FastPool)
    case softmax(FastSoftmax)
    /// RESHAPE: the values as they are.
    case reshape

    /// The output values for the operator's int8 inputs (ADD takes two of the same count, the
    /// others one).
    func run(_ input: [Int8], _ second: [Int8]) -> [Int8] {
        switch self {
        case .convolution(let kernel): kernel.run(input)
        case .depthwise(let kernel): kernel.run(input)
        case .fullyConnected(let kernel): kernel.run(input)
        case .add(let kernel): kernel.run(input, second)
        case .pool(let kernel): kernel.run(input)
        case .softmax(let kernel): kernel.run(input)
        case .reshape: input
        }
    }

    /// ``run(_:_:)`` on pointers: given `count` values at `input` (ADD as many at `second` too), it
    /// writes ``outputCount(forInputCount:)`` values to `out`. The kernel is captured once, so
    /// calls copy none of its packed filters (a `switch` binding the payload copies and retains it).
    var pointerKernel: PointerKernel {
        switch self {
        case .convolution(let kernel): { input, _, _, out in kernel.run(input, into: out) }
        case .depthwise(let kernel): { input, _, _, out in kernel.run(input, into: out) }
        case .fullyConnected(let kernel): { input, count, _, out in kernel.run(input, batches: count / kernel.filter.depth, into: out) }
        case .add(let kernel): { input, count, second, out in kernel.run(input, second ?? input, count: count, into: out) }
        case .pool(let kernel): { input, _, _, out in kernel.run(input, into: out) }
        case .softmax(let kernel): { input, count, _, out in kernel.run(input, count: count, into: out) }
        case .reshape: { input, count, _, out in out.update(from: input, count: count) }
        }
    }

    typealias PointerKernel = @Sendable (_ input: UnsafePointer<Int8>, _ count: Int, _ second: UnsafePointer<Int8>?,
                                         _ out: UnsafeMutablePointer<Int8>) -> Void

    /// How many values the result of `count` input values has.
    func outputCount(forInputCount count: Int) -> Int {
        switch self {
        case .fullyConnected(let kernel): count / kernel.filter.depth * kernel.filter.outChannels
        case .add, .softmax, .reshape: count
        case .convolution, .depthwise, .pool: outputShape?.reduce(1, *) ?? 0
        }
    }

    /// How many input values the kernel reads, when its shape fixes it (the others take any).
    var inputCount: Int? {
        switch self {
        case .convolution(let kernel): kernel.inputShape.reduce(1, *)
        case .depthwise(let kernel): kernel.inputShape.reduce(1, *)
        case .pool(let kernel): kernel.inputShape.reduce(1, *)
        case .fullyConnected, .add, .softmax, .reshape: nil
        }
    }

    /// The shape the result has, when the op fixes it (the others leave it to their tensor).
    var outputShape: [Int]? {
        switch self {
        case .convolution(let kernel): kernel.outputShape
        case .depthwise(let kernel): kernel.outputShape
        case .pool(let kernel): kernel.outputShape
        case .fullyConnected, .add, .softmax, .reshape: nil
        }
    }

    /// Prepares `op` of `graph`, or nil when it runs on the reference kernels: other op kinds,
    /// non-constant or non-int8 filters, float inputs, or parameters the fast path does not take.
    /// Parameters come from the same derivations as ``OperatorEvaluation``'s.
    init?(_ op: GraphOperator, in graph: Graph) {
        func tensor(_ slot: Int) -> GraphTensor? {
            guard slot < op.inputs.count, let index = op.inputs[slot], index < graph.tensors.count else { return nil }
            return graph.tensors[index]
        }
        if case .add(let options) = op.kind {
            guard let a = tensor(0), let b = tensor(1), a.elementType == .int8, b.elementType == .int8, a.shape == b.shape,
                  let aQ = a.quantization, let bQ = b.quantization, let outputIndex = op.outputs.first, outputIndex < graph.tensors.count,
                  let outputQ = graph.tensors[outputIndex].quantization,
                  let kernel = FastAdd(AddParameters(input1: aQ, input2: bQ, output: outputQ, activation: options.activation)) else { return nil }
            self = .add(kernel)
            return
        }
        switch op.kind {
        case .softmax(let options):
            // The output parameters ``OperatorEvaluation`` requires (elsewhere it reports them).
            guard let input = tensor(0), input.elementType == .int8, let inputQ = input.quantization,
                  let outputIndex = op.outputs.first, outputIndex < graph.tensors.count, graph.tensors[outputIndex].elementType == .int8,
                  let outputQ = graph.tensors[outputIndex].quantization, outputQ.zeroPoint == -128, outputQ.scale == 1.0 / 256,
                  let kernel = FastSoftmax(depth: input.shape.last ?? 1,
                                           parameters: SoftmaxParameters(beta: options.beta, inputScale: inputQ.scale)) else { return nil }
            self = .softmax(kernel)
            return
        case .reshape:
            guard let input = tensor(0), input.elementType == .int8, let outputIndex = op.outputs.first, outputIndex < graph.tensors.count,
                  graph.tensors[outputIndex].elementType == .int8, graph.tensors[outputIndex].elementCount == input.elementCount else { return nil }
            self = .reshape
            return
        case .averagePool2D(let options), .maxPool2D(let options):
            guard let input = tensor(0), input.elementType == .int8, let outputIndex = op.outputs.first, outputIndex < graph.tensors.count,
                  let outputQ = graph.tensors[outputIndex].quantization,
                  let kernel = FastPool(average: op.kind.isAveragePool, inputShape: input.shape, options: options,
                                        range: .int8(options.activation, scale: outputQ.scale, zeroPoint: outputQ.zeroPoint)) else { return nil }
            self = .pool(kernel)
            return
        case .conv2D, .depthwiseConv2D, .fullyConnected, .add, .mean, .logistic, .tanh, .quantize, .dequantize:
            break
        }
        guard let input = tensor(0), input.elementType == .int8, let inputQ = input.quantization,
              let filterTensor = tensor(1), case .int8(let filter)? = filterTensor.data, let filterQ = filterTensor.quantization,
              let outputIndex = op.outputs.first, outputIndex < graph.tensors.count,
              let outputQ = graph.tensors[outputIndex].quantization else { return nil }
        let channels = filterTensor.shape.count == 4 ? (op.kind.isDepthwise ? filterTensor.shape[3] : filterTensor.shape[0])
            : filterTensor.shape.first ?? 0
        guard filterQ.scales.count == 1 || filterQ.scales.count >= channels else { return nil }
        var bias: [Int32]?
        if let biasTensor = tensor(2) {
            guard case .int32(let values)? = biasTensor.data else { return nil }
            bias = values
        }
        switch op.kind {
        case .conv2D(let options):
            guard filterTensor.shape.count == 4 else { return nil }
            let q = Requantization.perChannel(input: inputQ, filterScales: filterQ.scales, output: outputQ,
                                              channels: filterTensor.shape[0], activation: options.activation)
            guard let kernel = FastConvolution(inputShape: input.shape, filter: filter, filterShape: filterTensor.shape, bias: bias,
                                               options: options, requantization: q) else { return nil }
            self = .convolution(kernel)
        case .depthwiseConv2D(let options):
            guard filterTensor.shape.count == 4 else { return nil }
            let q = Requantization.perChannel(input: inputQ, filterScales: filterQ.scales, output: outputQ,
                                              channels: filterTensor.shape[3], activation: options.activation)
            guard let kernel = FastDepthwise(inputShape: input.shape, filter: filter, filterShape: filterTensor.shape, bias: bias,
                                             options: options, requantization: q) else { return nil }
            self = .depthwise(kernel)
        case .fullyConnected(let options):
            guard filterTensor.shape.count == 2 else { return nil }
            let q = filterQ.isPerTensor
                ? Requantization.perTensorFullyConnected(input: inputQ, filterScale: filterQ.scale, output: outputQ, activation: options.activation)
                : Requantization.perChannel(input: inputQ, filterScales: filterQ.scales, output: outputQ,
                                            channels: filterTensor.shape[0], activation: options.activation)
            guard let kernel = FastFullyConnected(filter: filter, filterShape: filterTensor.shape, bias: bias,
                                                  filterOffset: -filterQ.zeroPoint, requantization: q) else { return nil }
            self = .fullyConnected(kernel)
        case .add, .averagePool2D, .maxPool2D, .mean, .reshape, .softmax, .logistic, .tanh, .quantize, .dequantize:
            return nil
        }
    }
}

private extension Operator {
    var isDepthwise: Bool {
        switch self {
        case .depthwiseConv2D: true
        case .conv2D, .fullyConnected, .averagePool2D, .maxPool2D, .mean, .add, .reshape, .softmax, .logistic, .tanh,
             .quantize, .dequantize: false
        }
    }

    var isAveragePool: Bool {
        switch self {
        case .averagePool2D: true
        case .conv2D, .depthwiseConv2D, .fullyConnected, .maxPool2D, .mean, .add, .reshape, .softmax, .logistic, .tanh,
             .quantize, .dequantize: false
        }
    }
}
