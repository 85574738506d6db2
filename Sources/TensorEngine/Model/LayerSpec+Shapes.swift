/// Shape inference and definition-time checks, one rule per layer kind.
extension LayerSpec {
    /// The per-sample output shape for `input`, or the error that names the layer `name`.
    package func outputShape(for input: [Int], name: String) throws(ModelError) -> [Int] {
        switch self {
        case let .dense(units, _):
            try Self.require(units > 0, name, "units must be positive, got \(units)", "use dense(units) with units ≥ 1")
            guard input.count == 1 else {
                throw .shapeMismatch(layer: name, input: input, expected: "a flat input [features]",
                                     hint: "add flatten() or global_avgpool() before dense")
            }
            return [units]
        case let .conv1d(filters, kernel, stride, padding, _):
            try Self.require(filters > 0, name, "filters must be positive, got \(filters)", "use at least 1 filter")
            try Self.checkWindow(Size2D(height: 1, width: kernel), Size2D(height: 1, width: stride), name)
            guard input.count == 2 else {
                throw .shapeMismatch(layer: name, input: input, expected: "[steps, channels]",
                                     hint: "conv1d takes a sequence; use input(steps, channels) or reshape(...)")
            }
            let g = try Self.geometry([1] + input, Size2D(height: 1, width: kernel),
                                      Size2D(height: 1, width: stride), padding, name, input: input)
            return [g.outputWidth, filters]
        case let .conv2d(filters, kernel, stride, padding, _):
            try Self.require(filters > 0, name, "filters must be positive, got \(filters)", "use at least 1 filter")
            try Self.checkWindow(kernel, stride, name)
            let g = try Self.geometry2D(input, kernel, stride, padding, name)
            return [g.outputHeight, g.outputWidth, filters]
        case let .depthwiseConv2d(kernel, multiplier, stride, padding, _):
            try Self.require(multiplier > 0, name, "multiplier must be positive, got \(multiplier)", "use multiplier: 1")
            try Self.checkWindow(kernel, stride, name)
            let g = try Self.geometry2D(input, kernel, stride, padding, name)
            return [g.outputHeight, g.outputWidth, input[2] * multiplier]
        case let .maxPool(size, stride), let .averagePool(size, stride):
            try Self.checkWindow(Size2D(size), Size2D(stride), name)
            switch input.count {
            case 2:
                let g = try Self.geometry([1] + input, Size2D(height: 1, width: size),
                                          Size2D(height: 1, width: stride), .valid, name, input: input)
                return [g.outputWidth, input[1]]
            case 3:
                let g = try Self.geometry(input, Size2D(size), Size2D(stride), .valid, name, input: input)
                return [g.outputHeight, g.outputWidth, input[2]]
            default:
                throw .shapeMismatch(layer: name, input: input, expected: "[steps, channels] or [height, width, channels]",
                                     hint: "pooling works on sequences and images, before flatten()")
            }
        case .globalAveragePool:
            guard input.count == 2 || input.count == 3 else {
                throw .shapeMismatch(layer: name, input: input, expected: "[steps, channels] or [height, width, channels]",
                                     hint: "global_avgpool() follows a convolution")
            }
            return [input[input.count - 1]]
        case .flatten:
            return [Tensor.elementCount(of: input)]
        case let .reshape(dims):
            try Self.require(!dims.isEmpty && dims.allSatisfy { $0 > 0 }, name,
                             "sizes must be positive, got \(dims)", "give reshape() one or more positive sizes")
            guard (try? Tensor.validate(shape: dims)) != nil,
                  Tensor.elementCount(of: dims) == Tensor.elementCount(of: input) else {
                throw .shapeMismatch(layer: name, input: input,
                                     expected: "\(Tensor.elementCount(of: dims)) elements for \(dims)",
                                     hint: "the input has \(Tensor.elementCount(of: input)) elements; the sizes must multiply to that")
            }
            return dims
        case let .dropout(rate):
            try Self.require(rate >= 0 && rate < 1, name, "rate must be in [0, 1), got \(rate)",
                             "a rate such as 0.2 drops 20% of the values while training")
            return input
        case .batchNormalization:
            return input
        }
    }

    /// The window geometry of a convolution or pooling layer on `input` (per sample), or `nil`
    /// for other layers. 1-D layers get a height of 1.
    package func geometry(input: [Int]) -> ConvolutionGeometry? {
        switch self {
        case let .conv1d(_, kernel, stride, padding, _):
            ConvolutionGeometry(inputHeight: 1, inputWidth: input[0], channels: input[1],
                                kernel: Size2D(height: 1, width: kernel), stride: Size2D(height: 1, width: stride),
                                padding: padding)
        case let .conv2d(_, kernel, stride, padding, _), let .depthwiseConv2d(kernel, _, stride, padding, _):
            ConvolutionGeometry(inputHeight: input[0], inputWidth: input[1], channels: input[2],
                                kernel: kernel, stride: stride, padding: padding)
        case let .maxPool(size, stride), let .averagePool(size, stride):
            input.count == 2
                ? ConvolutionGeometry(inputHeight: 1, inputWidth: input[0], channels: input[1],
                                      kernel: Size2D(height: 1, width: size),
                                      stride: Size2D(height: 1, width: stride), padding: .valid)
                : ConvolutionGeometry(inputHeight: input[0], inputWidth: input[1], channels: input[2],
                                      kernel: Size2D(size), stride: Size2D(stride), padding: .valid)
        case .dense, .globalAveragePool, .flatten, .reshape, .dropout, .batchNormalization:
            nil
        }
    }

    private static func require(_ condition: Bool, _ name: String, _ reason: String,
                                _ hint: String) throws(ModelError) {
        guard condition else { throw .invalidArgument(layer: name, reason: reason, hint: hint) }
    }

    private static func checkWindow(_ kernel: Size2D, _ stride: Size2D, _ name: String) throws(ModelError) {
        try require(kernel.height > 0 && kernel.width > 0, name, "kernel size must be positive, got \(kernel)",
                    "use a kernel of at least 1")
        try require(stride.height > 0 && stride.width > 0, name, "stride must be positive, got \(stride)",
                    "use stride: 1 or more")
    }

    private static func geometry2D(_ input: [Int], _ kernel: Size2D, _ stride: Size2D, _ padding: Padding,
                                   _ name: String) throws(ModelError) -> ConvolutionGeometry {
        guard input.count == 3 else {
            throw .shapeMismatch(layer: name, input: input, expected: "[height, width, channels]",
                                 hint: "2-D layers take images; a [49, 10] feature map can be input(49, 10, 1)")
        }
        return try geometry(input, kernel, stride, padding, name, input: input)
    }

    /// `shape` is `[h, w, c]` (1-D inputs arrive as `[1, steps, c]`); `input` is shown in messages.
    private static func geometry(_ shape: [Int], _ kernel: Size2D, _ stride: Size2D, _ padding: Padding,
                                 _ name: String, input: [Int]) throws(ModelError) -> ConvolutionGeometry {
        guard let g = ConvolutionGeometry(inputHeight: shape[0], inputWidth: shape[1], channels: shape[2],
                                          kernel: kernel, stride: stride, padding: padding) else {
            let window = shape[0] == 1 && input.count == 2 ? "\(kernel.width)" : "\(kernel)"
            throw .shapeMismatch(layer: name, input: input,
                                 expected: "an input at least as large as its window \(window)",
                                 hint: "use padding: same, a smaller window, or less pooling before it")
        }
        return g
    }
}
