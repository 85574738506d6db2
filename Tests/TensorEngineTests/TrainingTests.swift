import Foundation
import Testing
@testable import TensorEngine

@Suite("Training: learning, determinism, stopping")
struct TrainingTests {
    @Test func smallNetworkRegressesASine() throws {
        let x = Tensor.linspace(0, 2 * .pi, count: 64)
        let inputs = Tensor(shape: [64, 1], scalars: x.scalars)
        let targets = Tensor(shape: [64, 1], scalars: x.scalars.map { sin($0) })
        var model = try Model.build(input: [1], layers: [.dense(units: 16, activation: .tanh),
                                                         .dense(units: 16, activation: .tanh), .dense(units: 1)], seed: 1)
        let history = try Trainer.fit(&model, inputs: inputs, targets: targets,
                                      options: TrainingOptions(epochs: 250, batchSize: 16,
                                                               optimizer: .adam(learningRate: 0.01), seed: 1))
        #expect(history.loss == .mse)
        let mse = Metrics.regression(outputs: try model.predict(inputs), targets: targets).mse
        #expect(mse < 0.02, "mse \(mse)")
        #expect(history.losses.count == 250 && history.accuracies.isEmpty)
        let evaluation = try model.evaluate(inputs: inputs, targets: targets)
        #expect(evaluation.lossKind == .mse && evaluation.classification == nil)
        #expect(abs(evaluation.loss - mse) < 1e-6 && evaluation.regression?.mse == mse)
    }

