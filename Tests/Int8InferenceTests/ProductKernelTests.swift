import Testing
@testable import Int8Inference

/// Every matrix-product kernel this CPU runs, forced one at a time, against the reference kernels:
/// depths that are not multiples of 4, 16 or 64, row counts that are not multiples of the tiles,
/// channel counts around the 16-channel blocks, zero points at −128 and 127.
@Suite struct ProductKernelTests {
    static let kernels = ProductKernel.allCases

    @Test(arguments: kernels, 0..<40)
    func convolutionMatchesReference(kernel: ProductKernel, seed: Int) throws {
        var r = RandomCase(rng: SplitMixGenerator(state: UInt64(seed) &* 6_700_417 &+ 11))
        let (batches, height, width, depth) = (r.int(1...2), r.int(1...13), r.int(1...13), r.int(1...21))
        let (outDepth, filterHeight, filterWidth) = (r.int(1...70), r.int(1...min(4, height)), r.int(1...min(4, width)))
        let pointwise = seed % 4 == 0
        let options = Conv2DOptions(padding: r.padding(), strideHeight: pointwise ? 1 : r.int(1...2), strideWidth: pointwise ? 1 : r.int(1...2),
                                    dilationHeight: pointwise ? 1 : r.int(1...2), dilationWidth: 1, activation: r.activation())
        let inputShape = [batches, height, width, depth]
        let filterShape = pointwise ? [outDepth, 1, 1, depth] : [outDepth, filterHeight, filterWidth, depth]
        let input = r.int8s(inputShape.reduce(1, *)), filter = r.int8s(filterShape.reduce(1, *))
        let bias = r.bias(outDepth)
        var q = r.requantization(channels: outDepth)
        q.inputOffset = [128, -127, q.inputOffset][seed % 3]  // zero points −128 and 127 in turn
        let fast = FastConvolution(inputShape: inputShape, filter: filter, filterShape: filterShape, bias: bias,
                                   options: options, requantization: q, kernel: kernel)
        guard kernel.isSupported else {
            #expect(fast == nil, "\(kernel) is refused where the CPU lacks it")
            return
        }
        let expected = ReferenceKernels.conv2D(input: input, inputShape: inputShape, filter: filter, filterShape: filterShape,
                                               bias: bias, options: options, requantization: q)
        let kernelUsed = try #require(fast)
        #expect((kernelUsed.filter.bytes == nil) == (kernel == .widened))
        #expect(kernelUsed.run(input) == expected.values, "\(kernel) seed \(seed): \(inputShape) * \(filterShape) \(options)")
    }

    @Test(arguments: kernels, 0..<40)
    func fullyConnectedMatchesReference(kernel: ProductKernel, seed: Int) throws {
        var r = RandomCase(rng: SplitMixGenerator(state: UInt64(seed) &* 86_028_121 &+ 5))
        // Depths around 4, 16 and 64 multiples; 1 to 19 rows (the 8-row tile and the matrix-vector path).
        let depth = [1, 3, 5, 15, 17, 63, 65, 66, 130, 257][seed % 10] + (seed / 10) % 2
        let (batches, outDepth) = (seed % 5 == 0 ? 1 : r.int(1...19), r.int(1...80))
        let input = r.int8s(batches * depth), filter = r.int8s(outDepth * depth), bias = r.bias(outDepth)
        let perTensor = r.int(0...1) == 0
        let inputQ = Quantization(scale: r.scale(-3...0), zeroPoint: [-128, 127][seed % 2])
        let outputQ = Quantization(scale: r.scale(-3...0), zeroPoint: r.zeroPoint())
        let q = perTensor
            ? Requantization.perTensorFullyConnected(input: inputQ, filterScale: r.scale(-5...0), output: outputQ, activation: r.activation())
            : Requantization.perChannel(input: inputQ, filterScales: (0..<outDepth).map { _ in r.scale(-6...0.5) }, output: outputQ,
                                        channels: outDepth, activation: r.activation())
        let filterOffset: Int32 = perTensor && seed % 3 == 0 ? Int32(r.int(-20...20)) : 0
        let fast = FastFullyConnected(filter: filter, filterShape: [outDepth, depth], bias: bias, filterOffset: filterOffset,
                                      requantization: q, kernel: kernel)
        guard kernel.isSupported else {
            #expect(fast == nil, "\(kernel) is refused where the CPU lacks it")
            return
        }
        let expected = ReferenceKernels.fullyConnected(input: input, filter: filter, filterShape: [outDepth, depth], bias: bias,
                                                       filterOffset: filterOffset, requantization: q)
        #expect(try #require(fast).run(input) == expected, "\(kernel) seed \(seed): \(batches)×\(depth) → \(outDepth)")
    }

    /// Accumulators that wrap: depth 70,000 at the int8 extremes passes 2^31 (the reference's
    /// int32 sum wraps, and so must every kernel's), with biases at both int32 extremes.
    @Test(arguments: kernels)
    func wrappingAccumulatorsMatch(kernel: ProductKernel) throws {
        guard kernel.isSupported else { return }
        let depth = 70_001, outDepth = 3
        let input = [Int8](repeating: .min, count: depth)
        let filter = (0..<(outDepth * depth)).map { $0 < depth ? Int8.min : ($0 < 2 * depth ? Int8.max : Int8($0 % 7) - 3) }
        let q = Requantization(inputOffset: -127, outputOffset: 3,
                               multipliers: [FixedPoint.Multiplier(multiplier: 1 << 30 | 777, shift: -24)],
                               range: ActivationRange(minimum: -128, maximum: 127))
        let bias: [Int32] = [.max, .min, 12345]
        let expected = ReferenceKernels.fullyConnected(input: input, filter: filter, filterShape: [outDepth, depth], bias: bias,
                                                       requantization: q)
        let fast = try #require(FastFullyConnected(filter: filter, filterShape: [outDepth, depth], bias: bias, filterOffset: 0,
                                                   requantization: q, kernel: kernel))
        #expect(fast.run(input) == expected, "\(kernel)")
    }

    /// On x86-64 with AVX2 the fast path picks a byte kernel; elsewhere the Swift loops.
    @Test func bestKernelIsSupported() {
        #expect(ProductKernel.best.isSupported)
        #expect(ProductKernel.best != .portableBytes)
        if ProductKernel.avx2.isSupported { #expect(ProductKernel.best != .widened) }
    }
}
