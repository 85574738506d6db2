/// Max and average pooling over valid windows (1-D as 2-D with height 1), per channel.
package enum PoolingKernel {
    /// The maximum of each window; `[batch, oh, ow, channels]` flat.
    package static func maxForward<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry) -> [S] {
        var out = [S](repeating: 0, count: batch * g.outputPositions * g.channels)
        forEachWindow(batch: batch, geometry: g) { n, oy, ox, c, outIndex in
            out[outIndex] = x[argmax(x, sample: n, oy, ox, channel: c, geometry: g)]
        }
        return out
    }

    /// Routes each output's gradient to the first position holding its window's maximum.
    package static func maxBackward<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry,
                                                     outputGradient dz: [S]) -> [S] {
        var dx = [S](repeating: 0, count: batch * g.inputSize)
        forEachWindow(batch: batch, geometry: g) { n, oy, ox, c, outIndex in
            dx[argmax(x, sample: n, oy, ox, channel: c, geometry: g)] += dz[outIndex]
        }
        return dx
    }

    /// The mean of each window: the sum in tap order divided by the window size.
    package static func averageForward<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry) -> [S] {
        var out = [S](repeating: 0, count: batch * g.outputPositions * g.channels)
        let size = S(g.kernelHeight * g.kernelWidth)
        forEachWindow(batch: batch, geometry: g) { n, oy, ox, c, outIndex in
            var sum: S = 0
            forEachTap(sample: n, oy, ox, channel: c, geometry: g) { sum += x[$0] }
            out[outIndex] = sum / size
        }
        return out
    }

    /// Spreads each output's gradient evenly over its window.
    package static func averageBackward<S: EngineScalar>(batch: Int, geometry g: ConvolutionGeometry,
                                                         outputGradient dz: [S]) -> [S] {
        var dx = [S](repeating: 0, count: batch * g.inputSize)
        let size = S(g.kernelHeight * g.kernelWidth)
        forEachWindow(batch: batch, geometry: g) { n, oy, ox, c, outIndex in
            let share = dz[outIndex] / size
            forEachTap(sample: n, oy, ox, channel: c, geometry: g) { dx[$0] += share }
        }
        return dx
    }

    private static func forEachWindow(batch: Int, geometry g: ConvolutionGeometry,
                                      _ body: (Int, Int, Int, Int, Int) -> Void) {
        var outIndex = 0
        for n in 0..<batch {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    for c in 0..<g.channels {
                        body(n, oy, ox, c, outIndex)
                        outIndex += 1
                    }
                }
            }
        }
    }

    private static func forEachTap(sample n: Int, _ oy: Int, _ ox: Int, channel c: Int,
                                   geometry g: ConvolutionGeometry, _ body: (Int) -> Void) {
        for ky in 0..<g.kernelHeight {
            for kx in 0..<g.kernelWidth {
                if let index = g.inputIndex(sample: n, outputRow: oy, outputColumn: ox,
                                            kernelRow: ky, kernelColumn: kx, channel: c) {
                    body(index)
                }
            }
        }
    }

    /// The input index of the window's maximum; ties go to the first in tap order.
    private static func argmax<S: EngineScalar>(_ x: [S], sample n: Int, _ oy: Int, _ ox: Int, channel c: Int,
                                                geometry g: ConvolutionGeometry) -> Int {
        var best = -1
        forEachTap(sample: n, oy, ox, channel: c, geometry: g) { index in
            if best < 0 || x[index] > x[best] { best = index }
        }
        return best
    }
}
