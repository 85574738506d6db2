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
    /// so the result is the same bit for bit. Large batches split their samples over two threads.
    package static func forwardFast<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry,
                                                     weights w: [S], bias: [S], multiplier: Int) -> [S] {
        let outChannels = g.channels * multiplier
        let count = batch * g.outputPositions * outChannels
        guard count > 0 else { return [] }
        let lanes = fitsLanes(S.self, channels: g.channels, multiplier: multiplier, weights: w)
        return [S](unsafeUninitializedCapacity: count) { out, initialized in
            x.withUnsafeBufferPointer { x in
                w.withUnsafeBufferPointer { w in
                    bias.withUnsafeBufferPointer { bias in
                        let shared = Unchecked((x.baseAddress!, w.baseAddress!, bias.baseAddress!, out.baseAddress!))
                        ParallelBands.run(batch, work: count * g.kernelHeight * g.kernelWidth) { samples in
                            let (x, w, bias, out) = shared.value
                            if lanes {  // S is Float: the pointers are the same memory as Float
                                func float(_ p: UnsafePointer<S>) -> UnsafePointer<Float> {
                                    UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
                                }
                                forwardLanes(samples, float(x), float(w), float(bias),
                                             UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self), geometry: g)
                            } else {
                                forwardSamples(samples, x, w, bias, out, geometry: g, multiplier: multiplier)
                            }
                        }
                    }
                }
            }
            initialized = count
        }
    }

    private static func forwardSamples<S: EngineScalar>(_ samples: Range<Int>, _ x: UnsafePointer<S>, _ w: UnsafePointer<S>,
                                                         _ bias: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>,
                                                         geometry g: ConvolutionGeometry, multiplier: Int) {
        let outChannels = g.channels * multiplier
        let sums = UnsafeMutablePointer<S>.allocate(capacity: outChannels)
        defer { sums.deallocate() }
        for n in samples {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    sums.initialize(repeating: 0, count: outChannels)
                    for ky in 0..<g.kernelHeight {
                        for kx in 0..<g.kernelWidth {
                            let tap = (ky * g.kernelWidth + kx) * outChannels
                            if let pixel = g.inputIndex(sample: n, outputRow: oy, outputColumn: ox,
                                                        kernelRow: ky, kernelColumn: kx, channel: 0) {
                                if multiplier == 1 {  // the common case, as one vector loop
                                    let (xs, ws) = (x + pixel, w + tap)
                                    for c in 0..<g.channels { sums[c] += xs[c] * ws[c] }
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
                    let row = out + ((n * g.outputHeight + oy) * g.outputWidth + ox) * outChannels
                    for j in 0..<outChannels { (row + j).initialize(to: sums[j] + bias[j]) }
                }
            }
        }
    }

    /// The backward pass with the channel loop innermost. Every weight gradient gathers its terms
    /// in the reference's order (by output position); every input gradient too, since within one
    /// output position an input element meets exactly one tap. Large layers split their channels
    /// over two threads (each writes only its channels' gradients).
    package static func backwardFast<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry,
                                                      weights w: [S], multiplier: Int, outputGradient dz: [S],
                                                      inputGradient: Bool = true)
        -> (input: [S], weights: [S], bias: [S]) {
        let outChannels = g.channels * multiplier
        let work = batch * g.outputPositions * outChannels * g.kernelHeight * g.kernelWidth
        if work > 0, fitsLanes(S.self, channels: g.channels, multiplier: multiplier, weights: w) {  // S is Float: identities
            let lanes = backwardLanes(unsafeBitCast(x, to: [Float].self), batch: batch, geometry: g,
                                      weights: unsafeBitCast(w, to: [Float].self),
                                      outputGradient: unsafeBitCast(dz, to: [Float].self), inputGradient: inputGradient)
            return (unsafeBitCast(lanes.input, to: [S].self), unsafeBitCast(lanes.weights, to: [S].self),
                    unsafeBitCast(lanes.bias, to: [S].self))
        }
        var dx = [S](repeating: 0, count: batch * g.inputSize)
        var dw = [S](repeating: 0, count: w.count)
        if work > 0 {
            x.withUnsafeBufferPointer { x in
                w.withUnsafeBufferPointer { w in
                    dz.withUnsafeBufferPointer { dz in
                        dx.withUnsafeMutableBufferPointer { dx in
                            dw.withUnsafeMutableBufferPointer { dw in
                                let shared = Unchecked((x.baseAddress!, w.baseAddress!, dz.baseAddress!, dx.baseAddress!, dw.baseAddress!))
                                ParallelBands.run(g.channels, work: work) { channels in
                                    let (x, w, dz, dx, dw) = shared.value
                                    backwardChannels(channels, x, w, dz, dx, dw, batch: batch, geometry: g, multiplier: multiplier)
                                }
                            }
                        }
                    }
                }
            }
        }
        // The plain-order loops compute both gradients together; only the asked-for ones are returned.
        return (inputGradient ? dx : [], dw, ConvolutionKernel.biasGradient(dz, rows: batch * g.outputPositions, filters: outChannels))
    }

    private static func backwardChannels<S: EngineScalar>(_ channels: Range<Int>, _ x: UnsafePointer<S>, _ w: UnsafePointer<S>,
                                                           _ dz: UnsafePointer<S>, _ dx: UnsafeMutablePointer<S>,
                                                           _ dw: UnsafeMutablePointer<S>, batch: Int,
                                                           geometry g: ConvolutionGeometry, multiplier: Int) {
        let outChannels = g.channels * multiplier
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
                                let (xs, ws, gs, dws, dxs) = (x + pixel, w + tap, dz + row, dw + tap, dx + pixel)
                                for c in channels {
                                    dws[c] += xs[c] * gs[c]
                                    dxs[c] += ws[c] * gs[c]
                                }
                            } else {
                                for c in channels {
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
