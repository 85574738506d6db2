/// Parameter shapes, initialisation and the per-layer summary numbers.
extension LayerSpec {
    /// The kernel shape and Keras's fan-in and fan-out for layers with a kernel, or `nil`.
    package func kernelLayout(input: [Int]) -> (shape: [Int], fanIn: Int, fanOut: Int, bias: Int)? {
        switch self {
        case let .dense(units, _):
            return ([input[0], units], input[0], units, units)
        case let .conv1d(filters, kernel, _, _, _):
            return ([kernel, input[1], filters], kernel * input[1], kernel * filters, filters)
        case let .conv2d(filters, kernel, _, _, _):
            let area = kernel.height * kernel.width
            return ([kernel.height, kernel.width, input[2], filters], area * input[2], area * filters, filters)
        case let .depthwiseConv2d(kernel, multiplier, _, _, _):
            let area = kernel.height * kernel.width
            return ([kernel.height, kernel.width, input[2], multiplier], area * input[2], area * multiplier,
                    input[2] * multiplier)
        case .maxPool, .averagePool, .globalAveragePool, .flatten, .reshape, .dropout, .batchNormalization:
            return nil
        }
    }

    /// Fresh parameters: a Glorot-uniform kernel drawn from `generator` and a zero bias; batchnorm
    /// gamma 1, beta 0, moving mean 0, moving variance 1.
    package func initialParameters(input: [Int], generator: inout SeededGenerator) -> LayerParameters {
        if let layout = kernelLayout(input: input) {
            let limit = Float((6 / Double(layout.fanIn + layout.fanOut)).squareRoot())
            let kernel = Tensor.uniform(layout.shape, in: -limit, limit, using: &generator)
            return LayerParameters(trainable: [kernel, .zeros([layout.bias])])
        }
        switch self {
        case .batchNormalization:
            let channels = [input[input.count - 1]]
            return LayerParameters(trainable: [.ones(channels), .zeros(channels)],
                                   state: [.zeros(channels), .ones(channels)])
        case .dense, .conv1d, .conv2d, .depthwiseConv2d, .maxPool, .averagePool, .globalAveragePool, .flatten,
             .reshape, .dropout:
            return LayerParameters()
        }
    }

    /// Multiply-accumulates per sample: one per kernel weight use (dense, convolutions) and one per
    /// element for batchnorm's scale-and-shift; pooling, reshaping and dropout count none.
    package func macs(input: [Int], output: [Int]) -> Int {
        switch self {
        case let .dense(units, _):
            return input[0] * units
        case let .conv1d(filters, kernel, _, _, _):
            return output[0] * filters * kernel * input[1]
        case let .conv2d(filters, kernel, _, _, _):
            return output[0] * output[1] * filters * kernel.height * kernel.width * input[2]
        case let .depthwiseConv2d(kernel, _, _, _, _):
            return output[0] * output[1] * output[2] * kernel.height * kernel.width
        case .batchNormalization:
            return Tensor.elementCount(of: output)
        case .maxPool, .averagePool, .globalAveragePool, .flatten, .reshape, .dropout:
            return 0
        }
    }
}

/// One row of a model summary.
public struct LayerSummary: Sendable, Equatable {
    /// The layer's name as in a model block, e.g. `"conv1d"`.
    public var name: String
    /// The output shape per sample.
    public var outputShape: [Int]
    /// Scalars held (trainable and state).
    public var parameters: Int
    /// Multiply-accumulates per sample.
    public var macs: Int
    /// Bytes of the output activation per sample, as float32.
    public var activationBytes: Int
}

extension Model {
    /// One summary row per layer, in order (the input line is not a row).
    public var summary: [LayerSummary] {
        layers.indices.map { index in
            let layer = layers[index]
            let output = outputShapes[index]
            return LayerSummary(name: layer.kindName, outputShape: output, parameters: parameters[index].count,
                                macs: layer.macs(input: inputShape(ofLayer: index), output: output),
                                activationBytes: Tensor.elementCount(of: output) * MemoryLayout<Float>.size)
        }
    }

    /// The number of parameters, state included.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Multiply-accumulates per sample over all layers.
    public var macs: Int { summary.reduce(0) { $0 + $1.macs } }
}
