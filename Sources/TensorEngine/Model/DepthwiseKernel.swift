/// Depthwise 2-D convolution: each input channel `c` is convolved with its own `multiplier`
/// kernels, giving output channel `c · multiplier + m`. Weights are `[kh, kw, channels, multiplier]`.
/// `forward` and `backward` are the plain loops that define the layer; `forwardFast` and
/// `backwardFast` run the same sums in the same order per element, with the channels innermost
/// (contiguous in NHWC, so they vectorise), and are bit-identical to them.
package enum DepthwiseKernel {
    /// The forward pass, `[batch, oh, ow, channels · multiplier]` flat.
    package static func forward<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry,
                                                 weights w: [S], bias: [S], multiplier: Int) -> [S] {
        let outChannels = g.channels * multiplier
        var out = [S](repeating: 0, count: batch * g.outputPositions * outChannels)
        for n in 0..<batch {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    let row = (n * g.outputHeight + oy) * g.outputWidth + ox
                    for c in 0..<g.channels {
                        for m in 0..<multiplier {
                            var sum: S = 0
                            for ky in 0..<g.kernelHeight {
                                for kx in 0..<g.kernelWidth {
                                    let index = g.inputIndex(sample: n, outputRow: oy, outputColumn: ox,
                                                             kernelRow: ky, kernelColumn: kx, channel: c)
                                    let value = index.map { x[$0] } ?? 0
                                    sum += value * w[((ky * g.kernelWidth + kx) * g.channels + c) * multiplier + m]
                                }
                            }
                            out[row * outChannels + c * multiplier + m] = sum + bias[c * multiplier + m]
                        }
                    }
                }
            }
        }
        return out
    }

    /// The backward pass: gradients for input, weights and bias given `dz`.
    package static func backward<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry,
                                                  weights w: [S], multiplier: Int, outputGradient dz: [S])
        -> (input: [S], weights: [S], bias: [S]) {
        let outChannels = g.channels * multiplier
        var dx = [S](repeating: 0, count: batch * g.inputSize)
        var dw = [S](repeating: 0, count: w.count)
        for n in 0..<batch {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    let row = (n * g.outputHeight + oy) * g.outputWidth + ox
                    for c in 0..<g.channels {
                        for m in 0..<multiplier {
                            let gradient = dz[row * outChannels + c * multiplier + m]
                            for ky in 0..<g.kernelHeight {
                                for kx in 0..<g.kernelWidth {
                                    guard let index = g.inputIndex(sample: n, outputRow: oy, outputColumn: ox,
                                                                   kernelRow: ky, kernelColumn: kx, channel: c)
                                    else { continue }
                                    let tap = ((ky * g.kernelWidth + kx) * g.channels + c) * multiplier + m
                                    dw[tap] += x[index] * gradient
                                    dx[index] += w[tap] * gradient
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx, dw, ConvolutionKernel.biasGradient(dz, rows: batch * g.outputPositions, filters: outChannels))
    }

    /// The forward pass with the channel loop innermost. Per output element the taps are added
    /// in the reference's order, and a tap outside the image adds `0 · w` as the reference does,
    /// so the result is the same bit for bit.
    package static func forwardFast<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry,
                                                     weights w: [S], bias: [S], multiplier: Int) -> [S] {
        let outChannels = g.channels * multiplier
        var out = [S](repeating: 0, count: batch * g.outputPositions * outChannels)
        var sums = [S](repeating: 0, count: outChannels)
        x.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer { out in
                    sums.withUnsafeMutableBufferPointer { sums in
                        for n in 0..<batch {
                            for oy in 0..<g.outputHeight {
                                for ox in 0..<g.outputWidth {
                                    for j in 0..<outChannels { sums[j] = 0 }
                                    for ky in 0..<g.kernelHeight {
                                        for kx in 0..<g.kernelWidth {
                                            let tap = (ky * g.kernelWidth + kx) * outChannels
                                            if let pixel = g.inputIndex(sample: n, outputRow: oy, outputColumn: ox,
                                                                        kernelRow: ky, kernelColumn: kx, channel: 0) {
                                                if multiplier == 1 {  // the common case, as one vector loop
                                                    let (xs, ws, ss) = (x.baseAddress! + pixel, w.baseAddress! + tap, sums.baseAddress!)
                                                    for c in 0..<g.channels { ss[c] += xs[c] * ws[c] }
                                                } else {
                                                    for c in 0..<g.channels {
                                                        let value = x[pixel + c]
                                                        for m in 0..<multiplier {
                                                            sums[c * multiplier + m] += value * w[tap + c * multiplier + m]
                                                        }
                                                    }
                                                }
                                            } else {
                                                for j in 0..<outChannels { sums[j] += 0 * w[tap + j] }
                                            }
                                        }
                                    }
                                    let row = ((n * g.outputHeight + oy) * g.outputWidth + ox) * outChannels
                                    for j in 0..<outChannels { out[row + j] = sums[j] + bias[j] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The backward pass with the channel loop innermost. Every weight gradient gathers its terms
    /// in the reference's order (by output position); every input gradient too, since within one
    /// output position an input element meets exactly one tap.
    package static func backwardFast<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry,
                                                      weights w: [S], multiplier: Int, outputGradient dz: [S])
        -> (input: [S], weights: [S], bias: [S]) {
        let outChannels = g.channels * multiplier
        var dx = [S](repeating: 0, count: batch * g.inputSize)
        var dw = [S](repeating: 0, count: w.count)
        x.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
                dz.withUnsafeBufferPointer { dz in
                    dx.withUnsafeMutableBufferPointer { dx in
                        dw.withUnsafeMutableBufferPointer { dw in
                            for n in 0..<batch {
                                for oy in 0..<g.outputHeight {
                                    for ox in 0..<g.outputWidth {
                                        let row = ((n * g.outputHeight + oy) * g.outputWidth + ox) * outChannels
                                        for ky in 0..<g.kernelHeight {
                                            for kx in 0..<g.kernelWidth {
                                                guard let pixel = g.inputIndex(sample: n, outputRow: oy, outputColumn: ox,
                                                                               kernelRow: ky, kernelColumn: kx, channel: 0)
                                                else { continue }
                                                let tap = (ky * g.kernelWidth + kx) * outChannels
                                                if multiplier == 1 {  // the common case, as one vector loop
                                                    let (xs, ws, gs) = (x.baseAddress! + pixel, w.baseAddress! + tap, dz.baseAddress! + row)
                                                    let (dws, dxs) = (dw.baseAddress! + tap, dx.baseAddress! + pixel)
                                                    for c in 0..<g.channels {
                                                        dws[c] += xs[c] * gs[c]
                                                        dxs[c] += ws[c] * gs[c]
                                                    }
                                                } else {
                                                    for c in 0..<g.channels {
                                                        for m in 0..<multiplier {
                                                            let j = c * multiplier + m
                                                            dw[tap + j] += x[pixel + c] * dz[row + j]
                                                            dx[pixel + c] += w[tap + j] * dz[row + j]
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx, dw, ConvolutionKernel.biasGradient(dz, rows: batch * g.outputPositions, filters: outChannels))
    }
}
