import Foundation
import Testing
@testable import TensorEngine

@Suite("Losses: values, gradients (float64 finite differences), fusion and auto")
struct LossTests {
    /// Checks `gradient` against central differences of `value` at `x`.
    private func check(_ x: [Double], _ value: ([Double]) -> Double, _ gradient: [Double],
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let h = 1e-6
        for i in x.indices {
            var up = x, down = x
            up[i] += h
            down[i] -= h
            let numeric = (value(up) - value(down)) / (2 * h)
            #expect(abs(numeric - gradient[i]) <= 1e-8 + 1e-5 * abs(numeric), "element \(i)",
                    sourceLocation: sourceLocation)
        }
    }

    private let logits: [Double] = [0.3, -1.2, 2.0, 0.1, -0.4, 1.5, -2.2, 0.0, 0.7, 0.2, -0.9, 1.1]

    @Test func meanSquaredErrorGradient() {
        let t = logits.map { $0 * 0.5 + 0.1 }
        check(logits, { LossKernel.meanSquaredError($0, t).value }, LossKernel.meanSquaredError(logits, t).gradient)
        #expect(LossKernel.meanSquaredError([1.0, 3], [0, 0]).value == 5)
    }

    @Test func crossentropyGradientsOnProbabilitiesAndFusedOnLogits() {
        let labels = [2, 0, 3]
        let p = Activation.softmax(logits, width: 4)
        check(p, { LossKernel.crossentropy(probabilities: $0, labels: labels, classes: 4).value },
              LossKernel.crossentropy(probabilities: p, labels: labels, classes: 4).gradient)
        // Fused: the gradient is that of crossentropy(softmax(z)) with respect to z.
        let fused = LossKernel.crossentropy(logits: logits, labels: labels, classes: 4)
        check(logits, { LossKernel.crossentropy(probabilities: Activation.softmax($0, width: 4), labels: labels,
                                                classes: 4).value }, fused.gradient)
        #expect(abs(fused.value - LossKernel.crossentropy(probabilities: p, labels: labels, classes: 4).value) < 1e-12)
    }

    @Test func binaryCrossentropyGradientsOnProbabilitiesAndFusedOnLogits() {
        let t: [Double] = logits.indices.map { Double($0 % 2) }
        let p = logits.map(Activation.sigmoid)
        check(p, { LossKernel.binaryCrossentropy(probabilities: $0, t).value },
              LossKernel.binaryCrossentropy(probabilities: p, t).gradient)
        let fused = LossKernel.binaryCrossentropy(logits: logits, t)
        check(logits, { LossKernel.binaryCrossentropy(probabilities: $0.map(Activation.sigmoid), t).value }, fused.gradient)
        #expect(abs(fused.value - LossKernel.binaryCrossentropy(probabilities: p, t).value) < 1e-12)
    }

    @Test func fusedCrossentropyStaysFiniteWhereProbabilitiesUnderflow() {
        let fused = LossKernel.crossentropy(logits: [Float(0), 200], labels: [0], classes: 2)
        #expect(fused.value == 200)
        #expect(fused.gradient == [-1, 1])
        // On probabilities the clip bounds the loss at −log(1e-7).
        let clipped = LossKernel.crossentropy(probabilities: [Float(0), 1], labels: [0], classes: 2)
        #expect(abs(clipped.value - Float(-log(1e-7))) < 1e-4)
        #expect(clipped.gradient == [0, 0])
    }

    @Test func autoResolvesFromTheLastLayerAndTheLabels() throws {
        #expect(Loss.auto.resolved(finalActivation: .softmax, outputShape: [4], integerLabels: true) == .crossentropy)
        #expect(Loss.auto.resolved(finalActivation: .sigmoid, outputShape: [1], integerLabels: true) == .binaryCrossentropy)
        #expect(Loss.auto.resolved(finalActivation: .softmax, outputShape: [4], integerLabels: false) == .mse)
        #expect(Loss.auto.resolved(finalActivation: .linear, outputShape: [1], integerLabels: false) == .mse)
        #expect(Loss.auto.resolved(finalActivation: .sigmoid, outputShape: [3], integerLabels: false) == .mse)
        #expect(Loss.mse.resolved(finalActivation: .softmax, outputShape: [4], integerLabels: true) == .mse)
        #expect(Loss.areClassIndices(Tensor([0, 2, 1])))
        #expect(!Loss.areClassIndices(Tensor([0, 0.5])))
        #expect(!Loss.areClassIndices(Tensor(shape: [2, 2], scalars: [0, 1, 1, 0])))
    }

    @Test func evaluateFusesWithTheLastActivationAndMatchesTheUnfusedGradient() throws {
        let model = try Model.build(input: [3], layers: [.dense(units: 4, activation: .tanh),
                                                         .dense(units: 3, activation: .softmax)], seed: 2)
        var generator = SeededGenerator(seed: 0)
        let pass = try model.forward(Tensor.randn([5, 3], seed: 4), training: true, generator: &generator)
        let labels = Tensor([0, 2, 1, 1, 0])
        let fused = try Loss.auto.evaluate(pass, targets: labels, model: model)
        #expect(fused.atLogits)
        let direct = try Loss.crossentropy.value(outputs: pass.output, targets: labels)
        #expect(abs(fused.value - direct) < 1e-6)
        // The same gradients by the long way: d/dp through the softmax rule.
        let unfused = try Loss.crossentropy.compute(pass.output, targets: labels, fromLogits: false)
        let viaLogits = model.backward(pass, logitGradient: fused.gradient)
        let viaOutput = model.backward(pass, outputGradient: Tensor(shape: pass.output.shape, scalars: unfused.gradient))
        for (a, b) in zip(viaLogits.parameters.joined(), viaOutput.parameters.joined()) {
            #expect(zip(a.scalars, b.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
        }
    }

    @Test func targetsThatDoNotFitAreErrors() throws {
        let model = try Model.build(input: [3], layers: [.dense(units: 3, activation: .softmax)], seed: 2)
        var generator = SeededGenerator(seed: 0)
        let pass = try model.forward(Tensor.zeros([2, 3]), training: false, generator: &generator)
        #expect(throws: ModelError.targetMismatch(output: [2, 3], targets: [2],
                                                   reason: "crossentropy needs one class index in 0..<3 per sample")) {
            try Loss.crossentropy.evaluate(pass, targets: Tensor([0, 3]), model: model)
        }
        #expect(throws: ModelError.self) { try Loss.mse.evaluate(pass, targets: Tensor([0, 1]), model: model) }
        #expect(throws: ModelError.self) {
            try Loss.binaryCrossentropy.evaluate(pass, targets: Tensor(shape: [2, 3], scalars: [0, 1, 2, 0, 0, 0]), model: model)
        }
    }

    @Test func wholeModelWithFusedCrossentropyMatchesFiniteDifferencesInFloat64() throws {
        // Loss gradient at the logits, back through every layer, against differences of the loss itself.
        let model = try Model.build(input: [6, 2], layers: [.conv1d(filters: 3, kernel: 3, stride: 2, activation: .tanh),
                                                            .flatten, .dense(units: 4, activation: .softmax)], seed: 3)
        let network = Network<Double>(model)
        let x = ShapedArray<Double>(shape: [4, 6, 2], scalars: (0..<48).map { sin(Double($0) * 0.7) })
        let labels = [3, 0, 1, 3]
        func loss(_ net: Network<Double>) -> Double {
            var generator = SeededGenerator(seed: 0)
            let records = net.forward(x, training: false, generator: &generator, variant: .reference)
            return LossKernel.crossentropy(probabilities: records.last!.output.scalars, labels: labels, classes: 4).value
        }
        var generator = SeededGenerator(seed: 0)
        let records = network.forward(x, training: false, generator: &generator, variant: .reference)
        let fused = LossKernel.crossentropy(logits: records.last!.preActivation.scalars, labels: labels, classes: 4)
        let analytic = network.backward(records, gradient: ShapedArray(shape: [4, 4], scalars: fused.gradient),
                                        atPreActivation: true, variant: .reference)
        for layer in [0, 2] {
            for p in 0..<2 {
                for i in 0..<network.trainable[layer][p].count {
                    var up = network, down = network
                    up.trainable[layer][p].scalars[i] += 1e-6
                    down.trainable[layer][p].scalars[i] -= 1e-6
                    let numeric = (loss(up) - loss(down)) / 2e-6
                    let a = analytic.trainable[layer][p].scalars[i]
                    #expect(abs(numeric - a) <= 1e-8 + 1e-5 * abs(numeric), "layer \(layer) parameter \(p)[\(i)]")
                }
            }
        }
    }
}
