import Foundation
import MoteSyntax
import RichDisplay
import TensorEngine

extension Builtins {
    /// Layers, activations and models (`LANGUAGE.md` §5 Models).
    static let models: [Builtin] = [
        Builtin("input", category: .models, summary: "the shape of one sample: the first line of a model",
                parameters: [.variadic("dims", "the size of each dimension of one sample, e.g. 100, 6")], returns: "layer",
                doc: "Every model starts with input(...). A sample of another shape with the same number of elements is reshaped to it, so [49, 10] features feed input(49, 10, 1).",
                examples: ["model m {\n  input(100, 6)\n  conv1d(8, kernel: 5, activation: relu)\n}"]) { call throws(Diagnostic) in
            .layer(.input(try positiveDimensions(call)))
        },
        Builtin("dense", category: .models, summary: "a fully connected layer",
                parameters: [.required("units", "how many outputs"), activationParameter], returns: "layer",
                doc: "Every output is a weighted sum of every input plus a bias. Takes a flat input: put flatten() or global_avgpool() before it after convolutions.",
                examples: ["dense(16, activation: relu)", "dense(4, activation: softmax)"]) { call throws(Diagnostic) in
            .layer(.layer(.dense(units: try call.integer("units", minimum: 1), activation: try activation(call))))
        },
        Builtin("conv1d", category: .models, summary: "a 1-D convolution over time",
                parameters: [.required("filters", "how many filters (output channels)"), .required("kernel", "the window length in steps"),
                             strideParameter, paddingParameter, activationParameter], returns: "layer",
                doc: "Slides filters along the first axis of [steps, channels] samples: the layer for IMU and audio sequences.",
                examples: ["conv1d(8, kernel: 5, activation: relu)"]) { call throws(Diagnostic) in
            .layer(.layer(.conv1d(filters: try call.integer("filters", minimum: 1), kernel: try call.integer("kernel", minimum: 1),
                                  stride: try call.integer("stride", minimum: 1), padding: try padding(call), activation: try activation(call))))
        },
        Builtin("conv2d", category: .models, summary: "a 2-D convolution",
                parameters: [.required("filters", "how many filters (output channels)"), .required("kernel", "the window: a number or [height, width]"),
                             strideParameter, paddingParameter, activationParameter], returns: "layer",
                doc: "Slides filters over [height, width, channels] samples: images and spectrograms.",
                examples: ["conv2d(8, kernel: 3, activation: relu)", "conv2d(8, kernel: [10, 4], stride: 2)"]) { call throws(Diagnostic) in
            .layer(.layer(.conv2d(filters: try call.integer("filters", minimum: 1), kernel: try size2D(call, "kernel"),
                                  stride: try size2D(call, "stride"), padding: try padding(call), activation: try activation(call))))
        },
        Builtin("depthwise_conv2d", category: .models, summary: "a depthwise 2-D convolution (one filter per channel)",
                parameters: [.optional("kernel", "the window: a number or [height, width]", default: .number(3)),
                             .optional("multiplier", "filters per input channel", default: .number(1)),
                             strideParameter, paddingParameter, activationParameter], returns: "layer",
                doc: "Filters each channel on its own: with a 1×1 conv2d after it, the cheap building block of DS-CNN and MobileNet.",
                examples: ["depthwise_conv2d(kernel: 3, activation: relu)"]) { call throws(Diagnostic) in
            .layer(.layer(.depthwiseConv2d(kernel: try size2D(call, "kernel"), multiplier: try call.integer("multiplier", minimum: 1),
                                           stride: try size2D(call, "stride"), padding: try padding(call), activation: try activation(call))))
        },
        pooling("maxpool", "the largest value of each window", LayerSpec.maxPool),
        pooling("avgpool", "the mean of each window", LayerSpec.averagePool),
        Builtin("global_avgpool", category: .models, summary: "the mean over every position, one value per channel",
                returns: "layer", doc: "Averages away time (or height and width), keeping the channels: a small replacement for flatten() before dense.",
                examples: ["global_avgpool()"]) { _ throws(Diagnostic) in .layer(.layer(.globalAveragePool)) },
        Builtin("flatten", category: .models, summary: "the sample as one flat list of features",
                returns: "layer", doc: "Reshapes each sample to one dimension, for a dense layer after convolutions.",
                examples: ["flatten()"]) { _ throws(Diagnostic) in .layer(.layer(.flatten)) },
        Builtin("reshape", category: .models, summary: "the sample under new dimensions",
                parameters: [.variadic("dims", "the new size of each dimension; the element count must stay the same")], returns: "layer",
                doc: "Gives each sample a new shape with the same number of elements.", examples: ["reshape(49, 10, 1)"]) { call throws(Diagnostic) in
            .layer(.layer(.reshape(try positiveDimensions(call))))
        },
        Builtin("dropout", category: .models, summary: "randomly silence inputs while training",
                parameters: [.required("rate", "the share of inputs set to 0 at each training step, e.g. 0.2")], returns: "layer",
                doc: "Zeroes a random share of its inputs at each training step (scaling the rest up) and does nothing at inference: it keeps a network from memorising.",
                examples: ["dropout(0.2)"]) { call throws(Diagnostic) in
            let rate = try call.number("rate")
            guard rate >= 0, rate < 1 else {
                throw Diagnostic(.value, "dropout rate must be at least 0 and below 1, not \(NumberText.string(rate))", at: call.range(of: "rate"))
            }
            return .layer(.layer(.dropout(rate: Float(rate))))
        },
        Builtin("batchnorm", category: .models, summary: "normalise each channel over the batch",
                returns: "layer", doc: "Batch normalisation over the last axis (momentum 0.99, epsilon 0.001, as Keras): steadier training of deeper networks.",
                examples: ["batchnorm()"]) { _ throws(Diagnostic) in .layer(.layer(.batchNormalization)) },
        Builtin("sequential", category: .models, summary: "a model from layers, like a model block",
                parameters: [.variadic("layers", "input(...) then the layers"),
                             .optional("seed", "the seed of the initial weights", default: .number(0), keywordOnly: true)],
                returns: "model",
                doc: "The same as a model block: model m { input(4); dense(2) } is m = sequential(input(4), dense(2)). Weights start Glorot-uniform, biases at zero.",
                examples: ["m = sequential(input(4), dense(8, activation: relu), dense(2, activation: softmax))"]) { call throws(Diagnostic) in
            .model(try ModelBuilder.build(name: "sequential", layers: call.rest.map { ($0.value, $0.range) }, seed: try call.seed(), at: call.range))
        },
        Builtin("summary", category: .models, summary: "a table of a model's layers: shapes, parameters, MACs, memory",
                parameters: [.required("model", "the model")], returns: "table",
                doc: "Per layer: the output shape of one sample, the parameters, the multiply-accumulates per inference (MACs) and the bytes of its output activation; with totals.",
                examples: ["summary(wand)"]) { call throws(Diagnostic) in
            .table(ModelDisplay.summary(try call.model("model")))
        },
        Builtin("predict", category: .training, summary: "a model's outputs for one sample, a batch or a dataset",
                parameters: [.required("model", "the model, float or int8 (a qmodel)"), .required("x", "a sample, a tensor of one sample or a batch, or a dataset")],
                returns: "tensor",
                doc: "Runs the model in inference mode. One sample gives one output; a batch or a dataset gives one row per sample. A qmodel quantizes the float input, runs the int8 kernels and dequantizes the output.",
                examples: ["predict(m, test[0])", "predict(m, test).argmax()", "predict(q, test[0])"]) { call throws(Diagnostic) in
            let predictor = try call.predictor("model")
            let (inputs, single) = try ModelBuilder.inputs(call.value("x"), inputShape: predictor.inputShape, at: call.range(of: "x"))
            let outputs = try predictor.predict(inputs, at: call.range(of: "x"))
            return .tensor(single ? Tensor(shape: predictor.outputShape, scalars: outputs.scalars) : outputs)
        },
    ] + Activation.allCases.map(activationBuiltin)

