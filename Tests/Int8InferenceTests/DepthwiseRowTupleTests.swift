import Testing
@testable import Int8Inference

/// The depthwise byte kernel on row tuples (AVX-512 VNNI) and the Swift loops it replaces there,
/// forced in turn, against the reference: 3 × 3 filters and others 1 to 5 wide (5 is past the
/// tuples and takes the Swift loop), any height, strides and dilations 1–3, depth multipliers 1–3,
/// channel counts around the 16-channel blocks and those packed several columns to a vector (1, 2,
/// 4, 8 output channels), input zero points at both extremes.
@Suite struct DepthwiseRowTupleTests {
    @Test(arguments: [ProductKernel.widened, .avx512VNNI], 0..<100)
    func depthwiseMatchesReference(kernel: ProductKernel, seed: Int) throws {
        guard kernel.isSupported else { return }
        var r = RandomCase(rng: SplitMixGenerator(state: UInt64(seed) &* 49_979_687 &+ 5))
        let (batches, depth, multiplier) = (r.int(1...2), [1, 2, 4, 8, 15, 16, 17, 31, 33, r.int(1...40)][r.int(0...9)], r.int(1...3))
        let (height, width) = (r.int(1...14), r.int(1...14))
        // Half the cases 3 × 3 (the models' filter, with its own unrolled path), the rest any size.
        let (filterHeight, filterWidth) = seed.isMultiple(of: 2) && height >= 3 && width >= 3
            ? (3, 3) : (r.int(1...min(5, height)), r.int(1...min(5, width)))
        let options = DepthwiseConv2DOptions(padding: r.padding(), strideHeight: r.int(1...3), strideWidth: r.int(1...3),
                                             dilationHeight: r.int(1...3), dilationWidth: r.int(1...3), depthMultiplier: multiplier,
                                             activation: r.activation())
        let inputShape = [batches, height, width, depth], filterShape = [1, filterHeight, filterWidth, depth * multiplier]
        let input = r.int8s(inputShape.reduce(1, *)), filter = r.int8s(filterShape.reduce(1, *))
        let bias = r.bias(depth * multiplier)
        var q = r.requantization(channels: depth * multiplier)
        q.inputOffset = [128, -127, q.inputOffset][seed % 3]
        let expected = ReferenceKernels.depthwiseConv2D(input: input, inputShape: inputShape, filter: filter, filterShape: filterShape,
                                                        bias: bias, options: options, requantization: q)
        let fast = try #require(FastDepthwise(inputShape: inputShape, filter: filter, filterShape: filterShape, bias: bias,
                                              options: options, requantization: q, kernel: kernel))
        #expect((fast.rowTuples != nil) == (kernel == .avx512VNNI && filterWidth <= 4))
        #expect(fast.outputShape == expected.shape)
        #expect(fast.run(input) == expected.values, "\(kernel) seed \(seed): \(inputShape) * \(filterShape) \(options)")
    }

    /// Inputs and weights at the int8 extremes with zero points at both ends: the largest row
    /// sums, biases at both int32 extremes (the sums wrap as the reference's do).
    @Test(arguments: [Int32(128), -127])
    func extremeValuesMatchReference(inputOffset: Int32) throws {
        guard ProductKernel.avx512VNNI.isSupported else { return }
        let inputShape = [1, 5, 6, 18], filterShape = [1, 3, 4, 18]
        let input = (0..<inputShape.reduce(1, *)).map { $0 % 3 == 0 ? Int8.min : Int8.max }
        let filter = (0..<filterShape.reduce(1, *)).map { $0 % 2 == 0 ? Int8.min : Int8.max }
        let bias = (0..<18).map { [Int32.max, .min, 0, 1 << 20][$0 % 4] }
        let q = Requantization(inputOffset: inputOffset, outputOffset: -3,
                               multipliers: (0..<18).map { FixedPoint.Multiplier(multiplier: 1 << 30 | Int32($0), shift: -($0 % 20)) },
                               range: ActivationRange(minimum: -128, maximum: 127))
        let options = DepthwiseConv2DOptions(padding: .same)
        let expected = ReferenceKernels.depthwiseConv2D(input: input, inputShape: inputShape, filter: filter, filterShape: filterShape,
                                                        bias: bias, options: options, requantization: q)
        let fast = try #require(FastDepthwise(inputShape: inputShape, filter: filter, filterShape: filterShape, bias: bias,
                                              options: options, requantization: q, kernel: .avx512VNNI))
        #expect(fast.run(input) == expected.values)
        #expect(Set(expected.values).count > 2, "the case covers more than the two clamp bounds")
    }
}
