/// Batch normalisation over the last (channel) axis, Keras style (epsilon 1e-3, momentum 0.99).
///
/// Statistics are taken over every axis but the last, batch included; the variance is the biased
/// one (divided by the count), as Keras uses both for normalising and for the moving average.
package enum NormalizationKernel {
    /// Keras's default epsilon for `BatchNormalization`.
    package static let epsilon = 1e-3
    /// Keras's default momentum for the moving statistics.
    package static let momentum = 0.99

    /// Per-channel mean and biased variance of `x` (rows of `channels`).
    package static func statistics<S: EngineScalar>(_ x: [S], channels: Int) -> (mean: [S], variance: [S]) {
        let rows = x.count / channels
        var mean = [S](repeating: 0, count: channels)
        var variance = [S](repeating: 0, count: channels)
        for row in 0..<rows { for c in 0..<channels { mean[c] += x[row * channels + c] } }
        for c in 0..<channels { mean[c] /= S(rows) }
        for row in 0..<rows {
            for c in 0..<channels {
                let centered = x[row * channels + c] - mean[c]
                variance[c] += centered * centered
            }
        }
        for c in 0..<channels { variance[c] /= S(rows) }
        return (mean, variance)
    }

    /// `γ · (x − mean) / √(variance + ε) + β` per channel.
    package static func forward<S: EngineScalar>(_ x: [S], mean: [S], variance: [S], gamma: [S], beta: [S]) -> [S] {
        let channels = mean.count
        let inverse = variance.map { 1 / ($0 + S(epsilon)).squareRoot() }
        var out = [S](repeating: 0, count: x.count)
        for index in 0..<x.count {
            let c = index % channels
            out[index] = gamma[c] * ((x[index] - mean[c]) * inverse[c]) + beta[c]
        }
        return out
    }

    /// The backward pass. With `batchStatistics` the mean and variance are functions of `x` (training);
    /// otherwise they are the constant moving statistics (inference).
    package static func backward<S: EngineScalar>(_ x: [S], mean: [S], variance: [S], gamma: [S],
                                                  batchStatistics: Bool, outputGradient dy: [S])
        -> (input: [S], gamma: [S], beta: [S]) {
        let channels = mean.count
        let rows = x.count / channels
        let inverse = variance.map { 1 / ($0 + S(epsilon)).squareRoot() }
        var dgamma = [S](repeating: 0, count: channels)
        var dbeta = [S](repeating: 0, count: channels)
        var sumDxhat = [S](repeating: 0, count: channels)
        var sumDxhatXhat = [S](repeating: 0, count: channels)
        for index in 0..<x.count {
            let c = index % channels
            let xhat = (x[index] - mean[c]) * inverse[c]
            dgamma[c] += dy[index] * xhat
            dbeta[c] += dy[index]
            sumDxhat[c] += dy[index] * gamma[c]
            sumDxhatXhat[c] += dy[index] * gamma[c] * xhat
        }
        var dx = [S](repeating: 0, count: x.count)
        let count = S(rows)
        for index in 0..<x.count {
            let c = index % channels
            let dxhat = dy[index] * gamma[c]
            if batchStatistics {
                let xhat = (x[index] - mean[c]) * inverse[c]
                dx[index] = inverse[c] / count * (count * dxhat - sumDxhat[c] - xhat * sumDxhatXhat[c])
            } else {
                dx[index] = dxhat * inverse[c]
            }
        }
        return (dx, dgamma, dbeta)
    }

    /// `moving · momentum + batch · (1 − momentum)`, Keras's moving-average update.
    package static func updatedMoving<S: EngineScalar>(_ moving: [S], batch: [S]) -> [S] {
        zip(moving, batch).map { $0 * S(momentum) + $1 * (1 - S(momentum)) }
    }
}

/// Dropout and global average pooling: small per-element layers.
package enum ElementKernel {
    /// A dropout mask of `count` elements drawn in order from `generator`: `0` with probability
    /// `rate`, otherwise `1 / (1 − rate)`.
    package static func dropoutMask<S: EngineScalar>(count: Int, rate: Float,
                                                     generator: inout SeededGenerator) -> [S] {
        let keep = 1 / (1 - S(rate))
        return (0..<count).map { _ in generator.nextUniform() < rate ? 0 : keep }
    }

    /// The mean over positions of `x` viewed as `[batch, positions, channels]`.
    package static func globalAverageForward<S: EngineScalar>(_ x: [S], batch: Int, positions: Int,
                                                              channels: Int) -> [S] {
        var out = [S](repeating: 0, count: batch * channels)
        for n in 0..<batch {
            for p in 0..<positions {
                for c in 0..<channels { out[n * channels + c] += x[(n * positions + p) * channels + c] }
            }
        }
        return out.map { $0 / S(positions) }
    }

    /// Spreads each channel's gradient evenly over the positions.
    package static func globalAverageBackward<S: EngineScalar>(_ dy: [S], batch: Int, positions: Int,
                                                               channels: Int) -> [S] {
        var dx = [S](repeating: 0, count: batch * positions * channels)
        for n in 0..<batch {
            for p in 0..<positions {
                for c in 0..<channels {
                    dx[(n * positions + p) * channels + c] = dy[n * channels + c] / S(positions)
                }
            }
        }
        return dx
    }
}