    static let activationParameter = Parameter.optional("activation", "applied to the output: relu, relu6, sigmoid, tanh, softmax or linear",
                                                        default: .string("linear"), shown: "linear", keywordOnly: true)
    static let strideParameter = Parameter.optional("stride", "the step between windows", default: .number(1), keywordOnly: true)
    static let paddingParameter = Parameter.optional("padding", "same (keep the length, padding with zeros) or valid (no padding)",
                                                     default: .string("same"), shown: "same", keywordOnly: true)

    private static func pooling(_ name: String, _ what: String, _ make: @escaping @Sendable (Int, Int?) -> LayerSpec) -> Builtin {
        Builtin(name, category: .models, summary: "\(what) (1-D or 2-D by the input's rank)",
                parameters: [.required("size", "the window length (1-D) or side (2-D)"),
                             .optional("stride", "the step between windows", default: .none, shown: "size", keywordOnly: true)],
                returns: "layer",
                doc: "Keeps \(what), shrinking time (or height and width) by the stride. 1-D on [steps, channels] samples, 2-D on [height, width, channels].",
                examples: ["\(name)(2)"]) { call throws(Diagnostic) in
            let stride: Int? = if case .none = call.value("stride") { nil } else { try call.integer("stride", minimum: 1) }
            return .layer(.layer(make(try call.integer("size", minimum: 1), stride)))
        }
    }

