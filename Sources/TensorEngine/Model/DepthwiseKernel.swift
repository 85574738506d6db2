/// Depthwise 2-D convolution: each input channel `c` is convolved with its own `multiplier`
/// kernels, giving output channel `c · multiplier + m`. Weights are `[kh, kw, channels, multiplier]`.
/// Plain loops only: the layer is cheap next to a full convolution.
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
}