    @Test func xorIsSolved() throws {
        let inputs = Tensor(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1])
        let targets = Tensor(shape: [4, 1], scalars: [0, 1, 1, 0])
        var model = try Model.build(input: [2], layers: [.dense(units: 8, activation: .tanh),
                                                         .dense(units: 1, activation: .sigmoid)], seed: 3)
        let history = try Trainer.fit(&model, inputs: inputs, targets: targets,
                                      options: TrainingOptions(epochs: 300, batchSize: 4,
                                                               optimizer: .adam(learningRate: 0.05), seed: 2))
        #expect(history.loss == .binaryCrossentropy)
        #expect(Metrics.accuracy(outputs: try model.predict(inputs), labels: targets) == 1)
        #expect(history.accuracies.last == 1)
    }

    /// Noisy sine windows of 1, 3 or 6 cycles in 32 steps, random phase: class = frequency index.
    static func frequencyWindows(count: Int, seed: UInt64) -> (Tensor, Tensor) {
        var generator = SeededGenerator(seed: seed)
        var samples: [Float] = [], labels: [Float] = []
        let cycles: [Float] = [1, 3, 6]
        for index in 0..<count {
            let label = index % 3
            let phase = generator.nextUniform() * 2 * .pi
            for step in 0..<32 {
                samples.append(sin(2 * .pi * cycles[label] * Float(step) / 32 + phase) + 0.3 * generator.nextNormal())
            }
            labels.append(Float(label))
        }
        return (Tensor(shape: [count, 32, 1], scalars: samples), Tensor(labels))
    }

    @Test func smallConvNetClassifiesFrequencies() throws {
        let (train, trainLabels) = Self.frequencyWindows(count: 120, seed: 1)
        let (test, testLabels) = Self.frequencyWindows(count: 60, seed: 2)
        var model = try Model.build(input: [32, 1], layers: [
            .conv1d(filters: 6, kernel: 5, activation: .relu), .maxPool(2),
            .conv1d(filters: 8, kernel: 3, activation: .relu), .globalAveragePool,
            .dense(units: 3, activation: .softmax),
        ], seed: 4)
        var reports: [TrainingProgress] = []
        let history = try Trainer.fit(&model, inputs: train, targets: trainLabels,
                                      options: TrainingOptions(epochs: 40, batchSize: 16,
                                                               optimizer: .adam(learningRate: 0.02), seed: 5,
                                                               validation: (test, testLabels))) {
            reports.append($0)
            return .proceed
        }
        #expect(history.loss == .crossentropy)
        let accuracy = Metrics.accuracy(outputs: try model.predict(test), labels: testLabels)
        #expect(accuracy >= 0.95, "accuracy \(accuracy)")
        #expect(history.validationAccuracies.last == accuracy)
        #expect(reports.count == 40 * 8)
        #expect(reports.filter(\.isEndOfEpoch).count == 40)
        #expect(reports.last?.validationLoss == history.validationLosses.last)
        #expect(history.losses.last! < history.losses.first!)
        let evaluation = try model.evaluate(inputs: test, targets: testLabels)
        #expect(evaluation.lossKind == .crossentropy && evaluation.regression == nil)
        #expect(evaluation.classification?.accuracy == accuracy)
        #expect(evaluation.classification?.confusion.map { $0.reduce(0, +) } == [20, 20, 20])
        #expect(abs(evaluation.loss - history.validationLosses.last!) < 1e-9)
    }

    @Test func sameSeedGivesBitIdenticalWeightsAndLosses() throws {
        func train(seed: UInt64) throws -> (Model, TrainingHistory) {
            let (x, y) = Self.frequencyWindows(count: 24, seed: 7)
            var model = try Model.build(input: [32, 1], layers: [
                .conv1d(filters: 4, kernel: 3, stride: 2, activation: .relu), .batchNormalization,
                .flatten, .dropout(rate: 0.3), .dense(units: 3, activation: .softmax),
            ], seed: 8)
            let history = try Trainer.fit(&model, inputs: x, targets: y,
                                          options: TrainingOptions(epochs: 3, batchSize: 5,
                                                                   optimizer: .sgd(learningRate: 0.05, momentum: 0.9),
                                                                   seed: seed))
            return (model, history)
        }
        let (first, firstHistory) = try train(seed: 1)
        let (second, secondHistory) = try train(seed: 1)
        let bits = { (model: Model) in model.parameters.flatMap { ($0.trainable + $0.state).flatMap(\.scalars) }.map(\.bitPattern) }
        #expect(bits(first) == bits(second))
        #expect(firstHistory.losses.map(\.bitPattern) == secondHistory.losses.map(\.bitPattern))
        let (other, _) = try train(seed: 2)
        #expect(bits(other) != bits(first))
    }

    @Test func divergingLossStopsWithTheEpochAndBatch() throws {
        var generator = SeededGenerator(seed: 1)
        let x = Tensor.randn([32, 4], using: &generator).map { $0 * 100 }
        let y = Tensor.randn([32, 1], using: &generator)
        var model = try Model.build(input: [4], layers: [.dense(units: 8), .dense(units: 1)], seed: 1)
        let before = model
        do {
            _ = try Trainer.fit(&model, inputs: x, targets: y,
                                options: TrainingOptions(epochs: 50, batchSize: 8, optimizer: .sgd(learningRate: 1), seed: 1))
            Issue.record("expected the loss to diverge")
        } catch let TrainingError.nonFiniteLoss(epoch, batch, _) {
            #expect(epoch >= 1 && (1...4).contains(batch))
            #expect(TrainingError.nonFiniteLoss(epoch: 2, batch: 3, value: .infinity).description
                == "the loss became inf at epoch 2, batch 3; try a lower learning rate (or normalize the data)")
        }
        #expect(model != before)
    }

    @Test func theCallbackCanStopTrainingKeepingTheWeights() throws {
        let (x, y) = Self.frequencyWindows(count: 30, seed: 3)
        var model = try Model.build(input: [32], layers: [.dense(units: 3, activation: .softmax)], seed: 1)
        let initial = model
        var calls = 0
        let history = try Trainer.fit(&model, inputs: x, targets: y, options: TrainingOptions(epochs: 5, batchSize: 10)) { _ in
            calls += 1
            return calls == 4 ? .stop : .proceed
        }
        #expect(calls == 4)
        #expect(history.stoppedEarly && history.losses.count == 1)
        #expect(model != initial)
    }

    @Test func unusableDataIsAnError() throws {
        var model = try Model.build(input: [3], layers: [.dense(units: 2, activation: .softmax)], seed: 1)
        #expect(throws: TrainingError.model(.batchMismatch(expected: [3], got: [4]))) {
            try Trainer.fit(&model, inputs: Tensor.zeros([2, 4]), targets: Tensor([0, 1]), options: TrainingOptions())
        }
        #expect(throws: TrainingError.invalidOptions("2 samples but 3 targets")) {
            try Trainer.fit(&model, inputs: Tensor.zeros([2, 3]), targets: Tensor([0, 1, 1]), options: TrainingOptions())
        }
    }
}
