/// What `fit` was asked to do.
public struct TrainingOptions: Sendable {
    /// Passes over the data.
    public var epochs: Int
    /// Samples per gradient step; the last batch of an epoch may be smaller.
    public var batchSize: Int
    /// The update rule.
    public var optimizer: Optimizer
    /// The objective (`auto` is resolved from the model and the targets).
    public var loss: Loss
    /// Seeds the shuffling and dropout draws.
    public var seed: UInt64
    /// Data scored after every epoch (inference mode), or `nil`.
    public var validation: (inputs: Tensor, targets: Tensor)?

    /// Options with `fit`'s defaults.
    public init(epochs: Int = 10, batchSize: Int = 32, optimizer: Optimizer = .adam(), loss: Loss = .auto,
                seed: UInt64 = 0, validation: (inputs: Tensor, targets: Tensor)? = nil) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.loss = loss
        self.seed = seed
        self.validation = validation
    }
}

/// Where training is, reported after every batch.
public struct TrainingProgress: Sendable, Equatable {
    /// The epoch, from 1.
    public var epoch: Int
    /// Epochs in all.
    public var epochs: Int
    /// The batch within the epoch, from 1.
    public var batch: Int
    /// Batches per epoch.
    public var batches: Int
    /// The sample-weighted mean loss of this epoch's batches so far.
    public var loss: Double
    /// The fraction of this epoch's samples so far classified right (classification losses only).
    public var accuracy: Double?
    /// Whether this is the epoch's last batch (then validation scores are filled in, if asked for).
    public var isEndOfEpoch: Bool
    /// The validation loss after this epoch.
    public var validationLoss: Double?
    /// The validation accuracy after this epoch (classification losses only).
    public var validationAccuracy: Double?
}

/// The answer of a progress callback.
public enum TrainingDecision: Sendable, Equatable {
    /// Go on.
    case proceed
    /// Stop now, keeping the weights reached so far (e.g. on an interrupt).
    case stop
}

/// Per-epoch results of a training run.
public struct TrainingHistory: Sendable, Equatable {
    /// The loss that was trained on (never `auto`).
    public var loss: Loss
    /// The mean training loss of each completed epoch.
    public var losses: [Double] = []
    /// The training accuracy of each completed epoch (empty for regression).
    public var accuracies: [Double] = []
    /// The validation loss after each completed epoch (empty without validation data).
    public var validationLosses: [Double] = []
    /// The validation accuracy after each completed epoch.
    public var validationAccuracies: [Double] = []
    /// Whether the callback stopped training before the last epoch ended.
    public var stoppedEarly = false
}

/// Why training could not go on.
public enum TrainingError: Error, Sendable, Equatable {
    /// The data or targets do not fit the model.
    case model(ModelError)
    /// The options are unusable (no data, a batch size or epoch count below 1).
    case invalidOptions(String)
    /// The loss became NaN or infinite; the weights are those from before that batch.
    case nonFiniteLoss(epoch: Int, batch: Int, value: Double)
}

extension TrainingError: CustomStringConvertible {
    /// A one-line message with a suggestion.
    public var description: String {
        switch self {
        case let .model(error):
            error.description
        case let .invalidOptions(reason):
            reason
        case let .nonFiniteLoss(epoch, batch, value):
            "the loss became \(value) at epoch \(epoch), batch \(batch); try a lower learning rate"
                + " (or normalize the data)"
        }
    }
}

