/// Which implementation of dense and convolution layers to run.
package enum KernelVariant: Sendable, Equatable, CaseIterable {
    /// The plain loops that define the layers.
    case reference
    /// im2col and the matrix product: bit-identical to `reference`, and much faster.
    case fast
}

/// What one layer's forward pass keeps for the backward pass.
package struct LayerRecord<S: EngineScalar>: Sendable {
    /// The layer's input batch.
    package var input: ShapedArray<S>
    /// The output before the activation (equal to `output` for layers without one).
    package var preActivation: ShapedArray<S>
    /// The layer's output batch.
    package var output: ShapedArray<S>
    /// Dropout's mask (empty for other layers and at inference).
    package var mask: [S] = []
    /// Batchnorm's mean used for this batch (the batch's own when training, else the moving one).
    package var mean: [S] = []
    /// Batchnorm's variance used for this batch, chosen like ``mean``.
    package var variance: [S] = []
    /// Whether batchnorm used batch statistics (training) rather than moving ones.
    package var batchStatistics = false
}

/// A model's layers with parameters in scalar type `S`: the generic forward and backward passes.
///
/// ``Model`` runs it in `Float`; the gradient checks run the very same code in `Double`.
package struct Network<S: EngineScalar>: Sendable {
    package let model: Model
    /// Per layer: kernel and bias, or gamma and beta.
    package var trainable: [[ShapedArray<S>]]
    /// Per layer: batchnorm's moving mean and variance.
    package var state: [[ShapedArray<S>]]

    /// The model's parameters converted to `S`.
    package init(_ model: Model) {
        self.model = model
        trainable = model.parameters.map { $0.trainable.map { ShapedArray<Float>($0).converted(to: S.self) } }
        state = model.parameters.map { $0.state.map { ShapedArray<Float>($0).converted(to: S.self) } }
    }

    /// Runs every layer on `batch` (shaped `[n] + model.inputShape`), keeping what backward needs.
    package func forward(_ batch: ShapedArray<S>, training: Bool, generator: inout SeededGenerator,
                         variant: KernelVariant) -> [LayerRecord<S>] {
        var records: [LayerRecord<S>] = []
        var current = batch
        for index in model.layers.indices {
            let record = layerForward(index, current, training: training, generator: &generator, variant: variant)
            current = record.output
            records.append(record)
        }
        return records
    }

    /// Gradients of every trainable parameter and of the input, given the gradient at the output
    /// (or, with `atPreActivation`, at the last layer's pre-activation, skipping its activation).
    /// Without `inputGradient` the first layer's convolution or dense product for it is skipped
    /// and the input gradient returned is empty.
    package func backward(_ records: [LayerRecord<S>], gradient: ShapedArray<S>, atPreActivation: Bool,
                          variant: KernelVariant, inputGradient: Bool = true)
        -> (trainable: [[ShapedArray<S>]], input: ShapedArray<S>) {
        var parameterGradients = trainable.map { $0.map { ShapedArray<S>(zeros: $0.shape) } }
        var current = gradient
        for index in model.layers.indices.reversed() {
            let record = records[index]
            var dz = current
            if let activation = model.layers[index].activation,
               !(atPreActivation && index == model.layers.count - 1) {
                dz = activation.backward(preActivation: record.preActivation, output: record.output,
                                         outputGradient: current)
            }
            let (dx, grads) = layerBackward(index, record, dz, variant: variant,
                                            inputGradient: inputGradient || index > 0)
            parameterGradients[index] = grads
            current = dx
        }
        if model.layers.isEmpty { return (parameterGradients, gradient) }
        return (parameterGradients, current)
    }
}
