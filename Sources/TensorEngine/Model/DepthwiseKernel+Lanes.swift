/// Depthwise convolution with one kernel per channel (multiplier 1) over at least eight channels —
/// the shape of every DS-CNN and MobileNet block — eight channels to a vector, with each window's
/// taps visited as ranges computed once per output position instead of tested one by one.
///
/// The sums are the reference's, term for term and in its order:
/// - forward: per output element, the taps in `(ky, kx)` order. The reference adds `0 · w` for a
///   padding tap; these loops skip it, which is exact when `w` is finite (a sum that starts at +0
///   is never −0, so adding ±0 leaves it as it is). Layers with a non-finite weight take the plain
///   loops instead.
/// - input gradient: per input element, gathered over the output positions whose window covers it,
///   in increasing `(oy, ox)` — the order the reference's scatter reaches it (within one output
///   position an input element meets exactly one tap);
/// - weight gradient: per tap and channel, over output positions in increasing `(n, oy, ox)`,
///   padding taps skipped as in the reference.
/// A channel count that is not a multiple of eight ends with a group overlapping the one before;
/// the overlapping channels are computed twice, identically, and stored once.
///
/// They are written for `Float`, the type training runs in: over a generic scalar the compiler
/// splits `SIMD8` arithmetic into single lanes here. `Double` (the gradient checks) keeps the
/// plain-order loops of `DepthwiseKernel.swift`.
extension DepthwiseKernel {
    private typealias Lane = SIMD8<Float>

    /// Whether the lane kernels apply: `Float`, one kernel per channel, a full vector of channels
    /// and finite weights.
    static func fitsLanes<S: EngineScalar>(_: S.Type, channels: Int, multiplier: Int, weights: [S]) -> Bool {
        S.self == Float.self && multiplier == 1 && channels >= Lane.scalarCount && weights.allSatisfy(\.isFinite)
    }

    /// The kernel taps `k` in `0..<size` whose input `o · stride + k − pad` lies in `0..<extent`.
    @inline(__always)
    private static func taps(at o: Int, stride: Int, pad: Int, size: Int, extent: Int) -> Range<Int> {
        let first = o * stride - pad
        return max(0, -first)..<max(0, min(size, extent - first))
    }

    /// The first channel of each group of eight: `0, 8, 16, …` and, when eight does not divide
    /// `channels`, `channels − 8`.
    private static func groupStarts(channels: Int) -> [Int] {
        let width = Lane.scalarCount
        var starts = Array(stride(from: 0, through: channels - width, by: width))
        if channels % width != 0 { starts.append(channels - width) }
        return starts
    }

    /// The groups of eight the forward pass and the input gradient sum together, four at a time:
    /// four independent sums keep one output's adds from waiting on each other. A last quartet
    /// short of groups repeats its last one (computed and stored again, identically).
    private static func quartets(channels: Int) -> [Quartet] {
        let starts = groupStarts(channels: channels)
        return stride(from: 0, to: starts.count, by: 4).map { first in
            let at = { (k: Int) in starts[min(first + k, starts.count - 1)] }
            return Quartet(c0: at(0), c1: at(1), c2: at(2), c3: at(3))
        }
    }

    /// The first channels of four groups of eight.
    private struct Quartet {
        let c0: Int, c1: Int, c2: Int, c3: Int
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Float>) -> Lane {
        UnsafeRawPointer(pointer).loadUnaligned(as: Lane.self)
    }

