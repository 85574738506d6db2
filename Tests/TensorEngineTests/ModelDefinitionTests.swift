import Testing
@testable import TensorEngine

@Suite("Model definition: shapes, errors, initialisation, summary")
struct ModelDefinitionTests {
    static let wand: [LayerSpec] = [
        .conv1d(filters: 8, kernel: 5, activation: .relu), .maxPool(2),
        .conv1d(filters: 16, kernel: 3, activation: .relu), .globalAveragePool,
        .dense(units: 4, activation: .softmax),
    ]

    @Test func infersEveryShapeOfTheWandModel() throws {
        let model = try Model.build(input: [100, 6], layers: Self.wand, seed: 1)
        #expect(model.outputShapes == [[100, 8], [50, 8], [50, 16], [16], [4]])
        #expect(model.outputShape == [4])
        #expect(model.parameters.map { $0.trainable.map(\.shape) }
            == [[[5, 6, 8], [8]], [], [[3, 8, 16], [16]], [], [[16, 4], [4]]])
    }

    @Test func summaryCountsParametersMacsAndActivationBytes() throws {
        let model = try Model.build(input: [100, 6], layers: Self.wand, seed: 1)
        let summary = model.summary
        #expect(summary.map(\.name) == ["conv1d", "maxpool", "conv1d", "global_avgpool", "dense"])
        #expect(summary.map(\.parameters) == [248, 0, 400, 0, 68])
        #expect(summary.map(\.macs) == [24_000, 0, 19_200, 0, 64])
        #expect(summary.map(\.activationBytes) == [3200, 1600, 3200, 64, 16])
        #expect(model.parameterCount == 716)
        #expect(model.macs == 43_264)
    }

    @Test func twoDimensionalShapesFollowTensorFlowPadding() throws {
        let model = try Model.build(input: [28, 28, 1], layers: [
            .conv2d(filters: 8, kernel: Size2D(3), stride: Size2D(2)),  // same: ceil(28/2) = 14
            .depthwiseConv2d(kernel: Size2D(3), multiplier: 2, padding: .valid),  // 12, channels 16
            .conv2d(filters: 4, kernel: Size2D(height: 1, width: 3), stride: Size2D(height: 1, width: 2),
                    padding: .valid),  // [12, 5]
            .batchNormalization, .maxPool(2, stride: 1), .averagePool(2), .flatten, .dropout(rate: 0.5),
            .reshape([8, 5]), .globalAveragePool, .dense(units: 2),
        ], seed: 3)
        #expect(model.outputShapes == [[14, 14, 8], [12, 12, 16], [12, 5, 4], [12, 5, 4], [11, 4, 4], [5, 2, 4],
                                       [40], [40], [8, 5], [5], [2]])
        #expect(model.summary[1].parameters == 3 * 3 * 8 * 2 + 16)
        #expect(model.summary[1].macs == 12 * 12 * 16 * 9)
        #expect(model.summary[3].parameters == 16)
    }

    @Test func paddingSplitsLikeTensorFlow() throws {
        // in 7, kernel 4, stride 2, same: out 4, total padding (4 − 1)·2 + 4 − 7 = 3, 1 before and 2 after.
        let g = try #require(ConvolutionGeometry(inputHeight: 1, inputWidth: 7, channels: 1,
                                                 kernel: Size2D(height: 1, width: 4),
                                                 stride: Size2D(height: 1, width: 2), padding: .same))
        #expect(g.outputWidth == 4 && g.padLeft == 1)
        let valid = try #require(ConvolutionGeometry(inputHeight: 1, inputWidth: 7, channels: 1,
                                                     kernel: Size2D(height: 1, width: 4),
                                                     stride: Size2D(height: 1, width: 2), padding: .valid))
        #expect(valid.outputWidth == 2 && valid.padLeft == 0)
    }

    @Test func shapeErrorsNameTheLayerAndBothShapes() {
        #expect(throws: ModelError.self) { try Model.build(input: [100, 6], layers: [.conv2d(filters: 4, kernel: Size2D(3))], seed: 0) }
        #expect(message(input: [100, 6], [.dense(units: 3), .conv2d(filters: 4, kernel: Size2D(3))])
            == "dense (layer 2) expects a flat input [features], got input shape [100, 6]")
        #expect(message(input: [100, 6], [.conv2d(filters: 4, kernel: Size2D(3))])
            == "conv2d (layer 2) expects [height, width, channels], got input shape [100, 6]")
        #expect(message(input: [8, 8, 1], [.flatten, .reshape([10, 10])])
            == "reshape (layer 3) expects 100 elements for [10, 10], got input shape [64]")
        #expect(message(input: [4, 3], [.conv1d(filters: 2, kernel: 5, padding: .valid)])
            == "conv1d (layer 2) expects an input at least as large as its window 5, got input shape [4, 3]")
        #expect(message(input: [4, 4, 3], [.maxPool(2), .maxPool(3)])
            == "maxpool (layer 3) expects an input at least as large as its window [3, 3], got input shape [2, 2, 3]")
        #expect(message(input: [10], [.dense(units: 3), .dropout(rate: 1)])
            == "dropout (layer 3): rate must be in [0, 1), got 1.0")
        #expect(message(input: [10, 2], [.conv1d(filters: 0, kernel: 3)])
            == "conv1d (layer 2): filters must be positive, got 0")
        #expect(message(input: [0, 3], []) == "input shape [0, 3] is not valid: every size must be positive")
    }

    @Test func errorsCarryAHint() {
        do {
            _ = try Model.build(input: [100, 6], layers: [.dense(units: 4)], seed: 0)
            Issue.record("expected an error")
        } catch {
            #expect(error.hint == "add flatten() or global_avgpool() before dense")
        }
    }

    @Test func initialisationIsGlorotUniformInLayerOrderWithZeroBiases() throws {
        let model = try Model.build(input: [100, 6], layers: Self.wand, seed: 5)
        var generator = SeededGenerator(seed: 5)
        let limit1 = Float((6.0 / Double(5 * 6 + 5 * 8)).squareRoot())
        let first = Tensor.uniform([5, 6, 8], in: -limit1, limit1, using: &generator)
        let limit2 = Float((6.0 / Double(3 * 8 + 3 * 16)).squareRoot())
        let second = Tensor.uniform([3, 8, 16], in: -limit2, limit2, using: &generator)
        #expect(model.parameters[0].trainable[0] == first)
        #expect(model.parameters[2].trainable[0] == second)
        #expect(model.parameters[0].trainable[1] == .zeros([8]))
        let denseLimit = Float((6.0 / 20).squareRoot())
        #expect(model.parameters[4].trainable[0].scalars.allSatisfy { abs($0) <= denseLimit })
        #expect(try Model.build(input: [100, 6], layers: Self.wand, seed: 5) == model)
        #expect(try Model.build(input: [100, 6], layers: Self.wand, seed: 6) != model)
    }

    @Test func batchnormStartsAsTheIdentity() throws {
        let model = try Model.build(input: [3], layers: [.batchNormalization], seed: 0)
        #expect(model.parameters[0] == LayerParameters(trainable: [.ones([3]), .zeros([3])],
                                                       state: [.zeros([3]), .ones([3])]))
    }

    private func message(input: [Int], _ layers: [LayerSpec]) -> String? {
        do {
            _ = try Model.build(input: input, layers: layers, seed: 0)
            return nil
        } catch {
            return error.description
        }
    }
}
