/// A model's scores on a data set: the loss plus classification or regression metrics.
public struct Evaluation: Sendable, Equatable {
    /// The loss that was measured (never `auto`).
    public var lossKind: Loss
    /// The loss over all samples, in inference mode.
    public var loss: Double
    /// Accuracy, confusion matrix and per-class scores, for crossentropy losses with one class per sample.
    public var classification: ClassificationMetrics?
    /// Mean absolute and squared error, for mse.
    public var regression: RegressionMetrics?
}

extension Model {
    /// Scores the model on `inputs` against `targets` in inference mode.
    ///
    /// `auto` is resolved as in training. Crossentropy gives classification metrics over the output
    /// width's classes; binary crossentropy over 2 classes (threshold 0.5); mse gives regression metrics.
    /// - Throws: ``ModelError`` when the inputs or targets do not fit.
    public func evaluate(inputs: Tensor, targets: Tensor, loss: Loss = .auto) throws(ModelError) -> Evaluation {
        let outputs = try predict(inputs)
        let kind = loss.resolved(for: self, targets: targets)
        let value = try kind.value(outputs: outputs, targets: targets)
        switch kind {
        case .crossentropy, .binaryCrossentropy:
            let classes = kind == .crossentropy ? (outputs.shape.last ?? 1) : 2
            let labels = targets.scalars.map { kind == .crossentropy ? Int($0) : ($0 > 0.5 ? 1 : 0) }
            let predicted = Metrics.predictedClasses(outputs)
            // Several sigmoid units (multi-label) have no single class per sample.
            guard predicted.count == labels.count else { return Evaluation(lossKind: kind, loss: value) }
            return Evaluation(lossKind: kind, loss: value,
                              classification: Metrics.classification(predicted: predicted,
                                                                     labels: labels, classes: classes))
        case .mse, .auto:
            return Evaluation(lossKind: kind, loss: value,
                              regression: Metrics.regression(outputs: outputs, targets: targets))
        }
    }
}
