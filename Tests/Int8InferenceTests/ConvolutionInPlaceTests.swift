import Testing
@testable import Int8Inference

/// The convolutions the AVX-512 VNNI product reads in place through per-group tap offsets (no
/// im2col) — depths that are multiples of 4, filter rows of 4 bytes over one or two channels,
/// other depths padded to a multiple of 4 —
/// forced against the reference: strides and dilations 1–3 (stride 1 computes the whole image at
/// once, others row by row), same and valid padding with odd sizes, batches of two, output
/// channels around the 16-channel blocks, input zero points at both extremes; and every other
/// variant on the same cases, so the im2col path stays covered where VNNI is missing.
@Suite struct ConvolutionInPlaceTests {
    @Test(arguments: [ProductKernel.avx512VNNI, .avx2, .portableBytes, .widened], 0..<60)
    func convolutionMatchesReference(kernel: ProductKernel, seed: Int) throws {
        guard kernel.isSupported else { return }
        var r = RandomCase(rng: SplitMixGenerator(state: UInt64(seed) &* 86_028_121 &+ 9))
        let (batches, height, width) = (r.int(1...2), r.int(1...13), r.int(4...13))
        // Depths that are multiples of 4 (any filter); 1 and 2 with filter rows of 4 bytes; 1 to 7
        // with any filter (their channels padded to a multiple of 4).
        let depth = [4 * r.int(1...9), 4 * r.int(1...9), 1, 2, r.int(1...7)][r.int(0...4)]
        let filterHeight = r.int(1...min(5, height))
        let filterWidth = depth % 4 == 0 || r.int(0...1) == 0 ? r.int(1...5) : (depth <= 2 ? 4 / depth : r.int(1...5))
        let outDepth = [1, 15, 16, 17, 32, 33, r.int(1...70)][r.int(0...6)]
        let options = Conv2DOptions(padding: r.padding(), strideHeight: r.int(1...3), strideWidth: r.int(1...3),
                                    dilationHeight: r.int(1...3), dilationWidth: r.int(1...3),
                                    activation: r.activation())
        let inputShape = [batches, height, width, depth], filterShape = [outDepth, filterHeight, filterWidth, depth]
        let input = r.int8s(inputShape.reduce(1, *)), filter = r.int8s(filterShape.reduce(1, *))
        let bias = r.bias(outDepth)
        var q = r.requantization(channels: outDepth)
        q.inputOffset = [128, -127, q.inputOffset][seed % 3]
        let expected = ReferenceKernels.conv2D(input: input, inputShape: inputShape, filter: filter, filterShape: filterShape,
                                               bias: bias, options: options, requantization: q)
        let fast = try #require(FastConvolution(inputShape: inputShape, filter: filter, filterShape: filterShape, bias: bias,
                                                options: options, requantization: q, kernel: kernel))
        #expect(fast.outputShape == expected.shape)
        #expect(fast.run(input) == expected.values, "\(kernel) seed \(seed): \(inputShape) * \(filterShape) \(options)")
    }
}
