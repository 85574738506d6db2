import CInt8Kernels

/// CONV_2D on the fast path for one input shape. On AVX-512 VNNI the product reads each output
/// pixel's patch in place from a bordered image of bytes (``runInPlace``); elsewhere im2col lays the
/// patches out for the packed matrix product (as bytes for the C variants, widened for the Swift
/// loops). Taps outside the image read the input zero point, whose offset-corrected value is zero,
/// exactly as the reference's skipped taps.
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
    /// For an input depth that is not a multiple of 4 (a first layer of one to three channels) and
    /// filter rows that are not whole groups of 4 bytes, the filter with each tap's channels padded
    /// to a multiple of 4 by zero weights, so that the product can read the patches in place from
    /// an image of that many channels (AVX-512 VNNI).
    let channelPadded: BytePackedFilter?

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
        let channels = inputShape[3], channels4 = (channels + 3) / 4 * 4
        // Filter rows of whole groups of 4 bytes (no dilation) are read in place as they are.
        let wholeRuns = options.dilationWidth == 1 && (filterShape[2] * channels) % 4 == 0
        if kernel == .avx512VNNI, channels != channels4, !wholeRuns {
            var widened = [Int8](repeating: 0, count: outChannels * filterShape[1] * filterShape[2] * channels4)
            for tap in 0..<(outChannels * filterShape[1] * filterShape[2]) {
                for c in 0..<channels { widened[tap * channels4 + c] = filter[tap * channels + c] }
            }
            channelPadded = BytePackedFilter(filter: widened, outChannels: outChannels, depth: widened.count / max(outChannels, 1),
                                             bias: bias, inputOffset: q.inputOffset, stage: stage, variant: Int32(MOTE_INT8_AVX512VNNI))
        } else {
            channelPadded = nil
        }
    }

    /// The output values for `input` (of `inputShape`).
    func run(_ input: [Int8]) -> [Int8] {
        FastKernels.array(count: outputShape.reduce(1, *)) { out in input.withUnsafeBufferPointer { run($0.baseAddress!, into: out) } }
    }

    /// The output values for the `inputShape` values at `input`, written to `out`.
    ///
    /// im2col and the product go band by band of output pixels, so a band's patches (about 32 KiB
    /// widened, 16 KiB as bytes) are still in the first-level cache when the product reads them.
    func run(_ input: UnsafePointer<Int8>, into out: UnsafeMutablePointer<Int8>) {
        if let bytes = filter.bytes { return run(input, bytes: bytes, into: out) }
        let pixels = inputShape[0] * rows.outputSize * columns.outputSize
        let depth = filter.depth, n = filter.outChannels
        let band = max(4, min(pixels, (1 << 13) / max(depth, 1)) / 4 * 4)
        let patches = UnsafeMutablePointer<Int32>.allocate(capacity: max(band * depth, 1))
        defer { patches.deallocate() }
        var first = 0
        while first < pixels {
            let last = min(pixels, first + band)
            fillPatches(first..<last, from: input, into: patches, rowLength: depth)
            FastKernels.multiply(patches, rows: last - first, filter: filter, into: out + first * n)
            first = last
        }
    }

    /// ``run(_:)`` on the C byte product: the input offset to bytes `x + 128` once (inside a border
    /// of the zero point when the convolution pads, its channels widened to a multiple of four for
    /// ``channelPadded``), then the product in place where it applies, else patches of those bytes
    /// (im2col in C too: plain copies, which Swift's checked index arithmetic made a fifth of
    /// ResNet-8's time), rows padded to a multiple of four (the padding bytes stay zero and meet
    /// zero weights). A pointwise convolution over a depth that is a multiple of four reads the
    /// offset input as it lies.
    private func run(_ input: UnsafePointer<Int8>, bytes: BytePackedFilter, into out: UnsafeMutablePointer<Int8>) {
        let pixels = inputShape[0] * rows.outputSize * columns.outputSize
        let rowLength = bytes.paddedDepth, n = filter.outChannels
        let band = max(8, min(pixels, (1 << 14) / rowLength) / 8 * 8)
        let direct = isPointwise && rowLength == inputShape[3]
        let (batches, height, width, channels) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        // With padding, the input goes into a bordered image once, so that im2col copies whole
        // filter rows with no tests at the image's edges (a first layer of one to three channels
        // otherwise copies its edge taps a byte at a time).
        let paddedHeight = max(height + rows.padding, (rows.outputSize - 1) * options.strideHeight + (filterHeight - 1) * options.dilationHeight + 1)
        let paddedWidth = max(width + columns.padding, (columns.outputSize - 1) * options.strideWidth + (filterWidth - 1) * options.dilationWidth + 1)
        if let channelPadded, !direct {
            let channels4 = (channels + 3) / 4 * 4
            let image = UnsafeMutablePointer<UInt8>.allocate(capacity: max(batches * paddedHeight * paddedWidth * channels4, 1))
            defer { image.deallocate() }
            mote_int8_pad_image(input, batches, height, width, channels, rows.padding, columns.padding,
                                paddedHeight, paddedWidth, channels4, UInt8(truncatingIfNeeded: padValue &+ 128), image)
            if runInPlace(image, imageHeight: paddedHeight, imageWidth: paddedWidth, channels: channels4, bytes: channelPadded, into: out) {
                return
            }
        }
        let bordered = !direct && (paddedHeight != height || paddedWidth != width)
        let inputCount = batches * height * width * channels
        let imageSize = bordered ? batches * paddedHeight * paddedWidth * channels : inputCount
        let shifted = UnsafeMutablePointer<UInt8>.allocate(capacity: max(imageSize, 1))
        defer { shifted.deallocate() }
        let pad = UInt8(truncatingIfNeeded: padValue &+ 128)
        if bordered {
            mote_int8_pad_image(input, batches, height, width, channels, rows.padding, columns.padding,
                                paddedHeight, paddedWidth, channels, pad, shifted)
        } else {
            FastKernels.offsetBytes(input, count: inputCount, into: shifted)
        }
        if !direct, runInPlace(shifted, imageHeight: bordered ? paddedHeight : height, imageWidth: bordered ? paddedWidth : width,
                               channels: channels, bytes: bytes, into: out) {
            return
        }
        let patches = UnsafeMutablePointer<UInt8>.allocate(capacity: direct ? 1 : band * rowLength)
        if !direct { patches.initialize(repeating: 0, count: band * rowLength) }
        let accumulators = UnsafeMutablePointer<Int32>.allocate(capacity: bytes.fusesOutputStage ? 1 : band * bytes.stride)
        defer { patches.deallocate(); accumulators.deallocate() }
        var geometry = mote_int8_geometry(
            height: bordered ? paddedHeight : height, width: bordered ? paddedWidth : width, channels: channels,
            filterHeight: filterHeight, filterWidth: filterWidth,
            strideHeight: options.strideHeight, strideWidth: options.strideWidth, dilationHeight: options.dilationHeight,
            dilationWidth: options.dilationWidth, padTop: bordered ? 0 : rows.padding, padLeft: bordered ? 0 : columns.padding,
            outHeight: rows.outputSize, outWidth: columns.outputSize)
        var first = 0
        while first < pixels {
            let last = min(pixels, first + band)
            if !direct { mote_int8_im2col(&geometry, shifted, pad, first, last - first, patches, rowLength) }
            FastKernels.multiply(bytes: direct ? shifted + first * rowLength : patches, rows: last - first, filter: bytes,
                                 stage: filter.stage, scratch: accumulators, into: out + first * n)
            first = last
        }
    }

    /// The convolution without im2col (AVX-512 VNNI) into `out`, or false (nothing written) where
    /// that does not apply: each group of 4 depth bytes must be contiguous in the image (a depth
    /// that is a multiple of 4, or filter rows of no dilation whose bytes are). Over the (bordered)
    /// image, tap `(fy, fx)` of output pixel `(y, x)` lies at a fixed offset from the pixel's origin
    /// `(y · sh · width + x · sw) · channels`, so the product reads the patches in place through a
    /// table of per-group offsets, output row by output row.
    private func runInPlace(_ image: UnsafePointer<UInt8>, imageHeight: Int, imageWidth: Int, channels: Int,
                            bytes: BytePackedFilter, into out: UnsafeMutablePointer<Int8>) -> Bool {
        let n = filter.outChannels
        let (outHeight, outWidth) = (rows.outputSize, columns.outputSize)
        let imageSize = imageHeight * imageWidth * channels
        let wholeRuns = options.dilationWidth == 1 && (filterWidth * channels) % 4 == 0
        guard bytes.fusesOutputStage, channels % 4 == 0 || wholeRuns, bytes.paddedDepth == filterHeight * filterWidth * channels,
              outHeight > 0, outWidth > 0, imageSize < Int(Int32.max) else {
            return false
        }
        var offsets: [Int32] = []
        offsets.reserveCapacity(bytes.paddedDepth / 4)
        for fy in 0..<filterHeight {
            let row = fy * options.dilationHeight * imageWidth * channels
            if wholeRuns {
                for group in stride(from: 0, to: filterWidth * channels, by: 4) { offsets.append(Int32(row + group)) }
                continue
            }
            for fx in 0..<filterWidth {
                let tap = row + fx * options.dilationWidth * channels
                for group in stride(from: 0, to: channels, by: 4) { offsets.append(Int32(tap + group)) }
            }
        }
        let pixels = outHeight * outWidth
        var done = true
        offsets.withUnsafeBufferPointer { offsets in
            bytes.stage.withStage { stage in
                for batch in 0..<inputShape[0] where done {
                    done = mote_int8_conv_offsets_requantize(
                        bytes.variant, image + batch * imageSize, outHeight, options.strideHeight * imageWidth * channels, outWidth,
                        options.strideWidth * channels, offsets.baseAddress!, bytes.weights.baseAddress, n, bytes.paddedDepth,
                        bytes.bias.baseAddress, stage, out + batch * pixels * n) != 0
                }
            }
        }
        return done
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
