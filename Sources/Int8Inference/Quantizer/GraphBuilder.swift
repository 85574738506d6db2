import TensorEngine

/// Builds the int8 graph of a float model layer by layer (the converter's mapping).
///
/// Graph tensors carry a batch of 1 in front of the model's per-sample shapes. Sequences
/// `[steps, channels]` run as images of height 1, `[1, 1, steps, channels]` (the same bytes),
/// because TensorFlow Lite has only 2-D convolution and pooling; a RESHAPE goes in wherever the
/// rank changes.
struct GraphBuilder {
    let model: Model
    let calibration: Calibration
    private(set) var tensors: [GraphTensor] = []
    private(set) var operators: [GraphOperator] = []
    private(set) var layerTensors: [Int?]
    private var current = 0
    private var inputIndex = 0

    init(model: Model, calibration: Calibration) {
        self.model = model
        self.calibration = calibration
        layerTensors = Array(repeating: nil, count: model.layers.count)
    }

    var graph: Graph { Graph(tensors: tensors, operators: operators, inputs: [inputIndex], outputs: [current]) }

    private var currentShape: [Int] { tensors[current].shape }
    private var currentQuantization: Quantization { tensors[current].quantization! }

    mutating func build() {
        inputIndex = add(GraphTensor(name: "input", shape: [1] + model.inputShape, elementType: .int8,
                                     quantization: calibration.input.int8Quantization))
        current = inputIndex
        var index = 0
        while index < model.layers.count {
            index = emit(layer: index)
        }
        reshape(to: [1] + model.outputShape, name: "output")
    }

    // MARK: - Layers

    /// Emits layer `index` (and a batchnorm folded into it); returns the next layer to emit.
    private mutating func emit(layer index: Int) -> Int {
        let layer = model.layers[index]
        let name = "\(layer.kindName)_\(index + 1)"
        switch layer {
        case let .dense(_, activation):
            reshape(to: [1, model.inputShape(ofLayer: index).reduce(1, *)], name: "\(name)/flat")
            return weighted(index, name: name, activation: activation)
        case let .conv1d(_, _, _, _, activation), let .conv2d(_, _, _, _, activation),
             let .depthwiseConv2d(_, _, _, _, activation):
            asImage(index)
            return weighted(index, name: name, activation: activation)
        case let .maxPool(size, stride), let .averagePool(size, stride):
            asImage(index)
            let sequence = model.inputShape(ofLayer: index).count == 2
            let options = Pool2DOptions(padding: .valid, strideHeight: sequence ? 1 : stride, strideWidth: stride,
                                        filterHeight: sequence ? 1 : size, filterWidth: size)
            let kind: Operator
            switch layer {
            case .maxPool: kind = .maxPool2D(options)
            case .dense, .conv1d, .conv2d, .depthwiseConv2d, .averagePool, .globalAveragePool, .flatten, .reshape,
                 .dropout, .batchNormalization: kind = .averagePool2D(options)
            }
            // Pooling keeps its input's scale and zero point (TensorFlow Lite Micro requires it).
            apply(kind, name: name, shape: imageShape(model.outputShapes[index]), quantization: currentQuantization)
        case .globalAveragePool:
            asImage(index)
            let axes = add(GraphTensor(name: "\(name)/axes", shape: [2], elementType: .int32, data: .int32([1, 2])))
            apply(.mean(MeanOptions(keepDims: false)), extraInputs: [axes], name: name, shape: [1] + model.outputShapes[index],
                  quantization: calibration.output[index].int8Quantization)
        case .flatten, .reshape:
            reshape(to: [1] + model.outputShapes[index], name: name)
        case .dropout:
            break  // the identity at inference
        case .batchNormalization:
            standaloneBatchnorm(index, name: name)
        }
        layerTensors[index] = current
        return index + 1
    }

