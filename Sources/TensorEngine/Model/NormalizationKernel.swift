/// Batch normalisation over the last (channel) axis, Keras style (epsilon 1e-3, momentum 0.99).
///
/// Statistics are taken over every axis but the last, batch included; the variance is the biased
/// one (divided by the count), as Keras uses both for normalising and for the moving average.
package enum NormalizationKernel {
    /// Keras's default epsilon for `BatchNormalization`.
    package static let epsilon = 1e-3
    /// Keras's default momentum for the moving statistics.
    package static let momentum = 0.99

    /// Per-channel mean and biased variance of `x` (rows of `channels`), each summed over rows in order.
    package static func statistics<S: EngineScalar>(_ x: [S], channels: Int) -> (mean: [S], variance: [S]) {
        let rows = x.count / channels
        var mean = [S](repeating: 0, count: channels)
        var variance = [S](repeating: 0, count: channels)
        x.withUnsafeBufferPointer { x in
            mean.withUnsafeMutableBufferPointer { mean in
                for row in 0..<rows { for c in 0..<channels { mean[c] += x[row * channels + c] } }
                for c in 0..<channels { mean[c] /= S(rows) }
                variance.withUnsafeMutableBufferPointer { variance in
                    for row in 0..<rows {
                        for c in 0..<channels {
                            let centered = x[row * channels + c] - mean[c]
                            variance[c] += centered * centered
                        }
                    }
                    for c in 0..<channels { variance[c] /= S(rows) }
                }
            }
        }
        return (mean, variance)
    }

    /// `γ · (x − mean) / √(variance + ε) + β` per channel.
    package static func forward<S: EngineScalar>(_ x: [S], mean: [S], variance: [S], gamma: [S], beta: [S]) -> [S] {
        let channels = mean.count
        let rows = x.count / max(channels, 1)
        // Per channel, side by side: mean, 1/σ, γ, β.
        let parameters = mean + variance.map { 1 / ($0 + S(epsilon)).squareRoot() } + gamma + beta
        return [S](unsafeUninitializedCapacity: x.count) { out, initialized in
            x.withUnsafeBufferPointer { x in
                parameters.withUnsafeBufferPointer { p in
                    let (mean, inverse) = (p.baseAddress!, p.baseAddress! + channels)
                    let (gamma, beta) = (p.baseAddress! + 2 * channels, p.baseAddress! + 3 * channels)
                    for row in 0..<rows {
                        let base = row * channels
                        for c in 0..<channels {
                            out[base + c] = gamma[c] * ((x[base + c] - mean[c]) * inverse[c]) + beta[c]
                        }
                    }
                }
            }
            initialized = x.count
        }
    }

    /// The backward pass. With `batchStatistics` the mean and variance are functions of `x` (training);
    /// otherwise they are the constant moving statistics (inference). Per-channel sums run over rows
    /// in order.
    package static func backward<S: EngineScalar>(_ x: [S], mean: [S], variance: [S], gamma: [S],
                                                  batchStatistics: Bool, outputGradient dy: [S])
        -> (input: [S], gamma: [S], beta: [S]) {
        let channels = mean.count
        let rows = x.count / max(channels, 1)
        let count = S(rows)
        // Per channel, side by side: mean, 1/σ and γ in; Σ dy·x̂ (dγ), Σ dy (dβ), Σ dx̂, Σ dx̂·x̂ out.
        let inputs = mean + variance.map { 1 / ($0 + S(epsilon)).squareRoot() } + gamma
        var sums = [S](repeating: 0, count: 4 * channels)
        var dx = [S](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { x in
            dy.withUnsafeBufferPointer { dy in
                inputs.withUnsafeBufferPointer { p in
                    let (mean, inverse, gamma) = (p.baseAddress!, p.baseAddress! + channels, p.baseAddress! + 2 * channels)
                    sums.withUnsafeMutableBufferPointer { s in
                        let (dgamma, dbeta) = (s.baseAddress!, s.baseAddress! + channels)
                        let (sumDxhat, sumDxhatXhat) = (s.baseAddress! + 2 * channels, s.baseAddress! + 3 * channels)
                        // Eight channels at a time where they divide evenly: the same operations
                        // per element as the scalar loop, so the same bits.
                        let vectorChannels = channels % Lanes<S>.scalarCount == 0 ? channels : 0
                        for row in 0..<rows {
                            let base = row * channels
                            for c in stride(from: 0, to: vectorChannels, by: Lanes<S>.scalarCount) {
                                let d = Lanes<S>.load(dy.baseAddress! + base + c), g = Lanes<S>.load(gamma + c)
                                let xhat = (Lanes<S>.load(x.baseAddress! + base + c) - Lanes<S>.load(mean + c))
                                    * Lanes<S>.load(inverse + c)
                                (Lanes<S>.load(dgamma + c) + d * xhat).store(to: dgamma + c)
                                (Lanes<S>.load(dbeta + c) + d).store(to: dbeta + c)
                                (Lanes<S>.load(sumDxhat + c) + d * g).store(to: sumDxhat + c)
                                (Lanes<S>.load(sumDxhatXhat + c) + d * g * xhat).store(to: sumDxhatXhat + c)
                            }
                            for c in vectorChannels..<channels {
                                let xhat = (x[base + c] - mean[c]) * inverse[c]
                                dgamma[c] += dy[base + c] * xhat
                                dbeta[c] += dy[base + c]
                                sumDxhat[c] += dy[base + c] * gamma[c]
                                sumDxhatXhat[c] += dy[base + c] * gamma[c] * xhat
                            }
                        }
                        dx.withUnsafeMutableBufferPointer { dx in
                            let count8 = Lanes<S>(repeating: count)
                            for row in 0..<rows where batchStatistics {
                                let base = row * channels
                                for c in stride(from: 0, to: vectorChannels, by: Lanes<S>.scalarCount) {
                                    let inverse8 = Lanes<S>.load(inverse + c)
                                    let dxhat = Lanes<S>.load(dy.baseAddress! + base + c) * Lanes<S>.load(gamma + c)
                                    let xhat = (Lanes<S>.load(x.baseAddress! + base + c) - Lanes<S>.load(mean + c)) * inverse8
                                    (inverse8 / count8 * (count8 * dxhat - Lanes<S>.load(sumDxhat + c)
                                        - xhat * Lanes<S>.load(sumDxhatXhat + c))).store(to: dx.baseAddress! + base + c)
                                }
                            }
                            let scalarFrom = batchStatistics ? vectorChannels : 0
                            for row in 0..<rows {
                                let base = row * channels
                                for c in scalarFrom..<channels {
                                    let dxhat = dy[base + c] * gamma[c]
                                    if batchStatistics {
                                        let xhat = (x[base + c] - mean[c]) * inverse[c]
                                        dx[base + c] = inverse[c] / count
                                            * (count * dxhat - sumDxhat[c] - xhat * sumDxhatXhat[c])
                                    } else {
                                        dx[base + c] = dxhat * inverse[c]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx, Array(sums[0..<channels]), Array(sums[channels..<(2 * channels)]))
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

/// Eight scalars as one vector, loaded from and stored to unaligned memory.
typealias Lanes<S: EngineScalar> = SIMD8<S>

extension SIMD8 where Scalar: EngineScalar {
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Scalar>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }

    @inline(__always)
    static func load(_ pointer: UnsafeMutablePointer<Scalar>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }

    @inline(__always)
    func store(to pointer: UnsafeMutablePointer<Scalar>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self)
    }
}
