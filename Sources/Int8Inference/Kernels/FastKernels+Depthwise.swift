import CInt8Kernels

/// DEPTHWISE_CONV_2D on the fast path for one input shape. On AVX-512 VNNI, filters up to four
/// wide run in C on row tuples of bytes (``DepthwiseRowTuples``: one `vpdpbusd` per filter row and
/// 16 channels). Elsewhere the Swift loops: the input widened into a buffer with a border of the
/// input zero point and each channel repeated `multiplier` times, so output channels line up with
/// input lanes; then eight channels at a time over the taps.
struct FastDepthwise: Sendable, Hashable {
    /// `taps × paddedDepth` widened weights, zero past the last channel.
    let weights: [Int32]
    /// `bias[c] + inputOffset · Σ_taps w[c]`, padded like the weights.
    let bias: [Int32]
    let stage: OutputStage
    let inputShape: [Int]
    let outChannels: Int
    let filterHeight: Int
    let filterWidth: Int
    let options: DepthwiseConv2DOptions
    let rows: Window
    let columns: Window
    let padValue: Int32
    /// The output stage as the C row-tuple kernel reads it (sixteen channels at a time).
    let flatStage: FlatStage
    /// For filters at most four wide (and 16 high) on AVX-512 VNNI, the byte kernel on row tuples
    /// (nil elsewhere: the Swift loops run).
    let rowTuples: DepthwiseRowTuples?

    private var paddedDepth: Int { weights.count / max(filterHeight * filterWidth, 1) }
    /// The output `[batches, outHeight, outWidth, outChannels]`.
    var outputShape: [Int] { [inputShape[0], rows.outputSize, columns.outputSize, outChannels] }

    /// Prepares the op, or nil for what the fast path leaves to the reference.
    init?(inputShape: [Int], filter: [Int8], filterShape: [Int], bias: [Int32]?, options: DepthwiseConv2DOptions,
          requantization q: Requantization, kernel: ProductKernel = .best) {
        guard inputShape.count == 4, filterShape.count == 4, inputShape[3] > 0, filterShape[3] % inputShape[3] == 0,
              filterShape[1] > 0, filterShape[2] > 0,
              options.strideHeight > 0, options.strideWidth > 0, options.dilationHeight > 0, options.dilationWidth > 0,
              (-128...127).contains(-Int(q.inputOffset)) else { return nil }
        let (filterHeight, filterWidth, outChannels) = (filterShape[1], filterShape[2], filterShape[3])
        let taps = filterHeight * filterWidth
        guard filter.count == taps * outChannels, (bias?.count ?? outChannels) >= outChannels,
              let stage = OutputStage(q, channels: outChannels) else { return nil }
        let lanes = FastKernels.lanes
        let paddedDepth = (outChannels + lanes - 1) / lanes * lanes
        var weights = [Int32](repeating: 0, count: taps * paddedDepth)
        var folded = [Int32](repeating: 0, count: paddedDepth)
        for channel in 0..<outChannels {
            var sum: Int32 = 0
            for tap in 0..<taps {
                let w = Int32(filter[tap * outChannels + channel])
                weights[tap * paddedDepth + channel] = w
                sum &+= w
            }
            folded[channel] = (bias?[channel] ?? 0) &+ q.inputOffset &* sum
        }
        self.weights = weights
        self.bias = folded
        self.stage = stage
        self.inputShape = inputShape
        self.outChannels = outChannels
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        self.options = options
        rows = Window(options.padding, input: inputShape[1], filter: filterHeight, stride: options.strideHeight, dilation: options.dilationHeight)
        columns = Window(options.padding, input: inputShape[2], filter: filterWidth, stride: options.strideWidth, dilation: options.dilationWidth)
        padValue = -q.inputOffset
        flatStage = FlatStage(stage, channels: outChannels)
        rowTuples = kernel == .avx512VNNI && filterWidth <= 4 && filterHeight <= 16
            ? DepthwiseRowTuples(filter: filter, filterHeight: filterHeight, filterWidth: filterWidth, channels: outChannels,
                                 bias: bias, inputOffset: q.inputOffset)
            : nil
    }

    /// The output values for `input` (of `inputShape`).
    func run(_ input: [Int8]) -> [Int8] {
        FastKernels.array(count: outputShape.reduce(1, *)) { out in input.withUnsafeBufferPointer { run($0.baseAddress!, into: out) } }
    }

