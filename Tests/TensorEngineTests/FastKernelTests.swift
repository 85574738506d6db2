import Testing
@testable import TensorEngine

@Suite("Fast kernels are bit-identical to the reference loops")
struct FastKernelTests {
    static let models: [([Int], [LayerSpec])] = [
        ([9, 3], [.conv1d(filters: 4, kernel: 3, activation: .relu), .conv1d(filters: 5, kernel: 4, stride: 2),
                  .conv1d(filters: 2, kernel: 2, stride: 3, padding: .valid), .flatten, .dense(units: 3)]),
        ([7, 6, 2], [.conv2d(filters: 3, kernel: Size2D(3), stride: Size2D(2)),
                     .conv2d(filters: 4, kernel: Size2D(height: 2, width: 3), padding: .valid, activation: .tanh),
                     .globalAveragePool, .dense(units: 6, activation: .relu), .dense(units: 2, activation: .softmax)]),
        ([9, 7, 3], [.depthwiseConv2d(kernel: Size2D(3), activation: .relu),
                     .depthwiseConv2d(kernel: Size2D(height: 2, width: 3), multiplier: 2, stride: Size2D(2)),
                     .depthwiseConv2d(kernel: Size2D(3), stride: Size2D(height: 1, width: 2), padding: .valid),
                     .flatten, .dense(units: 2)]),
    ]

    @Test(arguments: models.indices)
    func forwardAndBackwardAgreeBitForBit(_ index: Int) throws {
        let (input, layers) = Self.models[index]
        let model = try Model.build(input: input, layers: layers, seed: 11)
        let batch = Tensor.randn([5] + input, seed: 12)
        var g1 = SeededGenerator(seed: 1), g2 = SeededGenerator(seed: 1)
        let fast = try model.forward(batch, training: true, generator: &g1, variant: .fast)
        let reference = try model.forward(batch, training: true, generator: &g2, variant: .reference)
        #expect(bits(fast.output) == bits(reference.output))
        let seedGradient = Tensor.randn(fast.output.shape, seed: 13)
        let fastGradients = model.backward(fast, gradient: seedGradient, atPreActivation: false, variant: .fast)
        let referenceGradients = model.backward(reference, gradient: seedGradient, atPreActivation: false,
                                                variant: .reference)
        #expect(bits(fastGradients.input) == bits(referenceGradients.input))
        for (a, b) in zip(fastGradients.parameters.joined(), referenceGradients.parameters.joined()) {
            #expect(bits(a) == bits(b))
        }
    }

