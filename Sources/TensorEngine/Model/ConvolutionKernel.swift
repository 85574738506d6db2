/// Convolution (1-D as 2-D with height 1): the reference loops that define it.
///
/// Weights are `[kh, kw, inChannels, filters]`, flattened as a `[patchSize, filters]` matrix; the
/// kernel tap order `(ky, kx, c)` is the order every sum runs in. Each output is
/// `(0 + Σ_taps x·w) + bias` with padding taps contributing `0 · w`, so the im2col version in
/// `ConvolutionKernel+Im2col.swift`, which multiplies the same numbers in the same order, is
/// bit-identical to these loops.
package enum ConvolutionKernel {
    /// The forward pass: `[batch, oh, ow, filters]` flat.
    package static func forwardReference<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry,
                                                          weights w: [S], bias: [S], filters: Int) -> [S] {
        var out = [S](repeating: 0, count: batch * g.outputPositions * filters)
        for n in 0..<batch {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    let row = (n * g.outputHeight + oy) * g.outputWidth + ox
                    for f in 0..<filters {
                        var sum: S = 0
                        for ky in 0..<g.kernelHeight {
                            for kx in 0..<g.kernelWidth {
                                for c in 0..<g.channels {
                                    let tap = (ky * g.kernelWidth + kx) * g.channels + c
                                    let index = g.inputIndex(sample: n, outputRow: oy, outputColumn: ox,
                                                             kernelRow: ky, kernelColumn: kx, channel: c)
                                    let value = index.map { x[$0] } ?? 0
                                    sum += value * w[tap * filters + f]
                                }
                            }
                        }
                        out[row * filters + f] = sum + bias[f]
                    }
                }
            }
        }
        return out
    }

    /// The backward pass: gradients for the input, the weights and the bias, given `dz`, the
    /// gradient with respect to the (pre-activation) output.
    package static func backwardReference<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry,
                                                           weights w: [S], filters: Int, outputGradient dz: [S])
        -> (input: [S], weights: [S], bias: [S]) {
        let rows = batch * g.outputPositions
        let bias = biasGradient(dz, rows: rows, filters: filters)
        // Weight gradient: for each tap and filter, the sum over output positions in order.
        var dw = [S](repeating: 0, count: g.patchSize * filters)
        for ky in 0..<g.kernelHeight {
            for kx in 0..<g.kernelWidth {
                for c in 0..<g.channels {
                    let tap = (ky * g.kernelWidth + kx) * g.channels + c
                    for f in 0..<filters {
                        var sum: S = 0
                        for n in 0..<batch {
                            for oy in 0..<g.outputHeight {
                                for ox in 0..<g.outputWidth {
                                    let row = (n * g.outputHeight + oy) * g.outputWidth + ox
                                    let index = g.inputIndex(sample: n, outputRow: oy, outputColumn: ox,
                                                             kernelRow: ky, kernelColumn: kx, channel: c)
                                    let value = index.map { x[$0] } ?? 0
                                    sum += value * dz[row * filters + f]
                                }
                            }
                        }
                        dw[tap * filters + f] = sum
                    }
                }
            }
        }
        // Input gradient: each tap's share (summed over filters) is added to the input it read.
        var dx = [S](repeating: 0, count: batch * g.inputSize)
        for n in 0..<batch {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    let row = (n * g.outputHeight + oy) * g.outputWidth + ox
                    for ky in 0..<g.kernelHeight {
                        for kx in 0..<g.kernelWidth {
                            for c in 0..<g.channels {
                                let tap = (ky * g.kernelWidth + kx) * g.channels + c
                                var share: S = 0
                                for f in 0..<filters { share += dz[row * filters + f] * w[tap * filters + f] }
                                if let index = g.inputIndex(sample: n, outputRow: oy, outputColumn: ox,
                                                            kernelRow: ky, kernelColumn: kx, channel: c) {
                                    dx[index] += share
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx, dw, bias)
    }

    /// `Σ_rows dz[row, f]` for each `f`, rows in increasing order (shared by every variant); large
    /// gradients split their filters over two threads, each summing its own.
    package static func biasGradient<S: EngineScalar>(_ dz: [S], rows: Int, filters: Int) -> [S] {
        var db = [S](repeating: 0, count: filters)
        dz.withUnsafeBufferPointer { g in
            db.withUnsafeMutableBufferPointer { db in
                guard let g = g.baseAddress, let db = db.baseAddress else { return }
                let shared = Unchecked((g, db))
                ParallelBands.run(filters, work: rows * filters * ParallelBands.elementWork) { band in
                    let (g, db) = shared.value
                    for row in 0..<rows {
                        let from = g + row * filters
                        for f in band { db[f] += from[f] }
                    }
                }
            }
        }
        return db
    }
}
