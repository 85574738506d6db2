import CInt8Kernels

/// CONV_2D on the fast path for one input shape: im2col into widened rows, then the packed
/// matrix product. Taps outside the image read the input zero point, whose offset-corrected
/// value is zero, exactly as the reference's skipped taps.
struct FastConvolution: Sendable, Hashable {
    let filter: PackedFilter
    /// Input `[batches, height, width, depth]`.
    let inputShape: [Int]
    let filterHeight: Int
    let filterWidth: Int
    let options: Conv2DOptions
    let rows: Window
    let columns: Window
    let padValue: Int32

    /// The output `[batches, outHeight, outWidth, outChannels]`.
    var outputShape: [Int] { [inputShape[0], rows.outputSize, columns.outputSize, filter.outChannels] }

    /// Prepares the op, or nil for what the fast path leaves to the reference (grouped filters,
    /// an input zero point outside int8, unusual requantization).
    /// `kernel` picks the matrix product (the best this CPU has unless a test forces one).
    init?(inputShape: [Int], filter: [Int8], filterShape: [Int], bias: [Int32]?, options: Conv2DOptions, requantization q: Requantization,
          kernel: ProductKernel = .best) {
        guard inputShape.count == 4, filterShape.count == 4, inputShape[3] == filterShape[3], filterShape[3] > 0,
              options.strideHeight > 0, options.strideWidth > 0, options.dilationHeight > 0, options.dilationWidth > 0,
              (-128...127).contains(-Int(q.inputOffset)) else { return nil }
        let outChannels = filterShape[0]
        let depth = filterShape[1] * filterShape[2] * filterShape[3]
        guard filter.count == outChannels * depth, (bias?.count ?? outChannels) >= outChannels,
              let stage = OutputStage(q, channels: outChannels) else { return nil }
        guard kernel.isSupported else { return nil }
        self.filter = PackedFilter(filter: filter, outChannels: outChannels, depth: depth, bias: bias,
                                   inputOffset: q.inputOffset, stage: stage, kernel: kernel)
        self.inputShape = inputShape
        filterHeight = filterShape[1]
        filterWidth = filterShape[2]
        self.options = options
        rows = Window(options.padding, input: inputShape[1], filter: filterHeight, stride: options.strideHeight, dilation: options.dilationHeight)
        columns = Window(options.padding, input: inputShape[2], filter: filterWidth, stride: options.strideWidth, dilation: options.dilationWidth)
        padValue = -q.inputOffset
    }

    /// The output values for `input` (of `inputShape`).
    ///
    /// im2col and the product go band by band of output pixels, so a band's patches (about 32 KiB
    /// widened, 16 KiB as bytes) are still in the first-level cache when the product reads them.
    func run(_ input: [Int8]) -> [Int8] {
        if let bytes = filter.bytes { return run(input, bytes: bytes) }
        let pixels = inputShape[0] * rows.outputSize * columns.outputSize
        let depth = filter.depth, n = filter.outChannels
        let band = max(4, min(pixels, (1 << 13) / max(depth, 1)) / 4 * 4)
        let patches = UnsafeMutablePointer<Int32>.allocate(capacity: max(band * depth, 1))
        defer { patches.deallocate() }
        return [Int8](unsafeUninitializedCapacity: pixels * n) { buffer, count in
            input.withUnsafeBufferPointer { source in
                var first = 0
                while first < pixels {
                    let last = min(pixels, first + band)
                    fillPatches(first..<last, from: source.baseAddress!, into: patches, rowLength: depth)
                    FastKernels.multiply(patches, rows: last - first, filter: filter, into: buffer.baseAddress! + first * n)
                    first = last
                }
            }
            count = pixels * n
        }
    }

