import CInt8Kernels

/// CONV_2D on the fast path for one input shape. On AVX-512 VNNI the product reads each output
/// pixel's patch in place from a bordered image of bytes (``ConvolutionInPlace``); elsewhere im2col
/// lays the patches out for the packed matrix product (as bytes for the C variants, widened for the Swift
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
    /// A 1 × 1 filter with stride 1 and no padding: every output pixel's patch is its input pixel.
    let isPointwise: Bool
    /// How the product reads the patches in place, where it does (``ConvolutionInPlace``).
    let inPlace: ConvolutionInPlace?

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
        isPointwise = filterHeight == 1 && filterWidth == 1 && rows.outputSize == inputShape[1] && columns.outputSize == inputShape[2]
            && options.strideHeight == 1 && options.strideWidth == 1 && rows.padding == 0 && columns.padding == 0
        inPlace = Self.inPlaceReading(filter: self.filter.bytes, channelPadded: channelPadded, pointwise: isPointwise, inputShape: inputShape,
                                      filterHeight: filterHeight, filterWidth: filterWidth, options: options, rows: rows, columns: columns)
    }

    /// The image's height and width with the border the convolution's padding needs (at least
    /// every tap of every output pixel inside it).
    private static func borderedSize(inputShape: [Int], filterHeight: Int, filterWidth: Int, options: Conv2DOptions,
                                     rows: Window, columns: Window) -> (height: Int, width: Int) {
        (max(inputShape[1] + rows.padding, (rows.outputSize - 1) * options.strideHeight + (filterHeight - 1) * options.dilationHeight + 1),
         max(inputShape[2] + columns.padding, (columns.outputSize - 1) * options.strideWidth + (filterWidth - 1) * options.dilationWidth + 1))
    }

    /// The in-place reading: a widened first layer's over its bordered image of 4-channel pixels,
    /// else the filter's own over the (bordered) input; nil for a pointwise convolution that reads
    /// the input as it lies, or where neither reads in place.
    private static func inPlaceReading(filter bytes: BytePackedFilter?, channelPadded: BytePackedFilter?, pointwise: Bool,
                                       inputShape: [Int], filterHeight: Int, filterWidth: Int, options: Conv2DOptions, rows: Window,
                                       columns: Window) -> ConvolutionInPlace? {
        guard let bytes, !(pointwise && bytes.paddedDepth == inputShape[3]) else { return nil }
        let padded = borderedSize(inputShape: inputShape, filterHeight: filterHeight, filterWidth: filterWidth, options: options,
                                  rows: rows, columns: columns)
        let outputs = (height: rows.outputSize, width: columns.outputSize)
        if let channelPadded, let reading = ConvolutionInPlace(
            filter: channelPadded, filterHeight: filterHeight, filterWidth: filterWidth, options: options, outputs: outputs,
            image: padded, channels: (inputShape[3] + 3) / 4 * 4, bordered: true) {
            return reading
        }
        let bordered = padded != (inputShape[1], inputShape[2])
        return ConvolutionInPlace(filter: bytes, filterHeight: filterHeight, filterWidth: filterWidth, options: options, outputs: outputs,
                                  image: bordered ? padded : (inputShape[1], inputShape[2]), channels: inputShape[3], bordered: bordered)
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
    /// ``channelPadded``), then the product in place where it applies (``inPlace``), else patches
    /// of those bytes (im2col in C too: plain copies, which Swift's checked index arithmetic made a
    /// fifth of ResNet-8's time), rows padded to a multiple of four (the padding bytes stay zero
    /// and meet zero weights). A pointwise convolution over a depth that is a multiple of four
    /// reads the offset input as it lies.
    private func run(_ input: UnsafePointer<Int8>, bytes: BytePackedFilter, into out: UnsafeMutablePointer<Int8>) {
        let (batches, height, width, channels) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let pad = UInt8(truncatingIfNeeded: padValue &+ 128)
        let outputs = (height: rows.outputSize, width: columns.outputSize)
        if let inPlace {
            let image = UnsafeMutablePointer<UInt8>.allocate(
                capacity: max(batches * inPlace.imageHeight * inPlace.imageWidth * inPlace.channels, 1))
            defer { image.deallocate() }
            if inPlace.bordered {
                mote_int8_pad_image(input, batches, height, width, channels, rows.padding, columns.padding,
                                    inPlace.imageHeight, inPlace.imageWidth, inPlace.channels, pad, image)
            } else {
                FastKernels.offsetBytes(input, count: batches * height * width * channels, into: image)
            }
            if inPlace.run(image, batches: batches, options: options, outputs: outputs, into: out) { return }
        }
        let pixels = batches * outputs.height * outputs.width
        let rowLength = bytes.paddedDepth, n = filter.outChannels
        let band = max(8, min(pixels, (1 << 14) / rowLength) / 8 * 8)
        let direct = isPointwise && rowLength == channels
        // With padding, the input goes into a bordered image once, so that im2col copies whole
        // filter rows with no tests at the image's edges (a first layer of one to three channels
        // otherwise copies its edge taps a byte at a time).
        let padded = Self.borderedSize(inputShape: inputShape, filterHeight: filterHeight, filterWidth: filterWidth, options: options,
                                       rows: rows, columns: columns)
        let bordered = !direct && padded != (height, width)
        let inputCount = batches * height * width * channels
        let imageSize = bordered ? batches * padded.height * padded.width * channels : inputCount
        let shifted = UnsafeMutablePointer<UInt8>.allocate(capacity: max(imageSize, 1))
        defer { shifted.deallocate() }
        if bordered {
            mote_int8_pad_image(input, batches, height, width, channels, rows.padding, columns.padding,
                                padded.height, padded.width, channels, pad, shifted)
        } else {
            FastKernels.offsetBytes(input, count: inputCount, into: shifted)
        }
        let patches = UnsafeMutablePointer<UInt8>.allocate(capacity: direct ? 1 : band * rowLength)
        if !direct { patches.initialize(repeating: 0, count: band * rowLength) }
        let accumulators = UnsafeMutablePointer<Int32>.allocate(capacity: bytes.fusesOutputStage ? 1 : band * bytes.stride)
        defer { patches.deallocate(); accumulators.deallocate() }
        var geometry = mote_int8_geometry(
            height: bordered ? padded.height : height, width: bordered ? padded.width : width, channels: channels,
            filterHeight: filterHeight, filterWidth: filterWidth,
            strideHeight: options.strideHeight, strideWidth: options.strideWidth, dilationHeight: options.dilationHeight,
            dilationWidth: options.dilationWidth, padTop: bordered ? 0 : rows.padding, padLeft: bordered ? 0 : columns.padding,
            outHeight: outputs.height, outWidth: outputs.width)
        var first = 0
        while first < pixels {
            let last = min(pixels, first + band)
            if !direct { mote_int8_im2col(&geometry, shifted, pad, first, last - first, patches, rowLength) }
            FastKernels.multiply(bytes: direct ? shifted + first * rowLength : patches, rows: last - first, filter: bytes,
                                 stage: filter.stage, scratch: accumulators, into: out + first * n)
            first = last
        }
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
