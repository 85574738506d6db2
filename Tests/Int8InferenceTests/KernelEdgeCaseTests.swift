import Testing
@testable import Int8Inference

@Suite struct KernelEdgeCaseTests {
    @Test func windowSizesAndPaddingWithOddSizes() {
        #expect(Window(.same, input: 5, filter: 3, stride: 2).outputSize == 3)
        #expect(Window(.same, input: 5, filter: 3, stride: 2).padding == 1)
        // An even input with stride 2: the extra padding cell goes after the image, not before.
        #expect(Window(.same, input: 6, filter: 3, stride: 2).outputSize == 3)
        #expect(Window(.same, input: 6, filter: 3, stride: 2).padding == 0)
        #expect(Window(.valid, input: 5, filter: 3, stride: 2).outputSize == 2)
        #expect(Window(.valid, input: 5, filter: 3, stride: 2).padding == 0)
        #expect(Window(.valid, input: 7, filter: 3, stride: 1, dilation: 2).outputSize == 3)
        #expect(Window(.valid, input: 7, filter: 3, stride: 1, dilation: 2).padding == 0)
    }

    @Test func averagePoolRoundsHalfAwayFromZeroAndSkipsPadding() throws {
        let options = Pool2DOptions(padding: .same, strideHeight: 1, strideWidth: 2, filterHeight: 1, filterWidth: 2)
        let range = ActivationRange.int8(.none, scale: 1, zeroPoint: 0)
        // Windows [1,2] → 1.5 → 2, [-1,-2] → -1.5 → -2, and [5] alone (the padded cell is not counted).
        let result = try #require(ReferenceKernels.pool2D(average: true, input: [1, 2, -1, -2, 5], inputShape: [1, 1, 5, 1],
                                                          options: options, range: range))
        #expect(result.values == [2, -2, 5])
        let maxResult = try #require(ReferenceKernels.pool2D(average: false, input: [1, 2, -1, -2, 5], inputShape: [1, 1, 5, 1],
                                                             options: options, range: range))
        #expect(maxResult.values == [2, -1, 5])
    }

    @Test func convolutionSaturatesAtBothEnds() {
        let q = Requantization.perChannel(input: Quantization(scale: 1, zeroPoint: -128), filterScales: [1, 1e-3],
                                          output: Quantization(scale: 1, zeroPoint: 0), channels: 2, activation: .none)
        // Channel 0 sees 127 - (-128) = 255 times ±127 and saturates; channel 1 is scaled down by 1000.
        let filter: [Int8] = [127, -127]
        let result = ReferenceKernels.conv2D(input: [127], inputShape: [1, 1, 1, 1], filter: filter, filterShape: [2, 1, 1, 1],
                                             bias: nil, options: Conv2DOptions(padding: .valid), requantization: q)
        #expect(result.values == [127, -32])
        let negative = ReferenceKernels.conv2D(input: [127], inputShape: [1, 1, 1, 1], filter: [-127, 127], filterShape: [2, 1, 1, 1],
                                               bias: nil, options: Conv2DOptions(padding: .valid), requantization: q)
        #expect(negative.values == [-128, 32])
    }

    @Test func softmaxOfEqualInputsIsUniform() {
        let parameters = SoftmaxParameters(beta: 1, inputScale: 0.1)
        // 1/4 at scale 1/256 is 64, minus the zero point 128.
        #expect(ReferenceKernels.softmax([5, 5, 5, 5], depth: 4, parameters: parameters) == [-64, -64, -64, -64])
        // One dominant value takes everything: 1.0 saturates at 127.
        #expect(ReferenceKernels.softmax([127, -128], depth: 2, parameters: SoftmaxParameters(beta: 1, inputScale: 1)) == [127, -128])
    }

    @Test func addRescalesAndClamps() {
        let p = AddParameters(input1: Quantization(scale: 0.5, zeroPoint: 0), input2: Quantization(scale: 0.25, zeroPoint: -128),
                              output: Quantization(scale: 1, zeroPoint: 0), activation: .relu)
        // 0.5*10 + 0.25*(−128+128) = 5; 0.5*(−100) + 0 = −50 clamps to 0 under ReLU.
        #expect(ReferenceKernels.add(10, -128, p) == 5)
        #expect(ReferenceKernels.add(-100, -128, p) == 0)
        let broadcast = ReferenceKernels.add([10, 20], shape: [2, 1], [-128, -124], shape: [1, 2], parameters: p)
        #expect(broadcast?.values == [5, 6, 10, 11])
        #expect(ReferenceKernels.add([1, 2], shape: [2], [1, 2, 3], shape: [3], parameters: p) == nil)
    }

    @Test func quantizeRoundsAndSaturates() {
        #expect(ReferenceKernels.quantize([0.5, -0.5, 1000, -1000, 0.26], scale: 0.5, zeroPoint: 10) == [11, 9, 127, -128, 11])
        #expect(ReferenceKernels.dequantize([-128, 127], scale: 0.5, zeroPoint: -128) == [0, 127.5])
    }
}
