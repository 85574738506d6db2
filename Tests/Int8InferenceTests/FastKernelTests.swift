import Foundation
import Testing
@testable import Int8Inference

/// A small deterministic generator (SplitMix64), so a failing case can be replayed.
struct SplitMixGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random int8 op parameters with the edges the fast kernels must get right.
struct RandomCase {
    var rng: SplitMixGenerator

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

    mutating func int8s(_ count: Int) -> [Int8] { (0..<count).map { _ in Int8.random(in: .min ... .max, using: &rng) } }

    /// A zero point: often an extreme of the int8 range.
    mutating func zeroPoint() -> Int32 {
        switch int(0...3) {
        case 0: -128
        case 1: 127
        default: Int32(int(-128...127))
        }
    }

    /// A scale 10^e for e drawn from `exponents`.
    mutating func scale(_ exponents: ClosedRange<Double>) -> Float {
        Float(pow(10, Double.random(in: exponents, using: &rng)))
    }

    /// Biases up to ±2^20, or none.
    mutating func bias(_ count: Int) -> [Int32]? {
        int(0...4) == 0 ? nil : (0..<count).map { _ in Int32(int(-(1 << 20)...(1 << 20))) }
    }

    mutating func activation() -> FusedActivation { [.none, .relu, .relu6, .reluN1To1][int(0...3)] }

    mutating func padding() -> Padding { int(0...1) == 0 ? .same : .valid }

    /// Per-channel requantization whose multipliers span several orders of magnitude (some above
    /// one, so the left shift is used), with extreme zero points.
    mutating func requantization(channels: Int) -> Requantization {
        let input = Quantization(scale: scale(-3...0), zeroPoint: zeroPoint())
        let output = Quantization(scale: scale(-3...0), zeroPoint: zeroPoint())
        let filterScales = int(0...3) == 0 ? [scale(-5...0)] : (0..<channels).map { _ in scale(-6...0.5) }
        return Requantization.perChannel(input: input, filterScales: filterScales, output: output, channels: channels, activation: activation())
    }
}

@Suite struct FastKernelTests {
    @Test(arguments: 0..<60)
    func convolutionMatchesReference(seed: Int) throws {
        try checkConvolution(seed: seed, outDepth: nil)
    }