    /// `relu`, `softmax`, …: functions on numbers and tensors, and the values `activation:` takes.
    private static func activationBuiltin(_ activation: Activation) -> Builtin {
        let what: String = switch activation {
        case .linear: "the identity: the value unchanged"
        case .relu: "max(0, x): negative values become 0"
        case .relu6: "relu capped at 6, as quantized models like it"
        case .sigmoid: "1 / (1 + e^-x): squashes to (0, 1), for yes/no outputs"
        case .tanh: "the hyperbolic tangent: squashes to (-1, 1)"
        case .softmax: "e^x / Σ e^x over the last axis: scores to class probabilities"
        }
        return Builtin(activation.name, category: .models, summary: "the \(activation.name) activation, \(what)",
                       parameters: [.required("x", "a number or a tensor")], returns: "number or tensor",
                       doc: "Pass it to a layer as activation: \(activation.name), or apply it to numbers and tensors directly.",
                       examples: ["dense(8, activation: \(activation.name))", "\(activation.name)(tensor([-1, 0, 2]))"]) { call throws(Diagnostic) in
            let value = call.value("x")
            if case .number(let number) = value, activation != .softmax {
                return .number(Double(ActivationMath.apply(activation, Tensor(scalar: Float(number))).scalars[0]))
            }
            let tensor = try TensorLiteral.tensor(from: value, limits: call.limits, at: call.range(of: "x"))
            return .tensor(ActivationMath.apply(activation, tensor))
        }
    }

    private static func activation(_ call: Call) throws(Diagnostic) -> Activation {
        switch call.value("activation") {
        case .function(let builtin):
            if let activation = Activation(rawValue: builtin.name) { return activation }
        case .string(let name):
            if let activation = Activation(rawValue: name) { return activation }
        case .none:
            return .linear
        default: break
        }
        throw Diagnostic(.type, "activation must be one of \(Activation.allCases.map(\.name).joined(separator: ", "))",
                         at: call.range(of: "activation"), hint: "e.g. activation: relu")
    }

    private static func padding(_ call: Call) throws(Diagnostic) -> Padding {
        guard case .string(let name) = call.value("padding"), let padding = Padding(rawValue: name) else {
            throw Diagnostic(.type, "padding must be same or valid", at: call.range(of: "padding"), hint: "e.g. padding: valid")
        }
        return padding
    }

    private static func size2D(_ call: Call, _ name: String) throws(Diagnostic) -> Size2D {
        if case .list(let items) = call.value(name) {
            guard items.count == 2, case .number(let h) = items[0], case .number(let w) = items[1] else {
                throw Diagnostic(.type, "\(name) must be a number or [height, width]", at: call.range(of: name))
            }
            let range = call.range(of: name)
            return Size2D(height: try Call.integer(h, what: "the height of \(name)", minimum: 1, at: range),
                          width: try Call.integer(w, what: "the width of \(name)", minimum: 1, at: range))
        }
        return Size2D(try call.integer(name, minimum: 1))
    }

    private static func positiveDimensions(_ call: Call) throws(Diagnostic) -> [Int] {
        guard !call.rest.isEmpty else { throw Diagnostic(.argument, "\(call.builtin.name) needs at least one dimension", at: call.range) }
        var dims = [Int]()
        for argument in call.rest {
            guard case .number(let number) = argument.value else {
                throw Diagnostic(.type, "a dimension must be a whole number, not \(argument.value.kindWithArticle)", at: argument.range)
            }
            dims.append(try Call.integer(number, what: "a dimension", minimum: 1, at: argument.range))
        }
        return dims
    }
}

extension Call {
    public func model(_ name: String) throws(Diagnostic) -> ModelHandle {
        let value = value(name)
        guard case .model(let handle) = value else { throw typeError(name, expected: "a model", got: value) }
        return handle
    }
}

/// Activations applied to whole tensors, as the `relu(...)` builtins do.
enum ActivationMath {
    static func apply(_ activation: Activation, _ tensor: Tensor) -> Tensor {
        switch activation {
        case .linear: return tensor
        case .relu: return tensor.map { max(0, $0) }
        case .relu6: return tensor.map { min(max(0, $0), 6) }
        case .sigmoid: return tensor.map { $0 >= 0 ? 1 / (1 + Foundation.exp(-$0)) : Foundation.exp($0) / (1 + Foundation.exp($0)) }
        case .tanh: return tensor.map { Foundation.tanh($0) }
        case .softmax:
            let width = max(1, tensor.shape.last ?? 1)
            var scalars = tensor.scalars
            for row in stride(from: 0, to: scalars.count, by: width) {
                let slice = row..<min(row + width, scalars.count)
                let top = scalars[slice].max() ?? 0
                var total: Float = 0
                for i in slice { scalars[i] = Foundation.exp(scalars[i] - top); total += scalars[i] }
                for i in slice { scalars[i] /= total }
            }
            return Tensor(shape: tensor.shape, scalars: scalars)
        }
    }
}
