import Testing
@testable import TensorEngine

@Suite("Forward pass values")
struct ForwardTests {
    /// A model with every kernel set to `kernel` and biases zero.
    private func model(_ input: [Int], _ layers: [LayerSpec], kernel: [Float]) throws -> Model {
        var model = try Model.build(input: input, layers: layers, seed: 0)
        let shape = model.parameters[0].trainable[0].shape
        model.parameters[0].trainable[0] = Tensor(shape: shape, scalars: kernel)
        return model
    }

    private func run(_ model: Model, _ batch: Tensor, training: Bool = false) throws -> Tensor {
        var generator = SeededGenerator(seed: 9)
        return try model.forward(batch, training: training, generator: &generator).output
    }

    @Test func conv1dSamePaddingPutsTheOddElementAtTheEnd() throws {
        let x = Tensor(shape: [1, 4, 1], scalars: [1, 2, 3, 4])
        let even = try model([4, 1], [.conv1d(filters: 1, kernel: 2)], kernel: [1, 1])
        #expect(try run(even, x).scalars == [3, 5, 7, 4])
        let strided = try model([5, 1], [.conv1d(filters: 1, kernel: 3, stride: 2)], kernel: [1, 1, 1])
        #expect(try run(strided, Tensor(shape: [1, 5, 1], scalars: [1, 2, 3, 4, 5])).scalars == [3, 9, 9])
        let valid = try model([5, 1], [.conv1d(filters: 1, kernel: 3, padding: .valid)], kernel: [1, 0, -1])
        #expect(try run(valid, Tensor(shape: [1, 5, 1], scalars: [1, 2, 4, 8, 16])).scalars == [-3, -6, -12])
    }

    @Test func conv2dAndDepthwiseUseChannelsLastLayouts() throws {
        // 2×2 input with 2 channels; one 1×1 filter mixing channels as 1·c0 + 10·c1.
        let x = Tensor(shape: [1, 2, 2, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        let mix = try model([2, 2, 2], [.conv2d(filters: 1, kernel: Size2D(1))], kernel: [1, 10])
        #expect(try run(mix, x).scalars == [21, 43, 65, 87])
        // Depthwise 1×1 with multiplier 2: channel c gives outputs c·2 and c·2 + 1.
        let depthwise = try model([2, 2, 2], [.depthwiseConv2d(kernel: Size2D(1), multiplier: 2)],
                                  kernel: [1, -1, 10, 100])
        #expect(try run(depthwise, x).scalars.prefix(4) == [1, -1, 20, 200])
    }

    @Test func poolingAndGlobalAverage() throws {
        let x = Tensor(shape: [1, 4, 4, 1], scalars: (1...16).map(Float.init))
        #expect(try run(Model.build(input: [4, 4, 1], layers: [.maxPool(2)], seed: 0), x).scalars == [6, 8, 14, 16])
        #expect(try run(Model.build(input: [4, 4, 1], layers: [.averagePool(2)], seed: 0), x).scalars
            == [3.5, 5.5, 11.5, 13.5])
        #expect(try run(Model.build(input: [4, 4, 1], layers: [.maxPool(3, stride: 1)], seed: 0), x).scalars
            == [11, 12, 15, 16])
        let sequence = Tensor(shape: [1, 5, 2], scalars: [1, -1, 5, -5, 2, -2, 0, 0, 7, -7])
        #expect(try run(Model.build(input: [5, 2], layers: [.maxPool(2)], seed: 0), sequence).scalars == [5, -1, 2, 0])
        #expect(try run(Model.build(input: [5, 2], layers: [.globalAveragePool], seed: 0), sequence).scalars == [3, -3])
    }

    @Test func activationsOnKnownValues() throws {
        let z = ShapedArray<Float>(shape: [1, 4], scalars: [-2, 0.5, 3, 7])
        #expect(Activation.relu.apply(z).scalars == [0, 0.5, 3, 7])
        #expect(Activation.relu6.apply(z).scalars == [0, 0.5, 3, 6])
        #expect(Activation.linear.apply(z) == z)
        let softmax = Activation.softmax.apply(ShapedArray<Double>(shape: [2, 2], scalars: [0, 0, 1000, 0]))
        #expect(softmax.scalars == [0.5, 0.5, 1, 0])
        #expect(Activation.sigmoid.apply(ShapedArray<Double>(shape: [3], scalars: [-1000, 0, 1000])).scalars == [0, 0.5, 1])
    }

    @Test func dropoutIsTheIdentityAtInferenceAndScalesSurvivorsWhenTraining() throws {
        let model = try Model.build(input: [1000], layers: [.dropout(rate: 0.25)], seed: 0)
        let x = Tensor.ones([1, 1000])
        #expect(try run(model, x) == x)
        let trained = try run(model, x, training: true)
        let kept = trained.scalars.filter { $0 != 0 }
        #expect(kept.allSatisfy { $0 == Float(1) / 0.75 })
        #expect(abs(kept.count - 750) < 60)
    }

    @Test func batchnormUsesBatchStatisticsWhenTrainingAndMovingOnesOtherwise() throws {
        var model = try Model.build(input: [1], layers: [.batchNormalization], seed: 0)
        let x = Tensor(shape: [4, 1], scalars: [1, 2, 3, 4])
        #expect(try run(model, x) == Tensor(shape: [4, 1], scalars: [1, 2, 3, 4].map { $0 / Float(1.001).squareRoot() }))
        var generator = SeededGenerator(seed: 0)
        let pass = try model.forward(x, training: true, generator: &generator)
        // mean 2.5, biased variance 1.25
        let expected: [Float] = [-1.5, -0.5, 0.5, 1.5].map { $0 / Float(1.251).squareRoot() }
        #expect(zip(pass.output.scalars, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        model.updateMovingStatistics(from: pass)
        #expect(abs(model.parameters[0].state[0].scalars[0] - 0.025) < 1e-7)
        #expect(abs(model.parameters[0].state[1].scalars[0] - (0.99 + 0.0125)) < 1e-6)
    }

    @Test func samplesWithTheSameElementCountAreReshapedToTheInput() throws {
        let model = try Model.build(input: [2, 3], layers: [.flatten], seed: 0)
        var generator = SeededGenerator(seed: 0)
        let flat = Tensor(shape: [2, 6], scalars: (0..<12).map(Float.init))
        #expect(try model.forward(flat, training: false, generator: &generator).output.shape == [2, 6])
        #expect(throws: ModelError.batchMismatch(expected: [2, 3], got: [5])) {
            try model.forward(Tensor.zeros([2, 5]), training: false, generator: &generator)
        }
        #expect(try model.predict(Tensor.zeros([70, 3, 2]), batchSize: 32).shape == [70, 6])
    }
}
