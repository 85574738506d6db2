import Foundation
import Testing
@testable import TensorEngine

/// Every layer kind, activation and loss against `Goldens/layer_goldens.json`, written by
/// `Goldens/make_layer_goldens.py` from PyTorch in float64: outputs, and the gradients of
/// `sum(output · upstream)` with respect to the input and every trainable parameter.
@Suite("Layer goldens from PyTorch (float64)")
struct LayerGoldenTests {
    /// The engine computes in float32 from the same float32 inputs and weights as the goldens, so
    /// the difference is float32 rounding in sums of a few dozen terms. An element passes when
    /// `|engine − golden| ≤ relative · |golden| + absolute · max|golden|` over its tensor; the
    /// absolute part covers elements that are small only because of cancellation. Measured: at
    /// most 3.9·10⁻⁶ of the tensor's largest magnitude (a bias gradient of binary crossentropy
    /// summed over the batch), under 10⁻⁶ everywhere else. A wrong tap, padding side, layout or
    /// batch-statistics term moves values by 10⁻² or more.
    static let relative = 1e-4
    static let absolute = 1e-5
    /// Loss values are single batch means, compared relatively.
    static let lossRelative = 1e-5

    @Test(arguments: KernelVariant.allCases)
    func layersMatchPyTorch(_ variant: KernelVariant) throws {
        let goldens = try Self.load()
        for golden in goldens.layers {
            var model = try Self.model(golden.layer, input: golden.inputShape, trainable: golden.trainable,
                                       state: golden.state)
            var generator = SeededGenerator(seed: 1)
            let pass = try model.forward(golden.input.tensor, training: golden.training, generator: &generator,
                                         variant: variant)
            Self.expectClose(pass.output, golden.output, "\(golden.name): output")
            let gradients = model.backward(pass, gradient: golden.upstream.tensor, atPreActivation: false,
                                           variant: variant)
            Self.expectClose(gradients.input, golden.inputGradient, "\(golden.name): input gradient")
            #expect(gradients.parameters[0].count == golden.parameterGradients.count, "\(golden.name)")
            for (index, (actual, expected)) in zip(gradients.parameters[0], golden.parameterGradients).enumerated() {
                Self.expectClose(actual, expected, "\(golden.name): gradient of parameter \(index)")
            }
            if let updated = golden.updatedState {
                model.updateMovingStatistics(from: pass)
                Self.expectClose(model.parameters[0].state[0], updated[0], "\(golden.name): moving mean")
                Self.expectClose(model.parameters[0].state[1], updated[1], "\(golden.name): moving variance")
            }
        }
    }

    @Test func lossesMatchPyTorch() throws {
        for golden in try Self.load().losses {
            let model = try Self.model(golden.layer, input: golden.inputShape, trainable: golden.trainable, state: [])
            let loss = try #require(Loss.allCases.first { $0.name == golden.loss }, "\(golden.loss)")
            let targets = golden.targets.tensor
            var generator = SeededGenerator(seed: 1)
            let pass = try model.forward(golden.input.tensor, training: false, generator: &generator)
            Self.expectClose(pass.output, golden.output, "\(golden.name): output")
            Self.expectClose(pass.logits, golden.logits, "\(golden.name): logits")

            // Training's path: the loss fused with softmax or sigmoid, gradient at the logits.
            let evaluation = try loss.evaluate(pass, targets: targets, model: model)
            Self.expectCloseValue(evaluation.value, golden.value, "\(golden.name): evaluate value")
            #expect(evaluation.atLogits == (loss != .mse), "\(golden.name)")
            Self.expectClose(evaluation.gradient, evaluation.atLogits ? golden.logitGradient : golden.outputGradient,
                             "\(golden.name): evaluate gradient")
            let gradients = evaluation.atLogits ? model.backward(pass, logitGradient: evaluation.gradient)
                : model.backward(pass, outputGradient: evaluation.gradient)
            Self.expectGradients(gradients, golden, "fused")

            // The unfused path on the outputs, then back through the activation.
            let outputs = golden.output.tensor
            Self.expectCloseValue(try loss.value(outputs: outputs, targets: targets), golden.value,
                                  "\(golden.name): value from the outputs")
            let unfused = try loss.compute(outputs, targets: targets, fromLogits: false)
            Self.expectClose(Tensor(shape: outputs.shape, scalars: unfused.gradient), golden.outputGradient,
                             "\(golden.name): gradient at the outputs")
            Self.expectGradients(model.backward(pass, outputGradient: golden.outputGradient.tensor), golden, "unfused")
        }
    }

