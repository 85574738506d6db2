/// The result of running a model on a batch, with what the backward pass needs.
public struct ForwardPass: Sendable {
    package let records: [LayerRecord<Float>]
    /// The model's output for the batch, `[n] + outputShape`.
    public let output: Tensor
    /// The last layer's output before its activation (equal to `output` when it has none).
    public let logits: Tensor
    /// Whether the pass ran in training mode (dropout active, batch statistics).
    public let training: Bool
}

/// Gradients of a loss with respect to every trainable parameter and to the input batch.
public struct Gradients: Sendable, Equatable {
    /// Per layer, in the order of ``LayerParameters/trainable``.
    public var parameters: [[Tensor]]
    /// With respect to the input batch (in the model's input shape); empty when training asked
    /// for the parameters' gradients only.
    public var input: Tensor
}

extension Model {
    /// Runs the model on a batch `[n] + inputShape`, keeping what ``backward(_:outputGradient:)`` needs.
    ///
    /// Samples of another shape with the same element count are reshaped to the input shape. In
    /// training mode dropout draws its masks from `generator` (in layer, then element order) and
    /// batchnorm uses the batch's statistics; otherwise neither draws nor depends on the batch.
    /// - Throws: `.batchMismatch` when the samples do not fit the input.
    public func forward(_ batch: Tensor, training: Bool, generator: inout SeededGenerator) throws(ModelError) -> ForwardPass {
        try forward(batch, training: training, generator: &generator, variant: .fast)
    }

    package func forward(_ batch: Tensor, training: Bool, generator: inout SeededGenerator,
                         variant: KernelVariant) throws(ModelError) -> ForwardPass {
        let input = try inputBatch(batch)
        let records = Network<Float>(self).forward(input, training: training, generator: &generator, variant: variant)
        let output = records.last?.output ?? input
        return ForwardPass(records: records, output: output.tensor,
                           logits: (records.last?.preActivation ?? input).tensor, training: training)
    }

    /// Gradients of every parameter and of the input, given the loss gradient at the output.
    /// - Precondition: `outputGradient` has the pass's output shape.
    public func backward(_ pass: ForwardPass, outputGradient: Tensor) -> Gradients {
        backward(pass, gradient: outputGradient, atPreActivation: false, variant: .fast)
    }

    /// Gradients given the loss gradient at the last layer's pre-activation (``ForwardPass/logits``),
    /// skipping its activation: the stable path for crossentropy fused with softmax or sigmoid.
    /// - Precondition: `logitGradient` has the pass's output shape.
    public func backward(_ pass: ForwardPass, logitGradient: Tensor) -> Gradients {
        backward(pass, gradient: logitGradient, atPreActivation: true, variant: .fast)
    }

    /// With `inputGradient: false` (training, which never uses it) the first layer's input
    /// gradient is not computed and `Gradients.input` is empty.
    package func backward(_ pass: ForwardPass, gradient: Tensor, atPreActivation: Bool,
                          variant: KernelVariant, inputGradient: Bool = true) -> Gradients {
        precondition(gradient.shape == pass.output.shape, "Model.backward: gradient shape \(gradient.shape)")
        let result = Network<Float>(self).backward(pass.records, gradient: ShapedArray(gradient),
                                                   atPreActivation: atPreActivation, variant: variant,
                                                   inputGradient: inputGradient)
        return Gradients(parameters: result.trainable.map { $0.map(\.tensor) }, input: result.input.tensor)
    }

    /// Moves batchnorm's moving mean and variance toward the statistics of a training pass
    /// (`moving · 0.99 + batch · 0.01`, as Keras). Does nothing for an inference pass.
    public mutating func updateMovingStatistics(from pass: ForwardPass) {
        for index in layers.indices where pass.records[index].batchStatistics {
            let record = pass.records[index]
            let state = parameters[index].state
            parameters[index].state = [
                Tensor(shape: state[0].shape,
                       scalars: NormalizationKernel.updatedMoving(state[0].scalars, batch: record.mean)),
                Tensor(shape: state[1].shape,
                       scalars: NormalizationKernel.updatedMoving(state[1].scalars, batch: record.variance)),
            ]
        }
    }

    /// The model's outputs for `inputs` (`[n] + inputShape`, or samples with as many elements), in
    /// inference mode, `batchSize` samples at a time: `[n] + outputShape`.
    /// - Throws: `.batchMismatch` when the samples do not fit the input.
    public func predict(_ inputs: Tensor, batchSize: Int = 32) throws(ModelError) -> Tensor {
        let all = try inputBatch(inputs)
        let count = all.shape[0]
        let sampleSize = Tensor.elementCount(of: inputShape)
        var generator = SeededGenerator(seed: 0)  // inference draws nothing
        var scalars: [Float] = []
        scalars.reserveCapacity(count * Tensor.elementCount(of: outputShape))
        for start in stride(from: 0, to: count, by: max(batchSize, 1)) {
            let end = min(start + max(batchSize, 1), count)
            let chunk = Tensor(shape: [end - start] + inputShape,
                               scalars: Array(all.scalars[(start * sampleSize)..<(end * sampleSize)]))
            scalars += try forward(chunk, training: false, generator: &generator).output.scalars
        }
        return Tensor(shape: [count] + outputShape, scalars: scalars)
    }

    /// `batch` as `[n] + inputShape`, reshaping samples whose element count matches.
    package func inputBatch(_ batch: Tensor) throws(ModelError) -> ShapedArray<Float> {
        let sample = Array(batch.shape.dropFirst())
        guard batch.rank >= 1 else { throw .batchMismatch(expected: inputShape, got: batch.shape) }
        if sample == inputShape { return ShapedArray(batch) }
        guard Tensor.elementCount(of: sample) == Tensor.elementCount(of: inputShape) else {
            throw .batchMismatch(expected: inputShape, got: sample)
        }
        return ShapedArray(shape: [batch.shape[0]] + inputShape, scalars: batch.scalars)
    }
}