    /// A dense or convolution layer, with a following batchnorm folded in when the layer has no
    /// activation, its activation fused or appended as its own operator.
    private mutating func weighted(_ index: Int, name: String, activation: Activation) -> Int {
        var kernel = model.parameters[index].trainable[0].scalars
        var bias = model.parameters[index].trainable[1].scalars
        var last = index
        // Dropout is the identity at inference, so batchnorm behind it folds all the same.
        var next = index + 1
        while next < model.layers.count, case .dropout = model.layers[next] { next += 1 }
        if activation == .linear, next < model.layers.count, case .batchNormalization = model.layers[next] {
            let (scale, shift) = batchnormAffine(next)
            let channels = scale.count
            for i in kernel.indices { kernel[i] *= scale[i % channels] }  // the output channel is innermost
            bias = (0..<channels).map { bias[$0] * scale[$0] + shift[$0] }
            last = next
        }
        let fused: FusedActivation
        let outputRange: CalibratedRange
        switch activation {
        case .linear: (fused, outputRange) = (.none, calibration.output[last])
        case .relu: (fused, outputRange) = (.relu, calibration.output[last])
        case .relu6: (fused, outputRange) = (.relu6, calibration.output[last])
        case .sigmoid, .tanh, .softmax: (fused, outputRange) = (.none, calibration.preActivation[last])
        }
        let layer = model.layers[index]
        let inputScale = currentQuantization.scale
        let (kind, filter, filterShape, dimension) = filterLayout(layer, kernel: kernel, fused: fused)
        let outputShape: [Int]
        switch layer {
        case .dense: outputShape = [1] + model.outputShapes[index]
        case .conv1d, .conv2d, .depthwiseConv2d, .maxPool, .averagePool, .globalAveragePool, .flatten, .reshape,
             .dropout, .batchNormalization: outputShape = imageShape(model.outputShapes[index])
        }
        let channels = bias.count
        let weights = WeightQuantization.perChannel(filter, channels: channels) { i in
            dimension == 0 ? i / (filter.count / channels) : i % channels
        }
        let biases = WeightQuantization.bias(bias, inputScale: inputScale, weightScales: weights.scales)
        let filterIndex = add(GraphTensor(name: "\(name)/filter", shape: filterShape, elementType: .int8,
                                          quantization: Quantization(scales: weights.scales, zeroPoints: Array(repeating: 0, count: channels),
                                                                     quantizedDimension: dimension),
                                          data: .int8(weights.values)))
        let biasIndex = add(GraphTensor(name: "\(name)/bias", shape: [channels], elementType: .int32,
                                        quantization: Quantization(scales: biases.scales, zeroPoints: Array(repeating: 0, count: channels)),
                                        data: .int32(biases.values)))
        apply(kind, extraInputs: [filterIndex, biasIndex], name: name, shape: outputShape, quantization: outputRange.int8Quantization)
        appendActivation(activation, name: name)
        // Layers folded away (the layer itself, dropout before the batchnorm) have no tensor.
        layerTensors[last] = current
        return last + 1
    }

    /// The operator, its filter values in TensorFlow Lite's layout, the filter shape and the
    /// quantized dimension (output channels).
    private func filterLayout(_ layer: LayerSpec, kernel: [Float], fused: FusedActivation)
        -> (Operator, [Float], [Int], Int) {
        switch layer {
        case let .dense(units, _):
            // [in, units] → [units, in].
            let inputs = kernel.count / units
            let filter = (0..<(units * inputs)).map { i in kernel[(i % inputs) * units + i / inputs] }
            return (.fullyConnected(FullyConnectedOptions(activation: fused)), filter, [units, inputs], 0)
        case let .conv1d(filters, size, stride, padding, _):
            // [kernel, in, filters] → OHWI [filters, 1, kernel, in].
            let inputs = kernel.count / (filters * size)
            let filter = transposeToOutputFirst(kernel, outputs: filters)
            return (.conv2D(Conv2DOptions(padding: padding.int8, strideHeight: 1, strideWidth: stride, activation: fused)),
                    filter, [filters, 1, size, inputs], 0)
        case let .conv2d(filters, size, stride, padding, _):
            // [kh, kw, in, filters] → OHWI [filters, kh, kw, in].
            let inputs = kernel.count / (filters * size.height * size.width)
            return (.conv2D(Conv2DOptions(padding: padding.int8, strideHeight: stride.height, strideWidth: stride.width,
                                          activation: fused)),
                    transposeToOutputFirst(kernel, outputs: filters), [filters, size.height, size.width, inputs], 0)
        case let .depthwiseConv2d(size, multiplier, stride, padding, _):
            // [kh, kw, c, m] has the bytes of [1, kh, kw, c·m] with output channel c·m + m.
            let channels = kernel.count / (size.height * size.width)
            return (.depthwiseConv2D(DepthwiseConv2DOptions(padding: padding.int8, strideHeight: stride.height,
                                                            strideWidth: stride.width, depthMultiplier: multiplier,
                                                            activation: fused)),
                    kernel, [1, size.height, size.width, channels], 3)
        case .maxPool, .averagePool, .globalAveragePool, .flatten, .reshape, .dropout, .batchNormalization:
            preconditionFailure("\(layer.kindName) has no filter")
        }
    }

    /// `[..., outputs]` (output channel innermost) → `[outputs, ...]`.
    private func transposeToOutputFirst(_ kernel: [Float], outputs: Int) -> [Float] {
        let rest = kernel.count / outputs
        return (0..<kernel.count).map { i in kernel[(i % rest) * outputs + i / rest] }
    }

