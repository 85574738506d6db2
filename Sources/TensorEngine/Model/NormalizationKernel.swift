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
                variance.withUnsafeMutableBufferPointer { variance in
                    let shared = Unchecked((x.baseAddress!, mean.baseAddress!, variance.baseAddress!))
                    overChannels(channels, elements: x.count) { band, vectorEnd in
                        let (xs, m, v) = shared.value
                        // Eight channels' sums stay in a register down a block of rows.
                        for block in rowBlocks(rows) {
                            for c in stride(from: band.lowerBound, to: vectorEnd, by: Lanes<S>.scalarCount) {
                                var sum = Lanes<S>.load(m + c)
                                for row in block { sum += Lanes<S>.load(xs + row * channels + c) }
                                sum.store(to: m + c)
                            }
                        }
                        for row in 0..<rows {
                            for c in vectorEnd..<band.upperBound { m[c] += xs[row * channels + c] }
                        }
                        for c in band { m[c] /= S(rows) }
                        for block in rowBlocks(rows) {
                            for c in stride(from: band.lowerBound, to: vectorEnd, by: Lanes<S>.scalarCount) {
                                let mean8 = Lanes<S>.load(m + c)
                                var sum = Lanes<S>.load(v + c)
                                for row in block {
                                    let centered = Lanes<S>.load(xs + row * channels + c) - mean8
                                    sum += centered * centered
                                }
                                sum.store(to: v + c)
                            }
                        }
                        for row in 0..<rows {
                            for c in vectorEnd..<band.upperBound {
                                let centered = xs[row * channels + c] - m[c]
                                v[c] += centered * centered
                            }
                        }
                        for c in band { v[c] /= S(rows) }
                    }
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
                    let shared = Unchecked((x.baseAddress!, p.baseAddress!, out.baseAddress!))
                    overChannels(channels, elements: x.count) { band, vectorEnd in
                        let (x, p, out) = shared.value
                        let (mean, inverse, gamma, beta) = (p, p + channels, p + 2 * channels, p + 3 * channels)
                        // Each group's four parameters stay in registers down a block of rows.
                        for block in rowBlocks(rows) {
                            for c in stride(from: band.lowerBound, to: vectorEnd, by: Lanes<S>.scalarCount) {
                                let (m, inv) = (Lanes<S>.load(mean + c), Lanes<S>.load(inverse + c))
                                let (g, b) = (Lanes<S>.load(gamma + c), Lanes<S>.load(beta + c))
                                for row in block {
                                    let base = row * channels
                                    (g * ((Lanes<S>.load(x + base + c) - m) * inv) + b).store(to: out + base + c)
                                }
                            }
                        }
                        for row in 0..<rows {
                            let base = row * channels
                            for c in vectorEnd..<band.upperBound {
                                (out + base + c).initialize(to: gamma[c] * ((x[base + c] - mean[c]) * inverse[c]) + beta[c])
                            }
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
        // Every element is written below (each band writes all its channels of every row).
        var dx = [S](unsafeUninitializedCapacity: x.count) { _, initialized in initialized = x.count }
        x.withUnsafeBufferPointer { x in
            dy.withUnsafeBufferPointer { dy in
                inputs.withUnsafeBufferPointer { p in
                    sums.withUnsafeMutableBufferPointer { s in
                        dx.withUnsafeMutableBufferPointer { dx in
                            let shared = Unchecked((x.baseAddress!, dy.baseAddress!, p.baseAddress!, s.baseAddress!, dx.baseAddress!))
                            overChannels(channels, elements: x.count) { band, vectorEnd in
                                let (x, dy, p, s, dx) = shared.value
                                backwardChannels(band, vectorEnd: vectorEnd, channels: channels, rows: rows, count: count,
                                                 batchStatistics: batchStatistics, x: x, dy: dy, parameters: p, sums: s, dx: dx)
                            }
                        }
                    }
                }
            }
        }
        return (dx, Array(sums[0..<channels]), Array(sums[channels..<(2 * channels)]))
    }

    /// The backward pass for the channels of `band`, eight at a time up to `vectorEnd`: the same
    /// operations per element as the scalar loop, so the same bits.
    private static func backwardChannels<S: EngineScalar>(_ band: Range<Int>, vectorEnd: Int, channels: Int, rows: Int, count: S,
                                                          batchStatistics: Bool, x: UnsafePointer<S>, dy: UnsafePointer<S>,
                                                          parameters p: UnsafePointer<S>, sums s: UnsafeMutablePointer<S>,
                                                          dx: UnsafeMutablePointer<S>) {
        let (mean, inverse, gamma) = (p, p + channels, p + 2 * channels)
        let (dgamma, dbeta, sumDxhat, sumDxhatXhat) = (s, s + channels, s + 2 * channels, s + 3 * channels)
        // The four sums of eight channels at a time stay in registers down a block of rows (summed
        // in memory row by row, each add waited on the store of the one before).
        for block in rowBlocks(rows) {
            for c in stride(from: band.lowerBound, to: vectorEnd, by: Lanes<S>.scalarCount) {
                let (m, inv, g) = (Lanes<S>.load(mean + c), Lanes<S>.load(inverse + c), Lanes<S>.load(gamma + c))
                var (sumDxhatXhat8, sumDxhat8) = (Lanes<S>.load(sumDxhatXhat + c), Lanes<S>.load(sumDxhat + c))
                var (dgamma8, dbeta8) = (Lanes<S>.load(dgamma + c), Lanes<S>.load(dbeta + c))
                for row in block {
                    let base = row * channels
                    let d = Lanes<S>.load(dy + base + c)
                    let xhat = (Lanes<S>.load(x + base + c) - m) * inv
                    dgamma8 += d * xhat
                    dbeta8 += d
                    sumDxhat8 += d * g
                    sumDxhatXhat8 += d * g * xhat
                }
                dgamma8.store(to: dgamma + c)
                dbeta8.store(to: dbeta + c)
                sumDxhat8.store(to: sumDxhat + c)
                sumDxhatXhat8.store(to: sumDxhatXhat + c)
            }
        }
        for row in 0..<rows {
            let base = row * channels
            for c in vectorEnd..<band.upperBound {
                let xhat = (x[base + c] - mean[c]) * inverse[c]
                dgamma[c] += dy[base + c] * xhat
                dbeta[c] += dy[base + c]
                sumDxhat[c] += dy[base + c] * gamma[c]
                sumDxhatXhat[c] += dy[base + c] * gamma[c] * xhat
            }
        }
        let count8 = Lanes<S>(repeating: count)
        if batchStatistics {
            for block in rowBlocks(rows) {
                for c in stride(from: band.lowerBound, to: vectorEnd, by: Lanes<S>.scalarCount) {
                    let (inverse8, g, m) = (Lanes<S>.load(inverse + c), Lanes<S>.load(gamma + c), Lanes<S>.load(mean + c))
                    let (sumDxhat8, sumDxhatXhat8) = (Lanes<S>.load(sumDxhat + c), Lanes<S>.load(sumDxhatXhat + c))
                    let scale = inverse8 / count8
                    for row in block {
                        let base = row * channels
                        let dxhat = Lanes<S>.load(dy + base + c) * g
                        let xhat = (Lanes<S>.load(x + base + c) - m) * inverse8
                        (scale * (count8 * dxhat - sumDxhat8 - xhat * sumDxhatXhat8)).store(to: dx + base + c)
                    }
                }
            }
        }
        for row in 0..<rows {
            let base = row * channels
            for c in (batchStatistics ? vectorEnd : band.lowerBound)..<band.upperBound {
                let dxhat = dy[base + c] * gamma[c]
                if batchStatistics {
                    let xhat = (x[base + c] - mean[c]) * inverse[c]
                    dx[base + c] = inverse[c] / count * (count * dxhat - sumDxhat[c] - xhat * sumDxhatXhat[c])
                } else {
                    dx[base + c] = dxhat * inverse[c]
                }
            }
        }
    }

    /// Rows in blocks of 128: for 64 channels a block is 32 KiB of floats, so the blocks a pass
    /// reads stay in cache while each group of eight channels goes down them in turn (one group
    /// at a time down all the rows would stream the arrays from memory once per group).
    private static func rowBlocks(_ rows: Int) -> [Range<Int>] {
        stride(from: 0, to: rows, by: 128).map { $0..<min(rows, $0 + 128) }
    }

    /// Runs `body(band, vectorEnd)` over the channels: with whole vectors of channels and a large
    /// layer, as two bands on two threads (each band's channels are its own, so every sum keeps
    /// its order and the bits do not depend on the threads). Channels `band.lowerBound ..< vectorEnd`
    /// go eight at a time, the rest one by one.
    private static func overChannels(_ channels: Int, elements: Int, _ body: @Sendable (Range<Int>, Int) -> Void) {
        let lanes = Lanes<Float>.scalarCount
        guard channels % lanes == 0 else { return body(0..<channels, 0) }
        // About eight operations per element.
        ParallelBands.run(channels / lanes, work: 8 * elements) { vectors in
            let band = (vectors.lowerBound * lanes)..<(vectors.upperBound * lanes)
            body(band, band.upperBound)
        }
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
        // A local copy of the generator stays in registers through the loop.
        var local = generator
        defer { generator = local }
        return [S](unsafeUninitializedCapacity: count) { mask, initialized in
            for index in 0..<count { mask.initializeElement(at: index, to: local.nextUniform() < rate ? 0 : keep) }
            initialized = count
        }
    }

    /// `a[i] · b[i]`: dropout's mask applied forward and backward; large arrays in two halves on
    /// two threads.
    package static func product<S: EngineScalar>(_ a: [S], _ b: [S]) -> [S] {
        precondition(a.count == b.count, "ElementKernel.product: \(a.count) and \(b.count) elements")
        return [S](unsafeUninitializedCapacity: a.count) { out, initialized in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    let shared = Unchecked((a.baseAddress, b.baseAddress, out.baseAddress))
                    ParallelBands.run(a.count, work: a.count * ParallelBands.elementWork) { range in
                        let (a, b, out) = (shared.value.0!, shared.value.1!, shared.value.2!)
                        for index in range { (out + index).initialize(to: a[index] * b[index]) }
                    }
                }
            }
            initialized = a.count
        }
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