    /// ``run(_:)`` on the C byte product: the input offset to bytes `x + 128` once, then patches
    /// of those bytes (im2col in C too: plain copies, which Swift's checked index arithmetic made
    /// a fifth of ResNet-8's time), rows padded to a multiple of four (the padding bytes stay zero and meet
    /// zero weights). A pointwise convolution over a depth that is a multiple of four reads the
    /// offset input as it lies.
    private func run(_ input: [Int8], bytes: BytePackedFilter) -> [Int8] {
        let pixels = inputShape[0] * rows.outputSize * columns.outputSize
        let rowLength = bytes.paddedDepth, n = filter.outChannels
        let band = max(8, min(pixels, (1 << 14) / rowLength) / 8 * 8)
        let direct = isPointwise && rowLength == inputShape[3]
        let shifted = UnsafeMutablePointer<UInt8>.allocate(capacity: max(input.count, 1))
        let patches = UnsafeMutablePointer<UInt8>.allocate(capacity: direct ? 1 : band * rowLength)
        if !direct { patches.initialize(repeating: 0, count: band * rowLength) }
        let accumulators = UnsafeMutablePointer<Int32>.allocate(capacity: bytes.fusesOutputStage ? 1 : band * bytes.stride)
        defer { shifted.deallocate(); patches.deallocate(); accumulators.deallocate() }
        input.withUnsafeBufferPointer { FastKernels.offsetBytes($0.baseAddress!, count: input.count, into: shifted) }
        var geometry = mote_int8_geometry(
            height: inputShape[1], width: inputShape[2], channels: inputShape[3], filterHeight: filterHeight, filterWidth: filterWidth,
            strideHeight: options.strideHeight, strideWidth: options.strideWidth, dilationHeight: options.dilationHeight,
            dilationWidth: options.dilationWidth, padTop: rows.padding, padLeft: columns.padding, outHeight: rows.outputSize,
            outWidth: columns.outputSize)
        let pad = UInt8(truncatingIfNeeded: padValue &+ 128)
        return [Int8](unsafeUninitializedCapacity: pixels * n) { buffer, count in
            var first = 0
            while first < pixels {
                let last = min(pixels, first + band)
                if !direct { mote_int8_im2col(&geometry, shifted, pad, first, last - first, patches, rowLength) }
                FastKernels.multiply(bytes: direct ? shifted + first * rowLength : patches, rows: last - first, filter: bytes,
                                     stage: filter.stage, scratch: accumulators, into: buffer.baseAddress! + first * n)
                first = last
            }
            count = pixels * n
        }
    }

    /// A 1 × 1 filter with stride 1 and no padding: every output pixel's patch is its input pixel.
    private var isPointwise: Bool {
        filterHeight == 1 && filterWidth == 1 && rows.outputSize == inputShape[1] && columns.outputSize == inputShape[2]
            && options.strideHeight == 1 && options.strideWidth == 1 && rows.padding == 0 && columns.padding == 0
    }

    /// im2col for output pixels `pixels` (numbered row-major over batch, y, x): one row of
    /// `filterHeight × filterWidth × depth` converted values per pixel, `rowLength` apart.
    @inline(__always)
    private func fillPatches<Element: PatchElement>(_ pixels: Range<Int>, from input: UnsafePointer<Int8>,
                                                    into patches: UnsafeMutablePointer<Element>, rowLength: Int) {
        let (height, width, channels) = (inputShape[1], inputShape[2], inputShape[3])
        // A pointwise convolution over every pixel reads the input as it lies.
        if isPointwise {
            if rowLength == channels {
                Element.copy(input + pixels.lowerBound * channels, count: pixels.count * channels, into: patches)
            } else {
                for (i, pixel) in pixels.enumerated() {
                    Element.copy(input + pixel * channels, count: channels, into: patches + i * rowLength)
                }
            }
            return
        }
        let pad = Element(padding: padValue)
        var patch = patches
        let (batchStart, position) = pixels.lowerBound.quotientAndRemainder(dividingBy: rows.outputSize * columns.outputSize)
        var (batch, (outY, outX)) = (batchStart, position.quotientAndRemainder(dividingBy: columns.outputSize))
        for _ in pixels {
            defer {
                outX += 1
                if outX == columns.outputSize { (outX, outY) = (0, outY + 1) }
                if outY == rows.outputSize { (outY, batch) = (0, batch + 1) }
                patch += rowLength
            }
            var row = patch
            let originY = outY * options.strideHeight - rows.padding
            let originX = outX * options.strideWidth - columns.padding
            for filterY in 0..<filterHeight {
                let y = originY + options.dilationHeight * filterY
                let rowInside = y >= 0 && y < height
                // A filter row wholly inside the image with no dilation is one run of the input.
                if rowInside && options.dilationWidth == 1 && originX >= 0 && originX + filterWidth <= width {
                    Element.copy(input + ((batch * height + y) * width + originX) * channels, count: filterWidth * channels, into: row)
                    row += filterWidth * channels
                    continue
                }
                for filterX in 0..<filterWidth {
                    let x = originX + options.dilationWidth * filterX
                    if rowInside && x >= 0 && x < width {
                        Element.copy(input + ((batch * height + y) * width + x) * channels, count: channels, into: row)
                    } else {
                        row.update(repeating: pad, count: channels)
                    }
                    row += channels
                }
            }
        }
    }
}