    /// Sigmoid, tanh and softmax as operators of their own, with TensorFlow Lite's fixed output
    /// parameters; relu, relu6 and linear were fused.
    private mutating func appendActivation(_ activation: Activation, name: String) {
        let shape = currentShape
        switch activation {
        case .linear, .relu, .relu6:
            return
        case .sigmoid:
            apply(.logistic, name: "\(name)/sigmoid", shape: shape, quantization: Quantization(scale: 1.0 / 256, zeroPoint: -128))
        case .tanh:
            apply(.tanh, name: "\(name)/tanh", shape: shape, quantization: Quantization(scale: 1.0 / 128, zeroPoint: 0))
        case .softmax:
            apply(.softmax(SoftmaxOptions(beta: 1)), name: "\(name)/softmax", shape: shape,
                  quantization: Quantization(scale: 1.0 / 256, zeroPoint: -128))
        }
    }

    /// A batchnorm that follows no foldable layer: a 1×1 DEPTHWISE_CONV_2D whose per-channel
    /// weight and bias are batchnorm's scale and shift.
    private mutating func standaloneBatchnorm(_ index: Int, name: String) {
        let sample = model.inputShape(ofLayer: index)
        let channels = sample[sample.count - 1]
        let (scale, shift) = batchnormAffine(index)
        reshape(to: imageShape(sample), name: "\(name)/image")
        let weights = WeightQuantization.perChannel(scale, channels: channels) { $0 }
        let biases = WeightQuantization.bias(shift, inputScale: currentQuantization.scale, weightScales: weights.scales)
        let filter = add(GraphTensor(name: "\(name)/filter", shape: [1, 1, 1, channels], elementType: .int8,
                                     quantization: Quantization(scales: weights.scales, zeroPoints: Array(repeating: 0, count: channels),
                                                                quantizedDimension: 3),
                                     data: .int8(weights.values)))
        let bias = add(GraphTensor(name: "\(name)/bias", shape: [channels], elementType: .int32,
                                   quantization: Quantization(scales: biases.scales, zeroPoints: Array(repeating: 0, count: channels)),
                                   data: .int32(biases.values)))
        apply(.depthwiseConv2D(DepthwiseConv2DOptions(padding: .valid)), extraInputs: [filter, bias], name: name,
              shape: currentShape, quantization: calibration.output[index].int8Quantization)
    }

    private func batchnormAffine(_ index: Int) -> (scale: [Float], shift: [Float]) {
        let parameters = model.parameters[index]
        return WeightQuantization.batchnormAffine(gamma: parameters.trainable[0].scalars, beta: parameters.trainable[1].scalars,
                                                  mean: parameters.state[0].scalars, variance: parameters.state[1].scalars,
                                                  epsilon: Float(NormalizationKernel.epsilon))
    }

    // MARK: - Tensors and shapes

    /// A per-sample shape as a 4-D NHWC graph shape: `[n]` → `[1, 1, 1, n]`, `[w, c]` → `[1, 1, w, c]`,
    /// `[h, w, c]` → `[1, h, w, c]`.
    private func imageShape(_ sample: [Int]) -> [Int] {
        Array(repeating: 1, count: max(0, 4 - sample.count)) + sample
    }

    /// Makes the current tensor 4-D for layer `index`.
    private mutating func asImage(_ index: Int) {
        reshape(to: imageShape(model.inputShape(ofLayer: index)), name: "\(model.layers[index].kindName)_\(index + 1)/image")
    }

    /// A RESHAPE to `shape` (with the converter's constant shape tensor), unless the current
    /// tensor already has it. The result keeps the input's quantization.
    private mutating func reshape(to shape: [Int], name: String) {
        guard shape != currentShape else { return }
        let shapeTensor = add(GraphTensor(name: "\(name)/shape", shape: [shape.count], elementType: .int32,
                                          data: .int32(shape.map { Int32($0) })))
        apply(.reshape(ReshapeOptions(newShape: shape)), extraInputs: [shapeTensor], name: name, shape: shape,
              quantization: currentQuantization)
    }

    /// Appends an operator reading the current tensor (and `extraInputs`) and makes its int8
    /// output the current tensor.
    private mutating func apply(_ kind: Operator, extraInputs: [Int] = [], name: String, shape: [Int], quantization: Quantization) {
        let output = add(GraphTensor(name: name, shape: shape, elementType: .int8, quantization: quantization))
        operators.append(GraphOperator(kind: kind, inputs: [current] + extraInputs, outputs: [output]))
        current = output
    }

    private mutating func add(_ tensor: GraphTensor) -> Int {
        tensors.append(tensor)
        return tensors.count - 1
    }
}

extension TensorEngine.Padding {
    /// The same padding rule in the graph's terms.
    var int8: Int8Inference.Padding {
        switch self {
        case .same: .same
        case .valid: .valid
        }
    }
}