    @Test func goldensCoverEveryLayerKindActivationAndLoss() throws {
        let goldens = try Self.load()
        let specs = try goldens.layers.map { try $0.layer.spec() }
        // Reshape only renames the shape and dropout's mask is the engine's own draw: neither has a
        // counterpart to compare with.
        let kinds: Set = ["dense", "conv1d", "conv2d", "depthwise_conv2d", "maxpool", "avgpool", "global_avgpool",
                          "flatten", "batchnorm"]
        #expect(Set(specs.map(\.kindName)) == kinds)
        #expect(Set(specs.compactMap(\.activation)) == Set(Activation.allCases))
        #expect(Set(goldens.layers.map(\.training)) == [false, true])
        #expect(Set(goldens.losses.map(\.loss)) == Set(Loss.allCases.filter { $0 != .auto }.map(\.name)))
    }

    @Test func comparisonFailsOnARealDifference() {
        let golden = GoldenTensor(shape: [3], data: [1, -2, 0.5])
        #expect(Self.mismatch(Tensor(shape: [3], scalars: [1, -2, 0.5]), golden) == nil)
        #expect(Self.mismatch(Tensor(shape: [3], scalars: [1, -2.001, 0.5]), golden) != nil)
        #expect(Self.mismatch(Tensor(shape: [1, 3], scalars: [1, -2, 0.5]), golden) != nil)
    }
}

// MARK: - Building the models

extension LayerGoldenTests {
    static func load() throws -> LayerGoldens {
        let url = try #require(Bundle.module.url(forResource: "layer_goldens", withExtension: "json",
                                                 subdirectory: "Goldens"))
        return try JSONDecoder().decode(LayerGoldens.self, from: Data(contentsOf: url))
    }

    /// A one-layer model carrying the golden parameters, which must have the shapes it was built with.
    static func model(_ layer: GoldenLayer, input: [Int], trainable: [GoldenTensor],
                      state: [GoldenTensor]) throws -> Model {
        var model = try Model.build(input: input, layers: [try layer.spec()], seed: 1)
        let parameters = LayerParameters(trainable: trainable.map(\.tensor), state: state.map(\.tensor))
        try #require(parameters.trainable.map(\.shape) == model.parameters[0].trainable.map(\.shape), "\(layer.kind)")
        try #require(parameters.state.map(\.shape) == model.parameters[0].state.map(\.shape), "\(layer.kind)")
        model.parameters[0] = parameters
        return model
    }
}

// MARK: - Comparing

extension LayerGoldenTests {
    /// A description of the worst element outside the tolerance, or `nil` when every element is within it.
    static func mismatch(_ actual: Tensor, _ expected: GoldenTensor) -> String? {
        guard actual.shape == expected.shape else { return "shape \(actual.shape), expected \(expected.shape)" }
        let scale = expected.data.map(abs).max() ?? 0
        var worst: (excess: Double, index: Int)?
        for (index, (value, golden)) in zip(actual.scalars, expected.data).enumerated() {
            let excess = abs(Double(value) - golden) - (relative * abs(golden) + absolute * scale)
            if excess > 0 && excess > (worst?.excess ?? 0) { worst = (excess, index) }
        }
        return worst.map { "element \($0.index): \(actual.scalars[$0.index]), expected \(expected.data[$0.index])" }
    }

    static func expectClose(_ actual: Tensor, _ expected: GoldenTensor, _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let problem = mismatch(actual, expected)
        #expect(problem == nil, "\(what): \(problem ?? "")", sourceLocation: sourceLocation)
    }

    static func expectCloseValue(_ actual: Double, _ expected: Double, _ what: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(actual - expected) <= lossRelative * abs(expected), "\(what): \(actual), expected \(expected)",
                sourceLocation: sourceLocation)
    }

    static func expectGradients(_ gradients: Gradients, _ golden: LossGolden, _ path: String,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        expectClose(gradients.input, golden.inputGradient, "\(golden.name) (\(path)): input gradient",
                    sourceLocation: sourceLocation)
        for (index, (actual, expected)) in zip(gradients.parameters[0], golden.parameterGradients).enumerated() {
            expectClose(actual, expected, "\(golden.name) (\(path)): gradient of parameter \(index)",
                        sourceLocation: sourceLocation)
        }
    }
}

