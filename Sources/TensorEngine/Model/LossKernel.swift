/// The loss formulas over any scalar type, each returning the batch-mean value and its gradient.
///
/// Means follow Keras: over the last axis per sample, then over the batch, so every gradient is
/// divided by the batch size (and by the output width for mse and binary crossentropy).
package enum LossKernel {
    /// Keras's `epsilon()`: probabilities are clipped to `[ε, 1 − ε]` before a logarithm.
    package static let epsilon = 1e-7

    /// Mean squared error and its gradient `2 (y − t) / count`.
    package static func meanSquaredError<S: EngineScalar>(_ y: [S], _ t: [S]) -> (value: S, gradient: [S]) {
        let count = S(max(y.count, 1))
        var total: S = 0
        var gradient = [S](repeating: 0, count: y.count)
        for i in y.indices {
            let difference = y[i] - t[i]
            total += difference * difference
            gradient[i] = 2 * difference / count
        }
        return (total / count, gradient)
    }

    /// Sparse categorical crossentropy on probabilities `p` (rows of `classes`): `−log p[label]`,
    /// clipped; the gradient is `−1 / (n · p)` at the label and `0` where clipped.
    package static func crossentropy<S: EngineScalar>(probabilities p: [S], labels: [Int],
                                                      classes: Int) -> (value: S, gradient: [S]) {
        let rows = S(max(labels.count, 1))
        var total: S = 0
        var gradient = [S](repeating: 0, count: p.count)
        for (row, label) in labels.enumerated() {
            let probability = p[row * classes + label]
            let clipped = min(max(probability, S(epsilon)), 1 - S(epsilon))
            total -= S.logarithm(clipped)
            if probability == clipped { gradient[row * classes + label] = -1 / (rows * probability) }
        }
        return (total / rows, gradient)
    }

    /// Sparse categorical crossentropy fused with softmax, from logits `z`: `logΣe^z − z[label]`
    /// (with the row maximum subtracted), gradient `(softmax(z) − onehot) / n`. Never overflows.
    package static func crossentropy<S: EngineScalar>(logits z: [S], labels: [Int],
                                                      classes: Int) -> (value: S, gradient: [S]) {
        let rows = S(max(labels.count, 1))
        let probabilities = Activation.softmax(z, width: classes)
        var total: S = 0
        var gradient = [S](repeating: 0, count: z.count)
        for (row, label) in labels.enumerated() {
            let base = row * classes
            var largest = z[base]
            for j in 0..<classes where z[base + j] > largest { largest = z[base + j] }
            var sum: S = 0
            for j in 0..<classes { sum += S.exponential(z[base + j] - largest) }
            total += S.logarithm(sum) + largest - z[base + label]
            for j in 0..<classes {
                gradient[base + j] = (probabilities[base + j] - (j == label ? 1 : 0)) / rows
            }
        }
        return (total / rows, gradient)
    }

    /// Binary crossentropy on probabilities, clipped: `−(t log p + (1 − t) log(1 − p))`, mean over
    /// all elements; gradient `(p − t) / (p (1 − p) · count)`, `0` where clipped.
    package static func binaryCrossentropy<S: EngineScalar>(probabilities p: [S], _ t: [S]) -> (value: S, gradient: [S]) {
        let count = S(max(p.count, 1))
        var total: S = 0
        var gradient = [S](repeating: 0, count: p.count)
        for i in p.indices {
            let clipped = min(max(p[i], S(epsilon)), 1 - S(epsilon))
            total -= t[i] * S.logarithm(clipped) + (1 - t[i]) * S.logarithm(1 - clipped)
            if p[i] == clipped { gradient[i] = (p[i] - t[i]) / (p[i] * (1 - p[i]) * count) }
        }
        return (total / count, gradient)
    }

    /// Binary crossentropy fused with sigmoid, from logits: `max(z, 0) − z t + log(1 + e^−|z|)`,
    /// gradient `(sigmoid(z) − t) / count`.
    package static func binaryCrossentropy<S: EngineScalar>(logits z: [S], _ t: [S]) -> (value: S, gradient: [S]) {
        let count = S(max(z.count, 1))
        var total: S = 0
        var gradient = [S](repeating: 0, count: z.count)
        for i in z.indices {
            total += max(z[i], 0) - z[i] * t[i] + S.logarithm(1 + S.exponential(-abs(z[i])))
            gradient[i] = (Activation.sigmoid(z[i]) - t[i]) / count
        }
        return (total / count, gradient)
    }
}