    @inline(__always)
    private static func store(_ value: Lane, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Lane.self)
    }

    /// The gradients for input, weights and bias given `dz`: the input gradient split over two
    /// threads by samples, the weight gradient by channel groups.
    static func backwardLanes(_ x: [Float], batch: Int, geometry g: ConvolutionGeometry,
                              weights w: [Float], outputGradient dz: [Float], inputGradient: Bool)
        -> (input: [Float], weights: [Float], bias: [Float]) {
        let work = batch * g.outputPositions * g.channels * g.kernelHeight * g.kernelWidth
        let dx = !inputGradient ? [] : [Float](unsafeUninitializedCapacity: batch * g.inputSize) { dx, initialized in
            w.withUnsafeBufferPointer { w in
                dz.withUnsafeBufferPointer { dz in
                    let shared = Unchecked((w.baseAddress!, dz.baseAddress!, dx.baseAddress!))
                    ParallelBands.run(batch, work: work) { samples in
                        let (w, dz, dx) = shared.value
                        gatherInputGradient(samples, w, dz, dx, geometry: g)
                    }
                }
            }
            initialized = batch * g.inputSize
        }
        let dw = [Float](unsafeUninitializedCapacity: w.count) { dw, initialized in
            x.withUnsafeBufferPointer { x in
                dz.withUnsafeBufferPointer { dz in
                    let shared = Unchecked((x.baseAddress!, dz.baseAddress!, dw.baseAddress!))
                    ParallelBands.run(groupStarts(channels: g.channels).count, work: work) { groups in
                        let (x, dz, dw) = shared.value
                        weightGradient(groups, x, dz, dw, batch: batch, geometry: g)
                    }
                }
            }
            initialized = w.count
        }
        return (dx, dw, ConvolutionKernel.biasGradient(dz, rows: batch * g.outputPositions, filters: g.channels))
    }

    /// The forward pass of `samples` into `out` (`[batch, oh, ow, channels]`).
    static func forwardLanes(_ samples: Range<Int>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                                       _ bias: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                                       geometry g: ConvolutionGeometry) {
        let channels = g.channels
        let quartets = quartets(channels: channels)
        for n in samples {
            for oy in 0..<g.outputHeight {
                let rows = taps(at: oy, stride: g.strideHeight, pad: g.padTop, size: g.kernelHeight, extent: g.inputHeight)
                let top = oy * g.strideHeight - g.padTop
                for ox in 0..<g.outputWidth {
                    let columns = taps(at: ox, stride: g.strideWidth, pad: g.padLeft, size: g.kernelWidth,
                                       extent: g.inputWidth)
                    let left = ox * g.strideWidth - g.padLeft
                    let target = out + ((n * g.outputHeight + oy) * g.outputWidth + ox) * channels
                    for quartet in quartets {
                        forwardQuartet(quartet, x, w, bias, target, rows, columns,
                                       pixelRow: n * g.inputHeight + top, left: left, geometry: g)
                    }
                }
            }
        }
    }

    /// One output position's four channel groups; `pixelRow` is the input row of kernel row 0
    /// (counted over the whole batch), `left` the input column of kernel column 0.
    @inline(__always)
    private static func forwardQuartet(_ q: Quartet, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                                       _ bias: UnsafePointer<Float>, _ target: UnsafeMutablePointer<Float>,
                                       _ rows: Range<Int>, _ columns: Range<Int>, pixelRow: Int, left: Int,
                                       geometry g: ConvolutionGeometry) {
        let channels = g.channels
        var s0 = Lane(), s1 = Lane(), s2 = Lane(), s3 = Lane()
        for ky in rows {
            let pixels = x + ((pixelRow + ky) * g.inputWidth + left) * channels
            let weights = w + ky * g.kernelWidth * channels
            for kx in columns {
                let (p, k) = (pixels + kx * channels, weights + kx * channels)
                s0 += load(p + q.c0) * load(k + q.c0)
                s1 += load(p + q.c1) * load(k + q.c1)
                s2 += load(p + q.c2) * load(k + q.c2)
                s3 += load(p + q.c3) * load(k + q.c3)
            }
        }
        store(s0 + load(bias + q.c0), target + q.c0)
        store(s1 + load(bias + q.c1), target + q.c1)
        store(s2 + load(bias + q.c2), target + q.c2)
        store(s3 + load(bias + q.c3), target + q.c3)
    }

    /// The input gradient of `samples` into `dx` (`[batch, ih, iw, channels]`), each element
    /// gathered from the output positions that read it.
    private static func gatherInputGradient(_ samples: Range<Int>, _ w: UnsafePointer<Float>,
                                                    _ dz: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                                                    geometry g: ConvolutionGeometry) {
        let channels = g.channels
        let quartets = quartets(channels: channels)
        /// The output indices `o` in `0..<count` with `o · stride + k − pad == i` for some tap `k` of `size`.
        func covering(_ i: Int, pad: Int, size: Int, stride: Int, count: Int) -> ClosedRange<Int>? {
            let reach = i + pad                 // o · stride + k, with 0 ≤ k < size
            let below = reach - size            // o · stride must exceed it
            let first = below < 0 ? 0 : below / stride + 1
            let last = min(count - 1, reach / stride)
            return first <= last ? first...last : nil
        }
        for n in samples {
            for iy in 0..<g.inputHeight {
                let rows = covering(iy, pad: g.padTop, size: g.kernelHeight, stride: g.strideHeight, count: g.outputHeight)
                for ix in 0..<g.inputWidth {
                    let target = dx + ((n * g.inputHeight + iy) * g.inputWidth + ix) * channels
                    guard let rows,
                          let columns = covering(ix, pad: g.padLeft, size: g.kernelWidth, stride: g.strideWidth,
                                                 count: g.outputWidth)
                    else {
                        target.initialize(repeating: 0, count: channels)
                        continue
                    }
                    for quartet in quartets {
                        gatherQuartet(quartet, w, dz, target, rows, columns, sample: n, iy: iy, ix: ix, geometry: g)
                    }
                }
            }
        }
    }

    /// One input element's gradient for four channel groups, from the output positions
    /// `rows × columns` that read it.
    @inline(__always)
    private static func gatherQuartet(_ q: Quartet, _ w: UnsafePointer<Float>, _ dz: UnsafePointer<Float>,
                                      _ target: UnsafeMutablePointer<Float>, _ rows: ClosedRange<Int>,
                                      _ columns: ClosedRange<Int>, sample n: Int, iy: Int, ix: Int,
                                      geometry g: ConvolutionGeometry) {
        let channels = g.channels
        var s0 = Lane(), s1 = Lane(), s2 = Lane(), s3 = Lane()
        for oy in rows {
            let ky = iy + g.padTop - oy * g.strideHeight
            for ox in columns {
                let kx = ix + g.padLeft - ox * g.strideWidth
                let gradients = dz + ((n * g.outputHeight + oy) * g.outputWidth + ox) * channels
                let weights = w + (ky * g.kernelWidth + kx) * channels
                s0 += load(weights + q.c0) * load(gradients + q.c0)
                s1 += load(weights + q.c1) * load(gradients + q.c1)
                s2 += load(weights + q.c2) * load(gradients + q.c2)
                s3 += load(weights + q.c3) * load(gradients + q.c3)
            }
        }
        store(s0, target + q.c0)
        store(s1, target + q.c1)
        store(s2, target + q.c2)
        store(s3, target + q.c3)
    }

    /// The weight gradient of the channel groups `groups` (indices into the group starts) into `dw`
    /// (`[kh, kw, channels]`), summed over the whole batch. Positions run outermost so each input
    /// pixel is read from cache once for all the groups; the sums, one vector per tap and group,
    /// stay in the first-level cache.
    private static func weightGradient(_ groups: Range<Int>, _ x: UnsafePointer<Float>, _ dz: UnsafePointer<Float>,
                                       _ dw: UnsafeMutablePointer<Float>, batch: Int, geometry g: ConvolutionGeometry) {
        let channels = g.channels
        let starts = groupStarts(channels: channels)
        let taps = g.kernelHeight * g.kernelWidth
        let width = Lane.scalarCount
        withUnsafeTemporaryAllocation(of: Lane.self, capacity: taps * groups.count) { sums in
            sums.initialize(repeating: Lane())
            if g.kernelHeight == 3 && g.kernelWidth == 3 {
                // Sample by sample, so one sample's input and gradient stay in cache while every
                // group goes through them.
                for n in 0..<batch {
                    for (slot, group) in groups.enumerated() {
                        weightGradient3x3(starts[group], x, dz, sums.baseAddress! + slot, stride: groups.count,
                                          sample: n, geometry: g)
                    }
                }
            } else {
                for n in 0..<batch {
                    for oy in 0..<g.outputHeight {
                        let rows = Self.taps(at: oy, stride: g.strideHeight, pad: g.padTop, size: g.kernelHeight,
                                             extent: g.inputHeight)
                        let top = oy * g.strideHeight - g.padTop
                        for ox in 0..<g.outputWidth {
                            let columns = Self.taps(at: ox, stride: g.strideWidth, pad: g.padLeft, size: g.kernelWidth,
                                                    extent: g.inputWidth)
                            let left = ox * g.strideWidth - g.padLeft
                            let gradients = dz + ((n * g.outputHeight + oy) * g.outputWidth + ox) * channels
                            for (slot, group) in groups.enumerated() {
                                let c0 = starts[group]
                                let gradient = load(gradients + c0)
                                for ky in rows {
                                    let pixels = x + ((n * g.inputHeight + top + ky) * g.inputWidth + left) * channels + c0
                                    let tapSums = sums.baseAddress! + (ky * g.kernelWidth) * groups.count + slot
                                    for kx in columns {
                                        tapSums[kx * groups.count] += load(pixels + kx * channels) * gradient
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for (slot, group) in groups.enumerated() {
                let c0 = starts[group]
                // The overlapping last group stores only the channels no earlier group owns.
                let firstOwned = group > 0 && c0 % width != 0 ? starts[group - 1] + width - c0 : 0
                for tap in 0..<taps {
                    let sum = sums[tap * groups.count + slot]
                    for lane in firstOwned..<width { dw[tap * channels + c0 + lane] = sum[lane] }
                }
            }
        }
    }

    /// Adds one sample's terms to the nine tap sums `sums[tap · stride]` of one channel group of a
    /// 3 × 3 kernel, holding them in registers down the sample's output positions (in memory, each
    /// add waits on the store of the one before).
    private static func weightGradient3x3(_ c0: Int, _ x: UnsafePointer<Float>, _ dz: UnsafePointer<Float>,
                                          _ sums: UnsafeMutablePointer<Lane>, stride: Int, sample n: Int,
                                          geometry g: ConvolutionGeometry) {
        let channels = g.channels
        var s00 = sums[0], s01 = sums[stride], s02 = sums[2 * stride], s10 = sums[3 * stride], s11 = sums[4 * stride]
        var s12 = sums[5 * stride], s20 = sums[6 * stride], s21 = sums[7 * stride], s22 = sums[8 * stride]
        for oy in 0..<g.outputHeight {
            let rows = taps(at: oy, stride: g.strideHeight, pad: g.padTop, size: 3, extent: g.inputHeight)
            let top = oy * g.strideHeight - g.padTop
            for ox in 0..<g.outputWidth {
                let columns = taps(at: ox, stride: g.strideWidth, pad: g.padLeft, size: 3, extent: g.inputWidth)
                let left = ox * g.strideWidth - g.padLeft
                let gradient = load(dz + ((n * g.outputHeight + oy) * g.outputWidth + ox) * channels + c0)
                let origin = x + ((n * g.inputHeight + top) * g.inputWidth + left) * channels + c0
                @inline(__always) func term(_ ky: Int, _ kx: Int) -> Lane {
                    load(origin + (ky * g.inputWidth + kx) * channels) * gradient
                }
                let (c0In, c1In, c2In) = (columns.contains(0), columns.contains(1), columns.contains(2))
                if rows.contains(0) {
                    if c0In { s00 += term(0, 0) }
                    if c1In { s01 += term(0, 1) }
                    if c2In { s02 += term(0, 2) }
                }
                if rows.contains(1) {
                    if c0In { s10 += term(1, 0) }
                    if c1In { s11 += term(1, 1) }
                    if c2In { s12 += term(1, 2) }
                }
                if rows.contains(2) {
                    if c0In { s20 += term(2, 0) }
                    if c1In { s21 += term(2, 1) }
                    if c2In { s22 += term(2, 2) }
                }
            }
        }
        (sums[0], sums[stride], sums[2 * stride], sums[3 * stride], sums[4 * stride]) = (s00, s01, s02, s10, s11)
        (sums[5 * stride], sums[6 * stride], sums[7 * stride], sums[8 * stride]) = (s12, s20, s21, s22)
    }
}