// MARK: - The JSON

/// A tensor as the script writes it: its shape and row-major values.
struct GoldenTensor: Decodable {
    let shape: [Int]
    let data: [Double]

    /// The values as the engine holds them (inputs and weights are float32 values written exactly).
    var tensor: Tensor { Tensor(shape: shape, scalars: data.map { Float($0) }) }
}

/// A layer's hyper-parameters; 1-D kernels and strides are written `[1, size]`.
struct GoldenLayer: Decodable {
    let kind: String
    let units: Int?
    let filters: Int?
    let multiplier: Int?
    let size: Int?
    let kernel: [Int]?
    let stride: Int2OrInt?
    let padding: String?
    let activation: String?

    /// Pooling strides are single numbers, convolution strides pairs.
    enum Int2OrInt: Decodable {
        case one(Int)
        case pair([Int])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int.self) { self = .one(value) } else { self = .pair(try container.decode([Int].self)) }
        }
    }

    struct Unknown: Error { let what: String }

    func spec() throws -> LayerSpec {
        func named<Value: RawRepresentable<String>>(_ name: String?, _ fallback: Value) throws -> Value {
            guard let name else { return fallback }
            guard let value = Value(rawValue: name) else { throw Unknown(what: "\(kind): \(name)") }
            return value
        }
        func number(_ value: Int?) throws -> Int {
            guard let value else { throw Unknown(what: "\(kind): a missing size") }
            return value
        }
        func pair(_ value: [Int]?) throws -> Size2D {
            guard let value, value.count == 2 else { throw Unknown(what: "\(kind): window \(String(describing: value))") }
            return Size2D(height: value[0], width: value[1])
        }
        func strides() throws -> Size2D {
            guard case let .pair(value) = stride else { throw Unknown(what: "\(kind): stride") }
            return try pair(value)
        }
        let activation = try named(self.activation, Activation.linear)
        let padding = try named(self.padding, Padding.same)
        switch kind {
        case "dense":
            return .dense(units: try number(units), activation: activation)
        case "conv1d":
            return .conv1d(filters: try number(filters), kernel: try pair(kernel).width, stride: try strides().width,
                           padding: padding, activation: activation)
        case "conv2d":
            return .conv2d(filters: try number(filters), kernel: try pair(kernel), stride: try strides(),
                           padding: padding, activation: activation)
        case "depthwise_conv2d":
            return .depthwiseConv2d(kernel: try pair(kernel), multiplier: try number(multiplier),
                                    stride: try strides(), padding: padding, activation: activation)
        case "maxpool", "avgpool":
            guard case let .one(step) = stride else { throw Unknown(what: "\(kind) stride") }
            return kind == "maxpool" ? .maxPool(size: try number(size), stride: step)
                : .averagePool(size: try number(size), stride: step)
        case "global_avgpool":
            return .globalAveragePool
        case "flatten":
            return .flatten
        case "batchnorm":
            return .batchNormalization
        default:
            throw Unknown(what: "layer kind \(kind)")
        }
    }
}

/// One layer on a batch, with its parameters, upstream gradient and the expected results.
struct LayerGolden: Decodable {
    let name: String
    let layer: GoldenLayer
    let inputShape: [Int]
    let training: Bool
    let input: GoldenTensor
    let trainable: [GoldenTensor]
    let state: [GoldenTensor]
    let upstream: GoldenTensor
    let output: GoldenTensor
    let inputGradient: GoldenTensor
    let parameterGradients: [GoldenTensor]
    /// Batchnorm's moving mean and variance after one training step, for training cases.
    let updatedState: [GoldenTensor]?
}

/// A dense layer with a loss: the batch-mean value and its gradients along the way.
struct LossGolden: Decodable {
    let name: String
    let loss: String
    let layer: GoldenLayer
    let inputShape: [Int]
    let input: GoldenTensor
    let trainable: [GoldenTensor]
    let targets: GoldenTensor
    let output: GoldenTensor
    let logits: GoldenTensor
    let value: Double
    let outputGradient: GoldenTensor
    let logitGradient: GoldenTensor
    let inputGradient: GoldenTensor
    let parameterGradients: [GoldenTensor]
}

/// The whole file.
struct LayerGoldens: Decodable {
    let framework: String
    let layers: [LayerGolden]
    let losses: [LossGolden]
}