    /// The output values for the `inputShape` values at `input`, written to `out`.
    func run(_ input: UnsafePointer<Int8>, into out: UnsafeMutablePointer<Int8>) {
        if let rowTuples, runOnRowTuples(input, rowTuples, into: out) { return }
        let (batches, height, width, channels) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let multiplier = outChannels / channels
        let depth = paddedDepth
        // The padded image covers every tap of every window.
        let paddedHeight = max(height + rows.padding, (rows.outputSize - 1) * options.strideHeight + (filterHeight - 1) * options.dilationHeight + 1)
        let paddedWidth = max(width + columns.padding, (columns.outputSize - 1) * options.strideWidth + (filterWidth - 1) * options.dilationWidth + 1)
        let image = UnsafeMutablePointer<Int32>.allocate(capacity: batches * paddedHeight * paddedWidth * depth)
        defer { image.deallocate() }
        image.initialize(repeating: padValue, count: batches * paddedHeight * paddedWidth * depth)
        for batch in 0..<batches {
            for y in 0..<height {
                for x in 0..<width {
                    let from = input + ((batch * height + y) * width + x) * channels
                    let to = image + ((batch * paddedHeight + y + rows.padding) * paddedWidth + x + columns.padding) * depth
                    if multiplier == 1 {
                        for c in 0..<channels { to[c] = Int32(from[c]) }
                    } else {
                        for c in 0..<outChannels { to[c] = Int32(from[c / multiplier]) }
                    }
                }
            }
        }
        convolve(image, paddedHeight: paddedHeight, paddedWidth: paddedWidth, into: out)
    }

    /// ``run(_:into:)`` on the C byte kernel, or false (nothing written) where the CPU lacks it.
    private func runOnRowTuples(_ input: UnsafePointer<Int8>, _ tuples: DepthwiseRowTuples, into out: UnsafeMutablePointer<Int8>) -> Bool {
        var geometry = mote_int8_depthwise_geometry(
            batches: inputShape[0], height: inputShape[1], width: inputShape[2], channels: inputShape[3],
            multiplier: outChannels / inputShape[3], filterHeight: filterHeight, filterWidth: filterWidth,
            strideHeight: options.strideHeight, strideWidth: options.strideWidth, dilationHeight: options.dilationHeight,
            dilationWidth: options.dilationWidth, padTop: rows.padding, padLeft: columns.padding, outHeight: rows.outputSize,
            outWidth: columns.outputSize)
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: max(mote_int8_depthwise_scratch(&geometry), 1))
        defer { scratch.deallocate() }
        let pad = UInt8(truncatingIfNeeded: padValue &+ 128)
        return flatStage.withStage { stage in
            mote_int8_depthwise_rows(&geometry, input, pad, tuples.weights.baseAddress, tuples.bias.baseAddress, stage, scratch, out)
        } != 0
    }

    private func convolve(_ image: UnsafePointer<Int32>, paddedHeight: Int, paddedWidth: Int, into output: UnsafeMutablePointer<Int8>) {
        let lanes = FastKernels.lanes
        let depth = paddedDepth
        let blocks = depth / lanes
        let tapStep = (options.dilationWidth * depth) * 4
        let rowStep = (options.dilationHeight * paddedWidth * depth) * 4
        weights.withUnsafeBufferPointer { weights in
        bias.withUnsafeBufferPointer { bias in
        stage.blocks.withUnsafeBufferPointer { scales in
            let s = scales.baseAddress!
            let w = UnsafeRawPointer(weights.baseAddress!)
            var out = output
            let columnStep = options.strideWidth * depth * 4
            if filterHeight == 3 && filterWidth == 3 {
                convolve3x3(image, paddedHeight: paddedHeight, paddedWidth: paddedWidth, weights: w, bias: bias.baseAddress!,
                            scales: s, into: output)
                return
            }
            for batch in 0..<inputShape[0] {
                for outY in 0..<rows.outputSize {
                    var outX = 0
                    // Two output pixels of a row at a time share each weight load.
                    while outX < columns.outputSize {
                        let pair = outX + 1 < columns.outputSize
                        let origin = UnsafeRawPointer(image + ((batch * paddedHeight + outY * options.strideHeight) * paddedWidth
                                                              + outX * options.strideWidth) * depth)
                        for block in 0..<blocks {
                            let biasLane = UnsafeRawPointer(bias.baseAddress! + block * lanes).loadUnaligned(as: FastKernels.Lane.self)
                            var sum = biasLane, next = biasLane
                            var tapRow = origin + block * lanes * 4
                            var wp = w + block * lanes * 4
                            for _ in 0..<filterHeight {
                                var tap = tapRow
                                for _ in 0..<filterWidth {
                                    let weight = wp.loadUnaligned(as: FastKernels.Lane.self)
                                    sum &+= tap.loadUnaligned(as: FastKernels.Lane.self) &* weight
                                    if pair { next &+= tap.loadUnaligned(fromByteOffset: columnStep, as: FastKernels.Lane.self) &* weight }
                                    tap += tapStep
                                    wp += depth * 4
                                }
                                tapRow += rowStep
                            }
                            let first = block * lanes, count = min(lanes, outChannels - first)
                            stage.write(sum, block: s + block, count: count, to: out + first)
                            if pair { stage.write(next, block: s + block, count: count, to: out + outChannels + first) }
                        }
                        out += pair ? 2 * outChannels : outChannels
                        outX += pair ? 2 : 1
                    }
                }
            }
        }
        }
        }
    }

    /// The 3 × 3 case, the common one: a block's nine weight vectors stay in registers while
    /// the loop runs over every output pixel.
    private func convolve3x3(_ image: UnsafePointer<Int32>, paddedHeight: Int, paddedWidth: Int, weights w: UnsafeRawPointer,
                             bias: UnsafePointer<Int32>, scales: UnsafePointer<BlockScale>, into output: UnsafeMutablePointer<Int8>) {
        typealias Lane = FastKernels.Lane
        let lanes = FastKernels.lanes, depth = paddedDepth
        let tapStep = options.dilationWidth * depth * 4, rowStep = options.dilationHeight * paddedWidth * depth * 4
        let columnStep = options.strideWidth * depth * 4
        for block in 0..<(depth / lanes) {
            let wb = w + block * lanes * 4, row = depth * 4
            let w0 = wb.loadUnaligned(as: Lane.self), w1 = wb.loadUnaligned(fromByteOffset: row, as: Lane.self)
            let w2 = wb.loadUnaligned(fromByteOffset: 2 * row, as: Lane.self), w3 = wb.loadUnaligned(fromByteOffset: 3 * row, as: Lane.self)
            let w4 = wb.loadUnaligned(fromByteOffset: 4 * row, as: Lane.self), w5 = wb.loadUnaligned(fromByteOffset: 5 * row, as: Lane.self)
            let w6 = wb.loadUnaligned(fromByteOffset: 6 * row, as: Lane.self), w7 = wb.loadUnaligned(fromByteOffset: 7 * row, as: Lane.self)
            let w8 = wb.loadUnaligned(fromByteOffset: 8 * row, as: Lane.self)
            let biasLane = UnsafeRawPointer(bias + block * lanes).loadUnaligned(as: Lane.self)
            let first = block * lanes, count = min(lanes, outChannels - first)
            @inline(__always) func taps(_ p: UnsafeRawPointer) -> Lane {
                var sum = biasLane
                sum &+= p.loadUnaligned(as: Lane.self) &* w0
                sum &+= p.loadUnaligned(fromByteOffset: tapStep, as: Lane.self) &* w1
                sum &+= p.loadUnaligned(fromByteOffset: 2 * tapStep, as: Lane.self) &* w2
                let q = p + rowStep
                sum &+= q.loadUnaligned(as: Lane.self) &* w3
                sum &+= q.loadUnaligned(fromByteOffset: tapStep, as: Lane.self) &* w4
                sum &+= q.loadUnaligned(fromByteOffset: 2 * tapStep, as: Lane.self) &* w5
                let r = q + rowStep
                sum &+= r.loadUnaligned(as: Lane.self) &* w6
                sum &+= r.loadUnaligned(fromByteOffset: tapStep, as: Lane.self) &* w7
                sum &+= r.loadUnaligned(fromByteOffset: 2 * tapStep, as: Lane.self) &* w8
                return sum
            }
            var out = output + first
            for batch in 0..<inputShape[0] {
                for outY in 0..<rows.outputSize {
                    var origin = UnsafeRawPointer(image + (batch * paddedHeight + outY * options.strideHeight) * paddedWidth * depth) + first * 4
                    for _ in 0..<columns.outputSize {
                        stage.write(taps(origin), block: scales + block, count: count, to: out)
                        origin += columnStep
                        out += outChannels
                    }
                }
            }
        }
    }
}