    /// Products long enough (8 groups of 4 depth bytes or more) over enough pixels for the
    /// pipelined tiles, with multipliers below one half and no upper clamp below 127 (the usual
    /// form of the output stage): one block of 16 channels, pairs of blocks, and a last block in
    /// part; output rows of whole tiles (carried on from row to row) and of tiles and a rest.
    @Test(arguments: 0..<30)
    func pipelinedConvolutionMatchesReference(seed: Int) throws {
        var r = RandomCase(rng: SplitMixGenerator(state: UInt64(seed) &* 6_700_417))
        let (height, width, depth) = (r.int(2...6), [8, 16, 4, 12, 9, 32][seed % 6], r.int(8...24))
        let outDepth = [16, 32, 40, 64, 7][seed % 5]
        let options = Conv2DOptions(padding: .same, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1,
                                    activation: seed % 2 == 0 ? .none : .relu)
        let inputShape = [1, height, width, depth], filterShape = [outDepth, 3, 3, depth]
        let input = r.int8s(inputShape.reduce(1, *)), filter = r.int8s(filterShape.reduce(1, *))
        let bias = r.bias(outDepth)
        // Input × filter scale at most 10^-2.5 of the output's: every multiplier below one half.
        let inputQ = Quantization(scale: r.scale(-2...0), zeroPoint: r.zeroPoint())
        let outputQ = Quantization(scale: inputQ.scale * r.scale(0...1), zeroPoint: r.zeroPoint())
        let q = Requantization.perChannel(input: inputQ, filterScales: (0..<outDepth).map { _ in r.scale(-6 ... -2.5) }, output: outputQ,
                                          channels: outDepth, activation: options.activation)
        let expected = ReferenceKernels.conv2D(input: input, inputShape: inputShape, filter: filter, filterShape: filterShape,
                                               bias: bias, options: options, requantization: q)
        let fast = try #require(FastConvolution(inputShape: inputShape, filter: filter, filterShape: filterShape, bias: bias,
                                                options: options, requantization: q))
        #expect(fast.run(input) == expected.values, "seed \(seed): \(inputShape) * \(filterShape) \(options)")
    }

    /// Eight output channels, which take two rows to a vector.
    @Test(arguments: 0..<30)
    func eightChannelConvolutionMatchesReference(seed: Int) throws {
        try checkConvolution(seed: seed + 5000, outDepth: 8)
    }

    private func checkConvolution(seed: Int, outDepth fixedOutDepth: Int?) throws {
        var r = RandomCase(rng: SplitMixGenerator(state: UInt64(seed) &* 7919))
        let (batches, height, width, depth) = (r.int(1...2), r.int(1...11), r.int(1...11), r.int(1...19))
        let (outDepth, filterHeight, filterWidth) = (fixedOutDepth ?? r.int(1...37), r.int(1...min(5, height)), r.int(1...min(5, width)))
        let options = Conv2DOptions(padding: r.padding(), strideHeight: r.int(1...3), strideWidth: r.int(1...3),
                                    dilationHeight: r.int(1...2), dilationWidth: r.int(1...2), activation: r.activation())
        let inputShape = [batches, height, width, depth], filterShape = [outDepth, filterHeight, filterWidth, depth]
        let input = r.int8s(inputShape.reduce(1, *)), filter = r.int8s(filterShape.reduce(1, *))
        let bias = r.bias(outDepth), q = r.requantization(channels: outDepth)
        let expected = ReferenceKernels.conv2D(input: input, inputShape: inputShape, filter: filter, filterShape: filterShape,
                                               bias: bias, options: options, requantization: q)
        let fast = try #require(FastConvolution(inputShape: inputShape, filter: filter, filterShape: filterShape, bias: bias,
                                                options: options, requantization: q))
        #expect(fast.outputShape == expected.shape)
        #expect(fast.run(input) == expected.values, "seed \(seed): \(inputShape) * \(filterShape) \(options)")
    }

    @Test(arguments: 0..<60)
    func depthwiseMatchesReference(seed: Int) throws {
        try checkDepthwise(seed: seed, threeByThree: false)
    }

    /// The 3 × 3 filters, which have a loop of their own.
    @Test(arguments: 0..<30)
    func depthwise3x3MatchesReference(seed: Int) throws {
        try checkDepthwise(seed: seed + 1000, threeByThree: true)
    }

    private func checkDepthwise(seed: Int, threeByThree: Bool) throws {
        var r = RandomCase(rng: SplitMixGenerator(state: UInt64(seed) &* 104_729))
        let (batches, depth, multiplier) = (r.int(1...2), r.int(1...21), r.int(1...3))
        let (height, width) = threeByThree ? (r.int(3...12), r.int(3...12)) : (r.int(1...12), r.int(1...12))
        let (filterHeight, filterWidth) = threeByThree ? (3, 3) : (r.int(1...min(5, height)), r.int(1...min(5, width)))
        let options = DepthwiseConv2DOptions(padding: r.padding(), strideHeight: r.int(1...3), strideWidth: r.int(1...3),
                                             dilationHeight: r.int(1...2), dilationWidth: r.int(1...2), depthMultiplier: multiplier,
                                             activation: r.activation())
        let inputShape = [batches, height, width, depth], filterShape = [1, filterHeight, filterWidth, depth * multiplier]
        let input = r.int8s(inputShape.reduce(1, *)), filter = r.int8s(filterShape.reduce(1, *))
        let bias = r.bias(depth * multiplier), q = r.requantization(channels: depth * multiplier)
        let expected = ReferenceKernels.depthwiseConv2D(input: input, inputShape: inputShape, filter: filter, filterShape: filterShape,
                                                        bias: bias, options: options, requantization: q)
        let fast = try #require(FastDepthwise(inputShape: inputShape, filter: filter, filterShape: filterShape, bias: bias,
                                              options: options, requantization: q))
        #expect(fast.outputShape == expected.shape)
        #expect(fast.run(input) == expected.values, "seed \(seed): \(inputShape) * \(filterShape) \(options)")
    }

    @Test(arguments: 0..<60)
    func fullyConnectedMatchesReference(seed: Int) throws {
        try checkFullyConnected(seed: seed, shape: .random)
    }

    /// Eight output units, which take two rows to a vector (with the filter offset's row sums too).
    @Test(arguments: 0..<30)
    func eightUnitFullyConnectedMatchesReference(seed: Int) throws {
        try checkFullyConnected(seed: seed + 5000, shape: .eightUnits)
    }

    /// One row whose depth is a multiple of four, which the product reads in place.
    @Test(arguments: 0..<30)
    func oneRowFullyConnectedMatchesReference(seed: Int) throws {
        try checkFullyConnected(seed: seed + 9000, shape: .oneRow)
    }

    private enum FullyConnectedShape { case random, eightUnits, oneRow }

    private func checkFullyConnected(seed: Int, shape: FullyConnectedShape) throws {
        var r = RandomCase(rng: SplitMixGenerator(state: UInt64(seed) &* 15_485_863))
        let (batches, depth, outDepth): (Int, Int, Int)
        switch shape {
        case .random: (batches, depth, outDepth) = (r.int(1...6), r.int(1...90), r.int(1...41))
        case .eightUnits: (batches, depth, outDepth) = (r.int(15...20), r.int(1...90), 8)
        case .oneRow: (batches, depth, outDepth) = (1, 4 * r.int(1...40), r.int(1...160))
        }
        let input = r.int8s(batches * depth), filter = r.int8s(outDepth * depth), bias = r.bias(outDepth)
        let perTensor = r.int(0...1) == 0
        let inputQ = Quantization(scale: r.scale(-3...0), zeroPoint: r.zeroPoint())
        let outputQ = Quantization(scale: r.scale(-3...0), zeroPoint: r.zeroPoint())
        let q = perTensor
            ? Requantization.perTensorFullyConnected(input: inputQ, filterScale: r.scale(-5...0), output: outputQ, activation: r.activation())
            : r.requantization(channels: outDepth)
        let filterOffset: Int32 = perTensor && r.int(0...2) == 0 ? Int32(r.int(-20...20)) : 0
        let expected = ReferenceKernels.fullyConnected(input: input, filter: filter, filterShape: [outDepth, depth], bias: bias,
                                                       filterOffset: filterOffset, requantization: q)
        let fast = try #require(FastFullyConnected(filter: filter, filterShape: [outDepth, depth], bias: bias,
                                                   filterOffset: filterOffset, requantization: q))
        #expect(fast.run(input) == expected, "seed \(seed): \(batches)×\(depth) → \(outDepth)")
    }

    @Test(arguments: 0..<40)
    func addMatchesReference(seed: Int) throws {
        var r = RandomCase(rng: SplitMixGenerator(state: UInt64(seed) &* 1_299_709))
        let count = r.int(1...83)
        let a = r.int8s(count), b = r.int8s(count)
        // Input scales up to 1,000 apart; the output scale from a tenth to ten times the larger.
        let scale1 = r.scale(-3...0), scale2 = r.scale(-3...0)
        let parameters = AddParameters(input1: Quantization(scale: scale1, zeroPoint: r.zeroPoint()),
                                       input2: Quantization(scale: scale2, zeroPoint: r.zeroPoint()),
                                       output: Quantization(scale: max(scale1, scale2) * r.scale(-1...1), zeroPoint: r.zeroPoint()),
                                       activation: r.activation())
        let expected = try #require(ReferenceKernels.add(a, shape: [count], b, shape: [count], parameters: parameters))
        let fast = try #require(FastAdd(parameters))
        #expect(fast.run(a, b) == expected.values, "seed \(seed): \(parameters)")
    }

    /// SOFTMAX with its `exp` looked up: rows of every depth up to 40, input scales from 10^−3
    /// (every difference kept) to 10 (most cut off at `diffMin`), betas from a tenth to ten, and a
    /// trailing part row left at −128.
    @Test(arguments: 0..<40)
    func softmaxMatchesReference(seed: Int) throws {
        var r = RandomCase(rng: SplitMixGenerator(state: UInt64(seed) &* 1_299_827))
        let depth = r.int(1...40), rows = r.int(1...4), tail = r.int(0...1) * r.int(0...(depth - 1))
        let input = r.int8s(rows * depth + tail)
        let parameters = SoftmaxParameters(beta: Float(r.scale(-1...1)), inputScale: r.scale(-3...1))
        let fast = try #require(FastSoftmax(depth: depth, parameters: parameters))
        #expect(fast.run(input) == ReferenceKernels.softmax(input, depth: depth, parameters: parameters),
                "seed \(seed): \(rows)×\(depth) + \(tail), \(parameters)")
    }

    /// Every pair of int8 inputs, through whichever form the op takes (the affine form where it
    /// checks out, run by the C kernel in blocks of 64).
    @Test(arguments: 0..<16)
    func addCoversEveryPairOfInputs(seed: Int) throws {
        var r = RandomCase(rng: SplitMixGenerator(state: UInt64(seed) &* 1_299_721))
        let scale1 = r.scale(-3...0), scale2 = r.scale(-3...0)
        let parameters = AddParameters(input1: Quantization(scale: scale1, zeroPoint: r.zeroPoint()),
                                       input2: Quantization(scale: scale2, zeroPoint: r.zeroPoint()),
                                       output: Quantization(scale: max(scale1, scale2) * r.scale(-1...1), zeroPoint: r.zeroPoint()),
                                       activation: r.activation())
        try checkEveryPair(parameters, "seed \(seed)")
    }

    /// A residual ADD of ResNet-8 (its parameters as the model's scales give them) whose affine
    /// form needs its rounding point nudged: two pairs of inputs lie a few 2^−22 of an output step
    /// below a boundary that the reference's high multiply rounds past.
    @Test func affineAddWithANudgedRoundingPoint() throws {
        var parameters = AddParameters(input1: Quantization(scale: 1, zeroPoint: -128), input2: Quantization(scale: 1, zeroPoint: 4),
                                       output: Quantization(scale: 1, zeroPoint: -128), activation: .relu)
        parameters.input1 = .init(multiplier: 1_623_821_475, shift: -2)
        parameters.input2 = .init(multiplier: 1_073_741_824, shift: 0)
        parameters.output = .init(multiplier: 1_098_017_566, shift: -17)
        #expect(AddAffineForm(parameters) != nil)
        try checkEveryPair(parameters, "ResNet-8")
    }

    /// The C kernel computes the affine form's formula for every pair: residuals across the whole
    /// int8 range and a short shift, so that every lookup and product shows in the output; or
    /// slopes up to the largest three signed bytes hold (each byte plane in play), shifted down
    /// to outputs that still span the range.
    @Test(arguments: 0..<16)
    func affineAddKernelComputesItsForm(seed: Int) throws {
        var r = RandomCase(rng: SplitMixGenerator(state: UInt64(seed) &* 7_368_787))
        let wide = seed % 2 == 1
        let slopes = wide ? -0x80_8080...0x7F_7F7F : -3...3, shift = wide ? r.int(21...23) : r.int(0...3)
        let constant = wide ? r.int(-(1 << 29)...(1 << 29)) : r.int(-500...500)
        let form = AddAffineForm(k1: Int32(r.int(slopes)), k2: Int32(r.int(slopes)), constant: Int32(constant),
                                 shift: Int32(shift), minimum: -128, maximum: Int32(r.int(0...127)),
                                 residual1: r.int8s(256), residual2: r.int8s(256))
        let a = (0..<65_536).map { Int8(truncatingIfNeeded: $0 >> 8) }, b = (0..<65_536).map { Int8(truncatingIfNeeded: $0) }
        var out = [Int8](repeating: 0, count: a.count)
        let written = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { form.run(a.baseAddress!, b.baseAddress!, count: 65_536, into: $0.baseAddress!) }
            }
        }
        guard written > 0 else {
            print("affineAddKernelComputesItsForm: SKIPPED, this CPU lacks AVX-512 VBMI (the kernel writes nothing)")
            return
        }
        #expect(written == 65_536)
        let wrong = (0..<65_536).filter { out[$0] != form.value(a[$0], b[$0]) }
        let first = wrong.first.map { "(\(a[$0]), \(b[$0]))" } ?? ""
        #expect(wrong.isEmpty, "seed \(seed): \(wrong.count) pairs differ, first \(first)")
    }

    private func checkEveryPair(_ parameters: AddParameters, _ label: String) throws {
        let a = (0..<65_536).map { Int8(truncatingIfNeeded: $0 >> 8) }, b = (0..<65_536).map { Int8(truncatingIfNeeded: $0) }
        let fast = try #require(FastAdd(parameters))
        let out = fast.run(a, b)
        let wrong = (0..<65_536).filter { out[$0] != ReferenceKernels.add(a[$0], b[$0], parameters) }
        let first = wrong.first.map { "(\(a[$0]), \(b[$0]))" } ?? ""
        #expect(wrong.isEmpty, "\(label): \(wrong.count) pairs differ, first \(first); \(parameters), affine \(fast.affine != nil)")
    }

    @Test(arguments: 0..<60)
    func poolingMatchesReference(seed: Int) throws {
        var r = RandomCase(rng: SplitMixGenerator(state: UInt64(seed) &* 2_750_159))
        let inputShape = [r.int(1...2), r.int(1...13), r.int(1...13), r.int(1...21)]
        let options = Pool2DOptions(padding: r.padding(), strideHeight: r.int(1...3), strideWidth: r.int(1...3),
                                    filterHeight: r.int(1...min(5, inputShape[1])), filterWidth: r.int(1...min(5, inputShape[2])),
                                    activation: r.activation())
        let range = ActivationRange.int8(options.activation, scale: r.scale(-3...0), zeroPoint: r.zeroPoint())
        let input = r.int8s(inputShape.reduce(1, *)), average = r.int(0...1) == 0
        let expected = try #require(ReferenceKernels.pool2D(average: average, input: input, inputShape: inputShape, options: options, range: range))
        let fast = try #require(FastPool(average: average, inputShape: inputShape, options: options, range: range))
        #expect(fast.outputShape == expected.shape)
        #expect(fast.run(input) == expected.values, "seed \(seed): \(inputShape) \(options) average \(average)")
    }

    @Test func saturatedAccumulatorsAndExtremeMultipliersMatch() throws {
        // Weights and inputs at the int8 extremes with a zero point of 127 make |acc| large;
        // multipliers from 2^-31 to 2^8 exercise the flush to zero, both shifts and the clamp.
        let depth = 600, outDepth = 9
        let input = (0..<depth).map { $0 % 2 == 0 ? Int8.min : Int8.max }
        let filter = (0..<(depth * outDepth)).map { $0 % 3 == 0 ? Int8.min : Int8.max }
        let multipliers = [-31, -30, -20, -1, 0, 1, 4, 8, 12].map { shift in FixedPoint.Multiplier(multiplier: 1 << 30 | 12345, shift: shift) }
        let q = Requantization(inputOffset: 127, outputOffset: -128, multipliers: multipliers,
                               range: ActivationRange(minimum: -128, maximum: 127))
        let bias: [Int32] = [.max, .min, 0, 1, -1, 1 << 30, -(1 << 30), 7, -7]
        let expected = ReferenceKernels.fullyConnected(input: input, filter: filter, filterShape: [outDepth, depth], bias: bias,
                                                       requantization: q)
        let fast = try #require(FastFullyConnected(filter: filter, filterShape: [outDepth, depth], bias: bias, filterOffset: 0,
                                                   requantization: q))
        #expect(fast.run(input) == expected)
        #expect(Set(expected).count > 2, "the case covers more than the two clamp bounds")
    }

    @Test func channelScaleMatchesMultiplyByQuantizedMultiplier() throws {
        var rng = SplitMixGenerator(state: 42)
        let accumulators: [Int32] = [0, 1, -1, .max, .min, 1 << 30, -(1 << 30), 12345, -12345]
            + (0..<200).map { _ in Int32.random(in: .min ... .max, using: &rng) }
        for shift in -31...31 {
            for significand in [Int32(1 << 30), Int32.max, 1_518_500_250, 0, -(1 << 30)] {
                let multiplier = FixedPoint.Multiplier(multiplier: significand, shift: shift)
                let scale = try #require(ChannelScale(multiplier))
                for x in accumulators {
                    #expect(scale.scale(x) == FixedPoint.multiplyByQuantizedMultiplier(x, multiplier), "x \(x), M \(significand), shift \(shift)")
                }
            }
        }
        #expect(ChannelScale(FixedPoint.Multiplier(multiplier: .min, shift: 0)) == nil)
    }

    @Test func blockScaleMatchesMultiplyByQuantizedMultiplierOnEveryLane() throws {
        var rng = SplitMixGenerator(state: 7)
        // Eight channels with shifts from -31 to 31 and significands across their range, one
        // block at a time; accumulators include both int32 extremes.
        for round in 0..<64 {
            let multipliers = (0..<8).map { lane in
                FixedPoint.Multiplier(multiplier: lane == 0 && round % 4 == 0 ? 0 : Int32.random(in: (1 << 30)...Int32.max, using: &rng),
                                      shift: Int.random(in: -31...31, using: &rng))
            }
            let q = Requantization(inputOffset: 0, outputOffset: 0, multipliers: multipliers, range: ActivationRange(minimum: -128, maximum: 127))
            let stage = try #require(OutputStage(q, channels: 8))
            for _ in 0..<32 {
                var accumulators = SIMD8<Int32>()
                for lane in 0..<8 {
                    let pick = Int.random(in: 0...7, using: &rng)
                    accumulators[lane] = pick < 4 ? [Int32.min, .max, 0, -1][pick] : Int32.random(in: .min ... .max, using: &rng)
                }
                let scaled = stage.blocks[0].scale(accumulators)
                for lane in 0..<8 {
                    #expect(scaled[lane] == FixedPoint.multiplyByQuantizedMultiplier(accumulators[lane], multipliers[lane]),
                            "x \(accumulators[lane]), \(multipliers[lane])")
                }
            }
        }
    }

    @Test func groupedConvolutionIsLeftToTheReference() {
        let q = Requantization.perChannel(input: Quantization(scale: 1, zeroPoint: 0), filterScales: [1],
                                          output: Quantization(scale: 1, zeroPoint: 0), channels: 2, activation: .none)
        #expect(FastConvolution(inputShape: [1, 1, 1, 4], filter: [1, 2, 3, 4], filterShape: [2, 1, 1, 2], bias: nil,
                                options: Conv2DOptions(padding: .valid), requantization: q) == nil)
    }
}
