import CInt8Kernels

/// CONV_2D without im2col, for the byte products that fuse the output stage (AVX-512 VNNI): the
/// C kernel reads each output pixel's taps where they lie, through byte offsets fixed when the op
/// is prepared, so no patch is copied.
///
/// The input is offset to bytes `x + 128` once per run, each pixel's channels padded to a multiple
/// of four; a padding pixel after its end holds the input zero point (offset-corrected value zero,
/// as the reference's skipped taps). The filter is packed tap by tap with the same channel padding
/// (zero weights), so the padded bytes add nothing.
struct IndirectConvolution: Sendable, Hashable {
    let filter: BytePackedFilter
    /// Input pixels (`batches × height × width`) and channels per pixel.
    let inputPixels: Int
    let channels: Int
    /// `channels` rounded up to a multiple of four: the bytes of one tap.
    let tapBytes: Int
    let taps: Int
    /// `taps` byte offsets per output pixel, into the offset input.
    let offsets: [Int32]
    /// The padding pixel's byte, `inputZeroPoint + 128`.
    let padByte: UInt8

    /// Prepares the indirection for `convolution`'s geometry, or nil when the offsets would not
    /// fit in 32 bits.
    init?(_ convolution: FastConvolution, filter: [Int8], bias: [Int32]?, inputOffset: Int32, stage: OutputStage, variant: Int32) {
        let shape = convolution.inputShape
        let (batches, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        let (filterHeight, filterWidth) = (convolution.filterHeight, convolution.filterWidth)
        let tapBytes = (channels + 3) / 4 * 4, taps = filterHeight * filterWidth
        let padOffset = batches * height * width * tapBytes
        guard padOffset + tapBytes <= Int(Int32.max) else { return nil }
        let outChannels = filter.count / (taps * channels)
        var expanded = [Int8](repeating: 0, count: outChannels * taps * tapBytes)
        for channel in 0..<outChannels {
            for tap in 0..<taps {
                for c in 0..<channels {
                    expanded[(channel * taps + tap) * tapBytes + c] = filter[(channel * taps + tap) * channels + c]
                }
            }
        }
        self.filter = BytePackedFilter(filter: expanded, outChannels: outChannels, depth: taps * tapBytes, bias: bias,
                                       inputOffset: inputOffset, stage: stage, variant: variant)
        let options = convolution.options, rows = convolution.rows, columns = convolution.columns
        var offsets = [Int32]()
        offsets.reserveCapacity(batches * rows.outputSize * columns.outputSize * taps)
        for batch in 0..<batches {
            for outY in 0..<rows.outputSize {
                for outX in 0..<columns.outputSize {
                    let originY = outY * options.strideHeight - rows.padding
                    let originX = outX * options.strideWidth - columns.padding
                    for filterY in 0..<filterHeight {
                        let y = originY + options.dilationHeight * filterY
                        for filterX in 0..<filterWidth {
                            let x = originX + options.dilationWidth * filterX
                            let inside = y >= 0 && y < height && x >= 0 && x < width
                            offsets.append(Int32(inside ? ((batch * height + y) * width + x) * tapBytes : padOffset))
                        }
                    }
                }
            }
        }
        self.offsets = offsets
        inputPixels = batches * height * width
        self.channels = channels
        self.tapBytes = tapBytes
        self.taps = taps
        padByte = UInt8(truncatingIfNeeded: -inputOffset &+ 128)
    }

    /// The output values (`offsets.count / taps` pixels × `outChannels`) for `input`.
    func run(_ input: [Int8]) -> [Int8] {
        let pixels = offsets.count / taps, n = filter.outChannels
        let bytes = (inputPixels + 1) * tapBytes
        let shifted = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes)
        defer { shifted.deallocate() }
        input.withUnsafeBufferPointer { source in
            if tapBytes == channels {
                FastKernels.offsetBytes(source.baseAddress!, count: inputPixels * channels, into: shifted)
            } else {
                shifted.initialize(repeating: 0, count: inputPixels * tapBytes)
                for pixel in 0..<inputPixels {
                    FastKernels.offsetBytes(source.baseAddress! + pixel * channels, count: channels, into: shifted + pixel * tapBytes)
                }
            }
        }
        (shifted + inputPixels * tapBytes).initialize(repeating: padByte, count: tapBytes)
        return [Int8](unsafeUninitializedCapacity: pixels * n) { buffer, count in
            offsets.withUnsafeBufferPointer { offsets in
                filter.withParts { weights, bias, stage in
                    mote_int8_indirect_gemm_requantize(filter.variant, shifted, offsets.baseAddress!, pixels, taps, tapBytes, weights, n,
                                                       bias, stage, buffer.baseAddress!, n)
                }
            }
            count = pixels * n
        }
    }
}
