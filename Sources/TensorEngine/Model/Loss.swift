/// The training objective.
public enum Loss: String, Sendable, Equatable, CaseIterable {
    /// Mean squared error (regression).
    case mse
    /// Sparse categorical crossentropy: integer class labels against softmax outputs.
    case crossentropy
    /// Binary crossentropy: 0/1 targets against sigmoid outputs.
    case binaryCrossentropy
    /// Chosen from the model and labels by ``resolved(finalActivation:outputShape:integerLabels:)``.
    case auto

    /// The name as written in a notebook, e.g. `"binary_crossentropy"`.
    public var name: String {
        switch self {
        case .mse: "mse"
        case .crossentropy: "crossentropy"
        case .binaryCrossentropy: "binary_crossentropy"
        case .auto: "auto"
        }
    }

    /// The concrete loss: `auto` becomes crossentropy for a softmax output with integer labels,
    /// binary crossentropy for one sigmoid unit, and mse otherwise; other cases stay as they are.
    public func resolved(finalActivation: Activation?, outputShape: [Int], integerLabels: Bool) -> Loss {
        switch self {
        case .mse, .crossentropy, .binaryCrossentropy:
            return self
        case .auto:
            if finalActivation == .softmax && integerLabels { return .crossentropy }
            if finalActivation == .sigmoid && Tensor.elementCount(of: outputShape) == 1 { return .binaryCrossentropy }
            return .mse
        }
    }

    /// `auto` resolved for `model`, judging from `targets` whether the labels are class indices
    /// (one whole number per sample).
    public func resolved(for model: Model, targets: Tensor) -> Loss {
        resolved(finalActivation: model.finalActivation, outputShape: model.outputShape,
                 integerLabels: Loss.areClassIndices(targets))
    }

    /// Whether `targets` holds one whole, non-negative number per sample.
    public static func areClassIndices(_ targets: Tensor) -> Bool {
        targets.rank >= 1 && targets.count == targets.shape[0]
            && targets.scalars.allSatisfy { $0 >= 0 && $0 == $0.rounded() }
    }
}

/// A loss value with its gradient, ready for the backward pass.
public struct LossEvaluation: Sendable {
    /// The loss averaged over the batch.
    public var value: Double
    /// The gradient, at the model output or (when ``atLogits``) at the last pre-activation.
    public var gradient: Tensor
    /// Whether `gradient` is for ``Model/backward(_:logitGradient:)`` (crossentropy fused with the
    /// softmax or sigmoid of the last layer) rather than ``Model/backward(_:outputGradient:)``.
    public var atLogits: Bool
}

extension Loss {
    /// The loss of a forward pass and its gradient. Crossentropy with a softmax last layer and
    /// binary crossentropy with a sigmoid last layer are computed from the logits (stable, and
    /// what Keras does); `auto` is resolved first.
    /// - Throws: `.targetMismatch` when the targets do not fit the output or the loss.
    public func evaluate(_ pass: ForwardPass, targets: Tensor, model: Model) throws(ModelError) -> LossEvaluation {
        let loss = resolved(for: model, targets: targets)
        let fused = (loss == .crossentropy && model.finalActivation == .softmax)
            || (loss == .binaryCrossentropy && model.finalActivation == .sigmoid)
        let source = fused ? pass.logits : pass.output
        let (value, gradient) = try loss.compute(source, targets: targets, fromLogits: fused)
        return LossEvaluation(value: Double(value), gradient: Tensor(shape: source.shape, scalars: gradient),
                              atLogits: fused)
    }

    /// The loss of outputs (probabilities for the crossentropies) against targets, e.g. for
    /// `evaluate`; `auto` must be resolved by the caller (it is treated as mse).
    /// - Throws: `.targetMismatch` when the targets do not fit the outputs or the loss.
    public func value(outputs: Tensor, targets: Tensor) throws(ModelError) -> Double {
        Double(try compute(outputs, targets: targets, fromLogits: false).value)
    }

    package func compute(_ y: Tensor, targets: Tensor, fromLogits: Bool) throws(ModelError) -> (value: Float, gradient: [Float]) {
        let rows = y.shape.first ?? 0
        switch self {
        case .mse, .auto:
            guard targets.count == y.count, targets.shape.first == rows else {
                throw .targetMismatch(output: y.shape, targets: targets.shape, reason: "mse needs one target per output")
            }
            return LossKernel.meanSquaredError(y.scalars, targets.scalars)
        case .crossentropy:
            guard y.rank == 2 else {
                throw .targetMismatch(output: y.shape, targets: targets.shape,
                                      reason: "crossentropy needs outputs of shape [classes]")
            }
            let classes = y.shape[1]
            let labels = try Loss.classIndices(targets, rows: rows, classes: classes, outputShape: y.shape)
            return fromLogits ? LossKernel.crossentropy(logits: y.scalars, labels: labels, classes: classes)
                : LossKernel.crossentropy(probabilities: y.scalars, labels: labels, classes: classes)
        case .binaryCrossentropy:
            guard targets.count == y.count, targets.shape.first == rows,
                  targets.scalars.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
                throw .targetMismatch(output: y.shape, targets: targets.shape,
                                      reason: "binary_crossentropy needs one target in [0, 1] per output")
            }
            return fromLogits ? LossKernel.binaryCrossentropy(logits: y.scalars, targets.scalars)
                : LossKernel.binaryCrossentropy(probabilities: y.scalars, targets.scalars)
        }
    }

    /// Targets as class indices in `0..<classes`, one per row.
    package static func classIndices(_ targets: Tensor, rows: Int, classes: Int,
                                     outputShape: [Int]) throws(ModelError) -> [Int] {
        guard targets.count == rows, targets.shape.first == rows,
              targets.scalars.allSatisfy({ $0 >= 0 && $0 < Float(classes) && $0 == $0.rounded() }) else {
            throw .targetMismatch(output: outputShape, targets: targets.shape,
                                  reason: "crossentropy needs one class index in 0..<\(classes) per sample")
        }
        return targets.scalars.map { Int($0) }
    }
}
