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
    init?(inputShape: [Int], filter: [Int8], filterShape: [Int], bias: [Int32]?, options: Conv2DOptions, requantization q: Requantization) {
        guard inputShape.count == 4, filterShape.count == 4, inputShape[3] == filterShape[3], filterShape[3] > 0,
              options.strideHeight > 0, options.strideWidth > 0, options.dilationHeight > 0, options.dilationWidth > 0,
              (-128...127).contains(-Int(q.inputOffset)) else { return nil }
        let outChannels = filterShape[0]
        let depth = filterShape[1] * filterShape[2] * filterShape[3]
        guard filter.count == outChannels * depth, (bias?.count ?? outChannels) >= outChannels,
              let stage = OutputStage(q, channels: outChannels) else { return nil }
        self.filter = PackedFilter(filter: filter, outChannels: outChannels, depth: depth, bias: bias,
                                   inputOffset: q.inputOffset, stage: stage)
        self.inputShape = inputShape
        filterHeight = filterShape[1]
        filterWidth = filterShape[2]
        self.options = options
        rows = Window(options.padding, input: inputShape[1], filter: filterHeight, stride: options.strideHeight, dilation: options.dilationHeight)
        columns = Window(options.padding, input: inputShape[2], filter: filterWidth, stride: options.strideWidth, dilation: options.dilationWidth)
        padValue = -q.inputOffset
    }

    /// The output values for `input` (of `inputShape`).
    func run(_ input: [Int8]) -> [Int8] {
        let pixels = inputShape[0] * rows.outputSize * columns.outputSize
        let depth = filter.depth
        let patches = UnsafeMutablePointer<Int32>.allocate(capacity: max(pixels * depth, 1))
        defer { patches.deallocate() }
        input.withUnsafeBufferPointer { fillPatches(from: $0.baseAddress!, into: patches) }
        return [Int8](unsafeUninitializedCapacity: pixels * filter.outChannels) { buffer, count in
            if pixels > 0 { FastKernels.multiply(patches, rows: pixels, filter: filter, into: buffer.baseAddress!) }
            count = pixels * filter.outChannels
        }
    }

    /// im2col: one row of `filterHeight × filterWidth × depth` widened values per output pixel.
    private func fillPatches(from input: UnsafePointer<Int8>, into patches: UnsafeMutablePointer<Int32>) {
        let (batches, height, width, channels) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        var row = patches
        for batch in 0..<batches {
            for outY in 0..<rows.outputSize {
                let originY = outY * options.strideHeight - rows.padding
                for outX in 0..<columns.outputSize {
                    let originX = outX * options.strideWidth - columns.padding
                    for filterY in 0..<filterHeight {
                        let y = originY + options.dilationHeight * filterY
                        let rowInside = y >= 0 && y < height
                        // A filter row wholly inside the image with no dilation is one run of the input.
                        if rowInside && options.dilationWidth == 1 && originX >= 0 && originX + filterWidth <= width {
                            widen(input + ((batch * height + y) * width + originX) * channels, count: filterWidth * channels, into: row)
                            row += filterWidth * channels
                            continue
                        }
                        for filterX in 0..<filterWidth {
                            let x = originX + options.dilationWidth * filterX
                            if rowInside && x >= 0 && x < width {
                                widen(input + ((batch * height + y) * width + x) * channels, count: channels, into: row)
                            } else {
                                row.update(repeating: padValue, count: channels)
                            }
                            row += channels
                        }
                    }
                }
            }
        }
    }

    /// Copies `count` values widened to int32, eight at a time.
    @inline(__always)
    private func widen(_ source: UnsafePointer<Int8>, count: Int, into target: UnsafeMutablePointer<Int32>) {
        var i = 0
        while i + 8 <= count {
            UnsafeMutableRawPointer(target + i).storeBytes(
                of: FastKernels.Lane(truncatingIfNeeded: UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<Int8>.self)),
                as: FastKernels.Lane.self)
            i += 8
        }
        while i < count {
            target[i] = Int32(source[i])
            i += 1
        }
    }
}