/// A depthwise filter at most four wide as the C row-tuple kernel reads it: per filter row, each
/// channel's (up to four) horizontal taps as four signed bytes, zero past the filter's width and
/// the last channel (channels rounded up to 16); the bias with `(inputOffset − 128) · Σ w` folded
/// in, since the kernel reads activations as unsigned bytes `x + 128`.
struct DepthwiseRowTuples: Sendable, Hashable {
    let weights: AlignedBuffer<Int8>
    let bias: AlignedBuffer<Int32>

    init(filter: [Int8], filterHeight: Int, filterWidth: Int, channels: Int, bias: [Int32]?, inputOffset: Int32) {
        let depth16 = (channels + 15) / 16 * 16
        var weights = [Int8](repeating: 0, count: filterHeight * depth16 * 4)
        var folded = [Int32](repeating: 0, count: depth16)
        for channel in 0..<channels {
            var sum: Int32 = 0
            for y in 0..<filterHeight {
                for x in 0..<filterWidth {
                    let w = filter[(y * filterWidth + x) * channels + channel]
                    weights[(y * depth16 + channel) * 4 + x] = w
                    sum &+= Int32(w)
                }
            }
            folded[channel] = (bias?[channel] ?? 0) &+ (inputOffset &- 128) &* sum
        }
        self.weights = AlignedBuffer(weights)
        self.bias = AlignedBuffer(folded)
    }
}
