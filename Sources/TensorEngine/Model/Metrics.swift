/// Scores for a classifier: accuracy, confusion matrix and per-class precision, recall and F1.
public struct ClassificationMetrics: Sendable, Equatable {
    /// The fraction of samples whose predicted class is the label.
    public var accuracy: Double
    /// `confusion[label][predicted]` counts.
    public var confusion: [[Int]]
    /// Per class: right predictions of the class over all predictions of it (0 when never predicted).
    public var precision: [Double]
    /// Per class: right predictions of the class over its samples (0 when it has none).
    public var recall: [Double]
    /// Per class: the harmonic mean of precision and recall (0 when both are 0).
    public var f1: [Double]

    /// The unweighted mean of ``precision`` over classes.
    public var macroPrecision: Double { Metrics.mean(precision) }
    /// The unweighted mean of ``recall`` over classes.
    public var macroRecall: Double { Metrics.mean(recall) }
    /// The unweighted mean of ``f1`` over classes.
    public var macroF1: Double { Metrics.mean(f1) }
}

/// Scores for a regressor.
public struct RegressionMetrics: Sendable, Equatable {
    /// Mean absolute error over all outputs.
    public var mae: Double
    /// Mean squared error over all outputs.
    public var mse: Double
}

/// Metric helpers over model outputs.
public enum Metrics {
    /// The predicted class of each row of `outputs` (`[n, classes]`): the first largest score, or
    /// for a single unit, `1` when it exceeds 0.5 and `0` otherwise.
    public static func predictedClasses(_ outputs: Tensor) -> [Int] {
        let rows = outputs.shape.first ?? 0
        guard rows > 0 else { return [] }
        let width = outputs.count / rows
        return (0..<rows).map { row in
            let base = row * width
            if width == 1 { return outputs.scalars[base] > 0.5 ? 1 : 0 }
            var best = 0
            for j in 1..<width where outputs.scalars[base + j] > outputs.scalars[base + best] { best = j }
            return best
        }
    }

    /// The number of rows whose predicted class equals the target (targets rounded to whole classes;
    /// for one sigmoid unit, targets above 0.5 count as class 1).
    public static func correctCount(outputs: Tensor, targets: Tensor) -> Int {
        let predicted = predictedClasses(outputs)
        let width = predicted.isEmpty ? 0 : outputs.count / predicted.count
        return zip(predicted, targets.scalars).reduce(0) { total, pair in
            let label = width == 1 ? (pair.1 > 0.5 ? 1 : 0) : Int(pair.1.rounded())
            return total + (pair.0 == label ? 1 : 0)
        }
    }

    /// The fraction of rows classified as their label.
    public static func accuracy(outputs: Tensor, labels: Tensor) -> Double {
        let rows = outputs.shape.first ?? 0
        return rows == 0 ? 0 : Double(correctCount(outputs: outputs, targets: labels)) / Double(rows)
    }

    /// Accuracy, confusion matrix and per-class precision/recall/F1 of predictions against labels.
    /// - Precondition: both lists have the same length and hold classes in `0..<classes`.
    public static func classification(predicted: [Int], labels: [Int], classes: Int) -> ClassificationMetrics {
        precondition(predicted.count == labels.count, "Metrics.classification: counts differ")
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (p, l) in zip(predicted, labels) { confusion[l][p] += 1 }
        let right = (0..<classes).map { confusion[$0][$0] }
        let predictedCounts = (0..<classes).map { c in confusion.reduce(0) { $0 + $1[c] } }
        let labelCounts = confusion.map { $0.reduce(0, +) }
        let precision = (0..<classes).map { predictedCounts[$0] == 0 ? 0 : Double(right[$0]) / Double(predictedCounts[$0]) }
        let recall = (0..<classes).map { labelCounts[$0] == 0 ? 0 : Double(right[$0]) / Double(labelCounts[$0]) }
        let f1 = zip(precision, recall).map { $0 + $1 == 0 ? 0 : 2 * $0 * $1 / ($0 + $1) }
        let accuracy = labels.isEmpty ? 0 : Double(right.reduce(0, +)) / Double(labels.count)
        return ClassificationMetrics(accuracy: accuracy, confusion: confusion, precision: precision,
                                     recall: recall, f1: f1)
    }

    /// Mean absolute and squared error over all elements (accumulated in double precision).
    /// - Precondition: both have the same number of elements.
    public static func regression(outputs: Tensor, targets: Tensor) -> RegressionMetrics {
        precondition(outputs.count == targets.count, "Metrics.regression: counts differ")
        var absolute = 0.0, squared = 0.0
        for (y, t) in zip(outputs.scalars, targets.scalars) {
            let difference = Double(y) - Double(t)
            absolute += abs(difference)
            squared += difference * difference
        }
        let count = Double(max(outputs.count, 1))
        return RegressionMetrics(mae: absolute / count, mse: squared / count)
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
