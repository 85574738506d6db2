import Foundation
import Testing
@testable import TensorEngine

@Suite("Optimizers and metrics")
struct OptimizerAndMetricsTests {
    private func oneWeightModel(_ w: Float) throws -> Model {
        var model = try Model.build(input: [1], layers: [.dense(units: 1)], seed: 0)
        model.parameters[0].trainable[0] = Tensor(shape: [1, 1], scalars: [w])
        return model
    }

    private func gradients(_ g: Float) -> Gradients {
        Gradients(parameters: [[Tensor(shape: [1, 1], scalars: [g]), Tensor([0])]], input: Tensor.zeros([1, 1]))
    }

    @Test func sgdWithoutAndWithMomentum() throws {
        var model = try oneWeightModel(1)
        var plain = OptimizerState(.sgd(), for: model)
        plain.apply(gradients(2), to: &model)
        #expect(model.parameters[0].trainable[0].scalars == [1 - 0.01 * 2])
        model = try oneWeightModel(1)
        var momentum = OptimizerState(.sgd(learningRate: 0.1, momentum: 0.9), for: model)
        momentum.apply(gradients(1), to: &model)  // v = −0.1, w = 0.9
        momentum.apply(gradients(1), to: &model)  // v = −0.09 − 0.1 = −0.19, w = 0.71
        #expect(abs(model.parameters[0].trainable[0].scalars[0] - 0.71) < 1e-6)
        #expect(momentum.step == 2)
    }

    @Test func adamFollowsKerasUpdateRule() throws {
        var model = try oneWeightModel(0.5)
        var adam = OptimizerState(.adam(learningRate: 0.1), for: model)
        var w = 0.5, m = 0.0, v = 0.0
        for (t, g) in [0.3, -1.2, 0.05].enumerated() {
            adam.apply(gradients(Float(g)), to: &model)
            m += (g - m) * 0.1
            v += (g * g - v) * 0.001
            let alpha = 0.1 * (1 - pow(0.999, Double(t + 1))).squareRoot() / (1 - pow(0.9, Double(t + 1)))
            w -= alpha * m / (v.squareRoot() + 1e-7)
            #expect(abs(Double(model.parameters[0].trainable[0].scalars[0]) - w) < 1e-6)
        }
    }

    @Test func classificationMetricsFromAKnownConfusion() {
        let labels = [0, 0, 0, 1, 1, 2]
        let predicted = [0, 0, 1, 1, 2, 2]
        let metrics = Metrics.classification(predicted: predicted, labels: labels, classes: 3)
        #expect(metrics.confusion == [[2, 1, 0], [0, 1, 1], [0, 0, 1]])
        #expect(metrics.accuracy == 4.0 / 6)
        #expect(metrics.precision == [1, 0.5, 0.5])
        #expect(metrics.recall == [2.0 / 3, 0.5, 1])
        #expect(abs(metrics.f1[0] - 0.8) < 1e-12)
        #expect(abs(metrics.macroF1 - (0.8 + 0.5 + 2.0 / 3) / 3) < 1e-12)
        let never = Metrics.classification(predicted: [0, 0], labels: [0, 1], classes: 2)
        #expect(never.precision == [0.5, 0] && never.f1[1] == 0)
    }

    @Test func predictedClassesAccuracyAndRegressionErrors() {
        let scores = Tensor(shape: [3, 3], scalars: [0.1, 0.7, 0.2, 0.5, 0.5, 0, 0, 0.1, 0.9])
        #expect(Metrics.predictedClasses(scores) == [1, 0, 2])
        #expect(Metrics.accuracy(outputs: scores, labels: Tensor([1, 1, 2])) == 2.0 / 3)
        #expect(Metrics.predictedClasses(Tensor(shape: [3, 1], scalars: [0.2, 0.51, 0.5])) == [0, 1, 0])
        let regression = Metrics.regression(outputs: Tensor([1, 2, 4]), targets: Tensor([1, 3, 2]))
        #expect(regression.mae == 1 && regression.mse == 5.0 / 3)
    }
}
