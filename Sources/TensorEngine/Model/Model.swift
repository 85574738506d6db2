/// The parameters of one layer.
public struct LayerParameters: Sendable, Equatable {
    /// Trained tensors in a fixed order: kernel then bias (dense and convolutions), gamma then
    /// beta (batchnorm); empty for layers without weights.
    public var trainable: [Tensor]
    /// Tensors updated by training but not by gradients: batchnorm's moving mean then variance.
    public var state: [Tensor]

    /// Parameters from their tensors.
    public init(trainable: [Tensor] = [], state: [Tensor] = []) {
        self.trainable = trainable
        self.state = state
    }

    /// The number of scalars held, state included (as a Keras summary counts them).
    public var count: Int { (trainable + state).reduce(0) { $0 + $1.count } }
}

/// A sequential float model: layer specs, the input shape, every inferred shape and the parameters.
///
/// A value: copying a model copies its weights (lazily), so a trained model never changes under
/// another holder. Shapes are per sample, without the batch axis.
public struct Model: Sendable, Equatable {
    /// The shape of one input sample.
    public let inputShape: [Int]
    /// The layers after the input, in order.
    public let layers: [LayerSpec]
    /// The output shape of each layer (per sample), in order.
    public let outputShapes: [[Int]]
    /// The parameters of each layer, in order (empty for layers without any). Replacing them (for
    /// example with loaded weights) must keep every tensor's shape: the kernels rely on it.
    public var parameters: [LayerParameters]

    /// The shape of one output sample.
    public var outputShape: [Int] { outputShapes.last ?? inputShape }

    /// The input shape of layer `index`.
    public func inputShape(ofLayer index: Int) -> [Int] {
        index == 0 ? inputShape : outputShapes[index - 1]
    }

    /// The activation of the last layer, when it has one (used to fuse losses with it).
    public var finalActivation: Activation? { layers.last?.activation }

    /// Defines a model: infers every shape, checks every hyper-parameter and shape, and initialises
    /// the weights.
    ///
    /// Kernels are Glorot-uniform (`±√(6 / (fanIn + fanOut))`, fans as Keras counts them) drawn from
    /// `SeededGenerator(seed: seed)` layer by layer in order; biases and batchnorm beta start at 0,
    /// gamma at 1, the moving mean at 0 and the moving variance at 1.
    /// - Throws: ``ModelError`` naming the first layer that does not fit, both shapes and a hint.
    public static func build(input: [Int], layers: [LayerSpec], seed: UInt64) throws(ModelError) -> Model {
        guard !input.isEmpty, input.allSatisfy({ $0 > 0 }), (try? Tensor.validate(shape: input)) != nil else {
            throw .invalidInput(shape: input)
        }
        var shapes: [[Int]] = []
        var current = input
        for (index, layer) in layers.enumerated() {
            current = try layer.outputShape(for: current, name: layerName(layer, index: index))
            shapes.append(current)
        }
        var generator = SeededGenerator(seed: seed)
        var parameters: [LayerParameters] = []
        for (index, layer) in layers.enumerated() {
            let inShape = index == 0 ? input : shapes[index - 1]
            parameters.append(layer.initialParameters(input: inShape, generator: &generator))
        }
        return Model(inputShape: input, layers: layers, outputShapes: shapes, parameters: parameters)
    }

    /// How messages name layer `index` of `layers`: its kind and its line in the model block.
    public static func layerName(_ layer: LayerSpec, index: Int) -> String {
        "\(layer.kindName) (layer \(index + 2))"
    }
}
