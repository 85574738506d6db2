import CInt8Kernels

/// How a convolution's product reads its patches in place (AVX-512 VNNI), settled when the op is
/// prepared: the image of bytes `x + 128` it reads them from (the input with a border of the zero
/// point where the convolution pads, its channels widened to a multiple of 4 for a shallow first
/// layer), and where each 4-byte group of a patch lies from its pixel's origin. Over that image,
/// tap `(fy, fx)` of output pixel `(y, x)` lies at a fixed offset from the pixel's origin
/// `(y · sh · width + x · sw) · channels`, and the pixels of an output row are `sw · channels` bytes
/// apart, so the product walks the patches through the table, output row by output row.
struct ConvolutionInPlace: Sendable, Hashable {
    /// The filter packed for the image's channels.
    let filter: BytePackedFilter
    let imageHeight: Int
    let imageWidth: Int
    /// The image's channels: the input's, or those rounded up to 4.
    let channels: Int
    /// Whether the image is the input written into a border (or widened); else the input's bytes
    /// flipped as they lie.
    let bordered: Bool
    /// Per 4-byte group of a patch, its offset from the pixel's origin.
    let offsets: AlignedBuffer<Int32>

    /// The reading for `filter` over an image of `channels` channels, or nil where the product
    /// cannot read in place: each group of 4 depth bytes must be contiguous in the image (a depth
    /// that is a multiple of 4, or filter rows of no dilation whose bytes are), and the kernel must
    /// fuse its output stage.
    init?(filter: BytePackedFilter, filterHeight: Int, filterWidth: Int, options: Conv2DOptions, outputs: (height: Int, width: Int),
          image: (height: Int, width: Int), channels: Int, bordered: Bool) {
        let wholeRuns = options.dilationWidth == 1 && (filterWidth * channels) % 4 == 0
        guard filter.fusesOutputStage, channels % 4 == 0 || wholeRuns, filter.paddedDepth == filterHeight * filterWidth * channels,
              outputs.height > 0, outputs.width > 0, image.height * image.width * channels < Int(Int32.max) else { return nil }
        var offsets: [Int32] = []
        for fy in 0..<filterHeight {
            let row = fy * options.dilationHeight * image.width * channels
            if wholeRuns {
                for group in stride(from: 0, to: filterWidth * channels, by: 4) { offsets.append(Int32(row + group)) }
                continue
            }
            for fx in 0..<filterWidth {
                let tap = row + fx * options.dilationWidth * channels
                for group in stride(from: 0, to: channels, by: 4) { offsets.append(Int32(tap + group)) }
            }
        }
        self.filter = filter
        (imageHeight, imageWidth, self.channels, self.bordered) = (image.height, image.width, channels, bordered)
        self.offsets = AlignedBuffer(offsets)
    }

    /// The convolution of `batches` images at `image` into `out`; false (nothing written) where
    /// the C kernel does not run on this CPU.
    func run(_ image: UnsafePointer<UInt8>, batches: Int, options: Conv2DOptions, outputs: (height: Int, width: Int),
             into out: UnsafeMutablePointer<Int8>) -> Bool {
        let imageSize = imageHeight * imageWidth * channels, n = filter.outChannels
        return filter.stage.withStage { stage in
            for batch in 0..<batches {
                guard mote_int8_conv_offsets_requantize(
                    filter.variant, image + batch * imageSize, outputs.height, options.strideHeight * imageWidth * channels, outputs.width,
                    options.strideWidth * channels, offsets.baseAddress, filter.weights.baseAddress, n, filter.paddedDepth,
                    filter.bias.baseAddress, stage, out + batch * outputs.height * outputs.width * n) != 0 else { return false }
            }
            return true
        }
    }
}