/// Deterministic mini-batch training.
///
/// Each epoch shuffles the sample order with ``SeededGenerator/shuffle(_:)`` from one generator
/// seeded with the options' seed, which then also draws the dropout masks, so the same seed gives
/// bit-identical weights and losses on every run. Single-threaded: a batch is one forward and
/// one backward pass with sums in a fixed order.
public enum Trainer {
    /// Trains `model` in place on `inputs` (`[n] + inputShape`, or samples with as many elements)
    /// against `targets` (`[n]` class indices, or `[n] + outputShape` values).
    ///
    /// `progress` is called after every batch and may stop training; weights reached so far are kept.
    /// - Throws: ``TrainingError`` for unusable data or options, or when the loss stops being finite.
    public static func fit(_ model: inout Model, inputs: Tensor, targets: Tensor, options: TrainingOptions,
                           progress: (TrainingProgress) -> TrainingDecision = { _ in .proceed })
        throws(TrainingError) -> TrainingHistory {
        let count = inputs.shape.first ?? 0
        guard count > 0 else { throw .invalidOptions("there are no samples to train on") }
        guard targets.shape.first == count else {
            throw .invalidOptions("\(count) samples but \(targets.shape.first ?? 0) targets")
        }
        guard options.batchSize >= 1 else { throw .invalidOptions("batch must be at least 1, got \(options.batchSize)") }
        guard options.epochs >= 0 else { throw .invalidOptions("epochs must not be negative, got \(options.epochs)") }
        let all: ShapedArray<Float>
        do { all = try model.inputBatch(inputs) } catch { throw .model(error) }
        let loss = options.loss.resolved(for: model, targets: targets)
        let classifies = loss == .crossentropy || loss == .binaryCrossentropy
        var history = TrainingHistory(loss: loss)
        var optimizer = OptimizerState(options.optimizer, for: model)
        var generator = SeededGenerator(seed: options.seed)
        let batches = (count + options.batchSize - 1) / options.batchSize
        var order = Array(0..<count)
        let sampleSize = Tensor.elementCount(of: model.inputShape)
        let targetSize = targets.count / count

        guard options.epochs > 0 else { return history }
        for epoch in 1...options.epochs {
            generator.shuffle(&order)
            var lossSum = 0.0, correct = 0, seen = 0
            for batch in 1...batches {
                let indices = Array(order[((batch - 1) * options.batchSize)..<min(batch * options.batchSize, count)])
                let x = Tensor(shape: [indices.count] + model.inputShape, scalars: Self.gather(all.scalars, indices, rowSize: sampleSize))
                let y = Tensor(shape: [indices.count] + targets.shape.dropFirst(),
                               scalars: Self.gather(targets.scalars, indices, rowSize: targetSize))
                let pass: ForwardPass
                let evaluation: LossEvaluation
                do {
                    pass = try model.forward(x, training: true, generator: &generator)
                    evaluation = try loss.evaluate(pass, targets: y, model: model)
                } catch {
                    throw .model(error)
                }
                guard evaluation.value.isFinite else {
                    throw .nonFiniteLoss(epoch: epoch, batch: batch, value: evaluation.value)
                }
                let gradients = model.backward(pass, gradient: evaluation.gradient, atPreActivation: evaluation.atLogits,
                                               variant: .fast, inputGradient: false)
                optimizer.apply(gradients, to: &model)
                model.updateMovingStatistics(from: pass)

                lossSum += evaluation.value * Double(indices.count)
                seen += indices.count
                if classifies { correct += Metrics.correctCount(outputs: pass.output, targets: y) }
                var report = TrainingProgress(epoch: epoch, epochs: options.epochs, batch: batch, batches: batches,
                                              loss: lossSum / Double(seen),
                                              accuracy: classifies ? Double(correct) / Double(seen) : nil,
                                              isEndOfEpoch: batch == batches)
                if batch == batches {
                    history.losses.append(report.loss)
                    if let accuracy = report.accuracy { history.accuracies.append(accuracy) }
                    if let validation = options.validation {
                        let score = try Self.score(model, validation.inputs, validation.targets, loss: loss)
                        report.validationLoss = score.loss
                        report.validationAccuracy = classifies ? score.accuracy : nil
                        history.validationLosses.append(score.loss)
                        if classifies { history.validationAccuracies.append(score.accuracy) }
                    }
                }
                if progress(report) == .stop {
                    history.stoppedEarly = !(batch == batches && epoch == options.epochs)
                    return history
                }
            }
        }
        return history
    }

    /// The loss and accuracy of `model` on data, in inference mode.
    private static func score(_ model: Model, _ inputs: Tensor, _ targets: Tensor,
                              loss: Loss) throws(TrainingError) -> (loss: Double, accuracy: Double) {
        do {
            let outputs = try model.predict(inputs)
            let value = try loss.value(outputs: outputs, targets: targets)
            let rows = max(outputs.shape.first ?? 0, 1)
            return (value, Double(Metrics.correctCount(outputs: outputs, targets: targets)) / Double(rows))
        } catch {
            throw .model(error)
        }
    }

    /// Rows `indices` of a row-major array of `rowSize`-element rows, in that order.
    private static func gather(_ scalars: [Float], _ indices: [Int], rowSize: Int) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(indices.count * rowSize)
        for index in indices { out += scalars[(index * rowSize)..<((index + 1) * rowSize)] }
        return out
    }
}