    @Test func im2colMatchesTheReferenceOnManyGeometries() {
        var generator = SeededGenerator(seed: 3)
        for (h, w, c, k, s, padding) in [(5, 5, 2, 3, 1, Padding.same), (6, 7, 3, 2, 2, .same), (8, 5, 1, 3, 2, .valid),
                                         (1, 9, 4, 4, 3, .same), (4, 4, 2, 4, 1, .valid), (5, 4, 3, 1, 1, .same),
                                         (3, 6, 8, 1, 1, .valid), (6, 6, 2, 1, 2, .same)] {
            let g = ConvolutionGeometry(inputHeight: h, inputWidth: w, channels: c, kernel: Size2D(k),
                                        stride: Size2D(s), padding: padding)!
            let filters = 3
            let x = (0..<(2 * g.inputSize)).map { _ in generator.nextNormal() }
            let weights = (0..<(g.patchSize * filters)).map { _ in generator.nextNormal() }
            let bias = (0..<filters).map { _ in generator.nextNormal() }
            let dz = (0..<(2 * g.outputPositions * filters)).map { _ in generator.nextNormal() }
            #expect(ConvolutionKernel.forwardIm2col(x, batch: 2, geometry: g, weights: weights, bias: bias, filters: filters)
                == ConvolutionKernel.forwardReference(x, batch: 2, geometry: g, weights: weights, bias: bias, filters: filters))
            let fast = ConvolutionKernel.backwardIm2col(x, batch: 2, geometry: g, weights: weights, filters: filters,
                                                        outputGradient: dz)
            let reference = ConvolutionKernel.backwardReference(x, batch: 2, geometry: g, weights: weights,
                                                                filters: filters, outputGradient: dz)
            #expect(fast.input == reference.input && fast.weights == reference.weights && fast.bias == reference.bias)
        }
    }

    /// A batch large enough for two threads gives what its samples give one at a time.
    @Test func im2colAndCol2imOnTwoThreadsMatchOneSampleAtATime() {
        let g = ConvolutionGeometry(inputHeight: 49, inputWidth: 10, channels: 1, kernel: Size2D(height: 10, width: 4),
                                    stride: Size2D(2), padding: .same)!
        let batch = 32
        var generator = SeededGenerator(seed: 5)
        let x = (0..<(batch * g.inputSize)).map { _ in generator.nextNormal() }
        let columns = ConvolutionKernel.im2col(x, batch: batch, geometry: g)
        let perSample = (0..<batch).flatMap { n in
            ConvolutionKernel.im2col(Array(x[(n * g.inputSize)..<((n + 1) * g.inputSize)]), batch: 1, geometry: g)
        }
        #expect(columns == perSample)
        let gradients = (0..<columns.count).map { _ in generator.nextNormal() }
        let rowsPerSample = g.outputPositions * g.patchSize
        let summed = ConvolutionKernel.col2im(gradients, batch: batch, geometry: g)
        let summedPerSample = (0..<batch).flatMap { n in
            ConvolutionKernel.col2im(Array(gradients[(n * rowsPerSample)..<((n + 1) * rowsPerSample)]), batch: 1, geometry: g)
        }
        #expect(summed.map(\.bitPattern) == summedPerSample.map(\.bitPattern))
    }

    /// Statistics and the forward pass equal their definitions bit for bit, on one band and on two.
    @Test(arguments: [(5, 37), (16, 37), (64, 2100)])
    func batchnormStatisticsAndForwardMatchPlainLoops(_ channels: Int, _ rows: Int) {
        var generator = SeededGenerator(seed: UInt64(rows))
        let x = (0..<(rows * channels)).map { _ in generator.nextNormal() * 2 - 1 }
        let gamma = (0..<channels).map { _ in generator.nextNormal() }, beta = (0..<channels).map { _ in generator.nextNormal() }
        var mean = [Float](repeating: 0, count: channels), variance = mean
        for i in x.indices { mean[i % channels] += x[i] }
        mean = mean.map { $0 / Float(rows) }
        for i in x.indices { variance[i % channels] += (x[i] - mean[i % channels]) * (x[i] - mean[i % channels]) }
        variance = variance.map { $0 / Float(rows) }
        let statistics = NormalizationKernel.statistics(x, channels: channels)
        #expect(statistics.mean.map(\.bitPattern) == mean.map(\.bitPattern))
        #expect(statistics.variance.map(\.bitPattern) == variance.map(\.bitPattern))
        let inverse = variance.map { 1 / ($0 + Float(NormalizationKernel.epsilon)).squareRoot() }
        let expected = x.indices.map { i in gamma[i % channels] * ((x[i] - mean[i % channels]) * inverse[i % channels]) + beta[i % channels] }
        let forward = NormalizationKernel.forward(x, mean: mean, variance: variance, gamma: gamma, beta: beta)
        #expect(forward.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    /// 64 channels over 2,100 rows are enough work for two threads (two bands of channels).
    @Test(arguments: [(16, true, 37), (16, false, 37), (8, true, 37), (5, true, 37), (64, true, 2100), (64, false, 2100)])
    func batchnormBackwardMatchesPlainLoops(_ channels: Int, _ batchStatistics: Bool, _ rows: Int) {
        var generator = SeededGenerator(seed: UInt64(channels))
        let x = (0..<(rows * channels)).map { _ in generator.nextNormal() * 3 + 1 }
        let dy = (0..<(rows * channels)).map { _ in generator.nextNormal() }
        let gamma = (0..<channels).map { _ in generator.nextNormal() }
        let (mean, variance) = NormalizationKernel.statistics(x, channels: channels)
        let kernel = NormalizationKernel.backward(x, mean: mean, variance: variance, gamma: gamma,
                                                  batchStatistics: batchStatistics, outputGradient: dy)
        // The definition, element by element in index order.
        let inverse = variance.map { 1 / ($0 + Float(NormalizationKernel.epsilon)).squareRoot() }
        var dgamma = [Float](repeating: 0, count: channels), dbeta = dgamma, sumDxhat = dgamma, sumDxhatXhat = dgamma
        for i in x.indices {
            let c = i % channels, xhat = (x[i] - mean[c]) * inverse[c]
            dgamma[c] += dy[i] * xhat
            dbeta[c] += dy[i]
            sumDxhat[c] += dy[i] * gamma[c]
            sumDxhatXhat[c] += dy[i] * gamma[c] * xhat
        }
        let count = Float(rows)
        let dx = x.indices.map { i -> Float in
            let c = i % channels, dxhat = dy[i] * gamma[c]
            guard batchStatistics else { return dxhat * inverse[c] }
            let xhat = (x[i] - mean[c]) * inverse[c]
            return inverse[c] / count * (count * dxhat - sumDxhat[c] - xhat * sumDxhatXhat[c])
        }
        #expect(kernel.input.map(\.bitPattern) == dx.map(\.bitPattern))
        #expect(kernel.gamma.map(\.bitPattern) == dgamma.map(\.bitPattern))
        #expect(kernel.beta.map(\.bitPattern) == dbeta.map(\.bitPattern))
    }

    /// The eight-channel lane kernels (multiplier 1, eight channels or more) against the plain loops:
    /// channel counts off the vector width, strides, odd sizes, both paddings, and a batch large
    /// enough for two threads. One case has an infinite weight, whose padding taps' `0 · w` must be kept.
    @Test(arguments: [(8, 5, 5, 3, 1, Padding.same, 2), (13, 6, 7, 3, 2, .same, 3), (19, 7, 4, 2, 1, .valid, 2),
                      (9, 5, 9, 3, 3, .same, 2), (16, 6, 7, 5, 2, .valid, 1), (24, 9, 3, 1, 2, .same, 2),
                      (64, 25, 5, 3, 1, .same, 32), (10, 8, 8, 4, 3, .same, 2),
                      (37, 5, 6, 3, 1, .same, 2), (45, 6, 5, 3, 2, .same, 3), (32, 4, 4, 3, 1, .valid, 2)])
    func depthwiseLanesMatchThePlainLoops(_ channels: Int, _ height: Int, _ width: Int, _ kernel: Int, _ stride: Int,
                                          _ padding: Padding, _ batch: Int) {
        let g = ConvolutionGeometry(inputHeight: height, inputWidth: width, channels: channels, kernel: Size2D(kernel),
                                    stride: Size2D(stride), padding: padding)!
        var generator = SeededGenerator(seed: UInt64(channels * 100 + height))
        let x = (0..<(batch * g.inputSize)).map { _ in generator.nextNormal() }
        var weights = (0..<(kernel * kernel * channels)).map { _ in generator.nextNormal() }
        if channels == 10 { weights[channels - 1] = .infinity }  // a corner tap meeting the padding: 0 · ∞ is NaN
        let bias = (0..<channels).map { _ in generator.nextNormal() }
        let dz = (0..<(batch * g.outputPositions * channels)).map { _ in generator.nextNormal() }
        let fast = DepthwiseKernel.forwardFast(x, batch: batch, geometry: g, weights: weights, bias: bias, multiplier: 1)
        let plain = DepthwiseKernel.forward(x, batch: batch, geometry: g, weights: weights, bias: bias, multiplier: 1)
        #expect(fast.map(\.bitPattern) == plain.map(\.bitPattern))
        let fastGradients = DepthwiseKernel.backwardFast(x, batch: batch, geometry: g, weights: weights, multiplier: 1,
                                                         outputGradient: dz)
        let plainGradients = DepthwiseKernel.backward(x, batch: batch, geometry: g, weights: weights, multiplier: 1,
                                                      outputGradient: dz)
        #expect(fastGradients.input.map(\.bitPattern) == plainGradients.input.map(\.bitPattern))
        #expect(fastGradients.weights.map(\.bitPattern) == plainGradients.weights.map(\.bitPattern))
        #expect(fastGradients.bias.map(\.bitPattern) == plainGradients.bias.map(\.bitPattern))
    }

    private func bits(_ tensor: Tensor) -> [UInt32] { tensor.scalars.map(\.bitPattern) }
}
