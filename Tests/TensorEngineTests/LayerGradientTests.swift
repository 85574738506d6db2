import Foundation
import Testing
@testable import TensorEngine

@Suite("Layer gradients (finite differences, float64)")
struct LayerGradientTests {
    static let cases: [(String, [Int], [LayerSpec])] = [
        ("dense", [5], [.dense(units: 3)]),
        ("conv1d same", [7, 2], [.conv1d(filters: 3, kernel: 3)]),
        ("conv1d valid stride 2", [8, 2], [.conv1d(filters: 2, kernel: 3, stride: 2, padding: .valid)]),
        ("conv1d same stride 2 even kernel", [7, 2], [.conv1d(filters: 2, kernel: 4, stride: 2, padding: .same)]),
        ("conv2d same", [5, 4, 2], [.conv2d(filters: 2, kernel: Size2D(3))]),
        ("conv2d valid stride 2", [6, 7, 2],
         [.conv2d(filters: 3, kernel: Size2D(height: 2, width: 3), stride: Size2D(2), padding: .valid)]),
        ("conv2d same stride 2", [6, 5, 1], [.conv2d(filters: 2, kernel: Size2D(3), stride: Size2D(2))]),
        ("depthwise same multiplier 2", [5, 4, 2], [.depthwiseConv2d(kernel: Size2D(3), multiplier: 2)]),
        ("depthwise same stride 2", [5, 6, 2], [.depthwiseConv2d(kernel: Size2D(3), stride: Size2D(2), activation: .relu)]),
        ("depthwise valid stride 2", [6, 6, 3],
         [.depthwiseConv2d(kernel: Size2D(2), stride: Size2D(height: 2, width: 1), padding: .valid)]),
        ("maxpool 1-D", [6, 3], [.maxPool(2)]),
        ("maxpool 2-D overlapping stride 2", [7, 7, 2], [.maxPool(3, stride: 2)]),
        ("avgpool 1-D stride 1", [6, 2], [.averagePool(3, stride: 1)]),
        ("avgpool 2-D", [6, 4, 2], [.averagePool(2)]),
        ("global avgpool 1-D", [5, 3], [.globalAveragePool]),
        ("global avgpool 2-D", [3, 4, 2], [.globalAveragePool]),
        ("flatten then dense", [3, 2, 2], [.flatten, .dense(units: 2)]),
        ("reshape then conv1d", [12], [.reshape([4, 3]), .conv1d(filters: 2, kernel: 2)]),
        ("batchnorm inference", [4, 3], [.batchNormalization]),
        ("small cnn", [8, 2], [.conv1d(filters: 3, kernel: 3, activation: .relu), .maxPool(2),
                               .conv1d(filters: 4, kernel: 2, padding: .valid, activation: .tanh),
                               .globalAveragePool, .dense(units: 3, activation: .softmax)]),
    ]

    @Test(arguments: cases.indices)
    func inferenceGradientsMatchFiniteDifferences(_ index: Int) throws {
        let (name, input, layers) = Self.cases[index]
        let failures = try GradientCheck.failures(input: input, layers: layers, randomState: true)
        #expect(failures.count == 0, Comment(rawValue: "\(name): \(failures.prefix(3))"))
    }

    @Test func batchnormTrainingGradientsFlowThroughTheBatchStatistics() throws {
        let failures = try GradientCheck.failures(input: [4, 3], layers: [.batchNormalization], batch: 4, training: true)
        #expect(failures.count == 0, Comment(rawValue: "\(failures.prefix(3))"))
        let dense = try GradientCheck.failures(input: [5], layers: [.dense(units: 4), .batchNormalization,
                                                                    .dense(units: 2, activation: .tanh)],
                                               batch: 5, training: true)
        #expect(dense.count == 0, Comment(rawValue: "\(dense.prefix(3))"))
    }

    @Test func dropoutTrainingGradientsUseTheSameMask() throws {
        let failures = try GradientCheck.failures(input: [6], layers: [.dense(units: 8), .dropout(rate: 0.4),
                                                                       .dense(units: 2)],
                                                  training: true)
        #expect(failures.count == 0, Comment(rawValue: "\(failures.prefix(3))"))
    }

    @Test(arguments: Activation.allCases)
    func activationGradientsMatchFiniteDifferences(_ activation: Activation) throws {
        let failures = try GradientCheck.failures(input: [4], layers: [.dense(units: 5, activation: activation)],
                                                  batch: 4, seed: 7)
        #expect(failures.count == 0, Comment(rawValue: "\(activation): \(failures.prefix(3))"))
    }

    @Test(arguments: Activation.allCases)
    func activationRulesHoldAcrossTheirWholeRange(_ activation: Activation) {
        // Values from −8 to 8 cover relu6's upper clip and sigmoid/tanh saturation; none sits on a kink.
        let z = ShapedArray<Double>(shape: [3, 6], scalars: (0..<18).map { -8.1 + Double($0) * 0.95 })
        let r = (0..<18).map { sin(Double($0)) }
        func loss(_ z: ShapedArray<Double>) -> Double { zip(activation.apply(z).scalars, r).reduce(0) { $0 + $1.0 * $1.1 } }
        let analytic = activation.backward(preActivation: z, output: activation.apply(z),
                                           outputGradient: ShapedArray(shape: z.shape, scalars: r))
        for i in 0..<z.count {
            var up = z, down = z
            up.scalars[i] += 1e-6
            down.scalars[i] -= 1e-6
            let numeric = (loss(up) - loss(down)) / 2e-6
            #expect(abs(numeric - analytic.scalars[i]) <= 1e-7 + 1e-5 * abs(numeric), "\(activation) at \(z.scalars[i])")
        }
    }
}
