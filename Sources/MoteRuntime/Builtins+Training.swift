import DataPipeline
import Foundation
import MoteSyntax
import RichDisplay
import TensorEngine

extension Builtins {
    /// Training and evaluation (`LANGUAGE.md` §5).
    static let training: [Builtin] = [
        Builtin("sgd", category: .training, summary: "stochastic gradient descent, with optional momentum",
                parameters: [.optional("lr", "the learning rate", default: .number(0.01)),
                             .optional("momentum", "how much of the last step carries over (0 to 1)", default: .number(0))],
                returns: "optimizer",
                doc: "Each batch moves the weights against the gradient, scaled by lr; momentum keeps part of the last step, smoothing the path.",
                examples: ["fit(m, train, optimizer: sgd(lr: 0.1, momentum: 0.9))"]) { call throws(Diagnostic) in
            let lr = try learningRate(call)
            let momentum = try call.number("momentum")
            guard momentum >= 0, momentum < 1 else {
                throw Diagnostic(.value, "momentum must be at least 0 and below 1, not \(NumberText.string(momentum))", at: call.range(of: "momentum"))
            }
            return .optimizer(.sgd(learningRate: lr, momentum: Float(momentum)))
        },
        Builtin("adam", category: .training, summary: "the Adam optimizer: a good default",
                parameters: [.optional("lr", "the learning rate", default: .number(0.001))],
                returns: "optimizer",
                doc: "Adapts the step of every weight from running averages of its gradients (β₁ 0.9, β₂ 0.999, ε 1e-7, as Keras). If the loss jumps about or becomes nan, lower lr.",
                examples: ["fit(m, train, optimizer: adam(lr: 0.005))"]) { call throws(Diagnostic) in
            .optimizer(.adam(learningRate: try learningRate(call)))
        },
        Builtin("fit", category: .training, summary: "train a model on a dataset, showing progress",
                parameters: [
                    .required("model", "the model to train (in place)"),
                    .required("data", "the training dataset"),
                    .optional("epochs", "passes over the data", default: .number(10)),
                    .optional("batch", "samples per step", default: .number(32)),
                    .optional("optimizer", "sgd(...) or adam(...)", default: .none, shown: "adam()"),
                    .optional("loss", "mse, crossentropy, binary_crossentropy or auto (chosen from the model and labels)",
                              default: .string("auto"), shown: "auto"),
                    .optional("validation", "a dataset, or a fraction of data held out, scored after every epoch", default: .none),
                    .optional("seed", "the seed of the shuffling and dropout", default: .number(0), keywordOnly: true),
                ],
                returns: "history",
                doc: "Trains the model in place and returns its history (plot(history) draws the curves). Shows a live progress line; interrupting keeps the weights reached so far. The same seed gives the same weights on every run.",
                examples: ["history = fit(wand, train, epochs: 20, batch: 32, optimizer: adam(lr: 0.005), seed: 1)",
                           "fit(m, data, validation: 20%)"]) { call throws(Diagnostic) in
            try Fitting.fit(call)
        },
        Builtin("evaluate", category: .training, summary: "score a model on labelled data",
                parameters: [.required("model", "the model, float or int8 (a qmodel)"), .required("data", "a labelled dataset")], returns: "metrics",
                doc: "Loss and accuracy, per-class precision, recall and F1 with their macro averages, and the confusion matrix (plot(metrics) draws it); MAE and MSE for regression. A qmodel runs the int8 kernels on quantized inputs and is scored on its dequantized outputs.",
                examples: ["metrics = evaluate(wand, test)", "metrics.accuracy", "evaluate(q, test)"]) { call throws(Diagnostic) in
            .metrics(try Fitting.evaluate(try call.predictor("model"), try call.dataset("data"), at: call.range(of: "data")))
        },
        Builtin("accuracy", category: .training, summary: "the share of samples a model classifies right",
                parameters: [.required("model", "the model, float or int8 (a qmodel)"), .required("data", "a labelled classification dataset")], returns: "number",
                doc: "A number from 0 to 1: how many samples of data the model puts in their class. Graded notebooks check it with assert. A qmodel runs the int8 kernels.",
                examples: ["assert accuracy(wand, test) >= 0.9", "assert accuracy(q, test) >= 0.9"]) { call throws(Diagnostic) in
            let metrics = try Fitting.evaluate(try call.predictor("model"), try call.dataset("data"), at: call.range(of: "data"))
            guard case .classification(let scores, _, _) = metrics else {
                throw Diagnostic(.type, "accuracy needs classification data; this dataset has regression targets", at: call.range(of: "data"),
                                 hint: "use evaluate(model, data) for mae and mse")
            }
            return .number(scores.accuracy)
        },
    ]

    private static func learningRate(_ call: Call) throws(Diagnostic) -> Float {
        let lr = try call.number("lr")
        guard lr > 0, lr.isFinite else {
            throw Diagnostic(.value, "the learning rate must be positive, not \(NumberText.string(lr))", at: call.range(of: "lr"))
        }
        return Float(lr)
    }
}

/// `fit` and `evaluate`: data to tensors, the progress display, interrupts and errors.
enum Fitting {
    static func fit(_ call: Call) throws(Diagnostic) -> Value {
        let handle = try call.model("model")
        let data = try call.dataset("data")
        let epochs = try call.integer("epochs", minimum: 1)
        let batch = try call.integer("batch", minimum: 1)
        let optimizer: Optimizer
        switch call.value("optimizer") {
        case .none: optimizer = .adam()
        case .optimizer(let chosen): optimizer = chosen
        case let other: throw call.typeError("optimizer", expected: "sgd(...) or adam(...)", got: other)
        }
        let loss = try lossFunction(call)
        let seed = try call.seed()
        var train = data
        var validation: Dataset?
        switch call.value("validation") {
        case .none: break
        case .dataset(let held): validation = held
        case .number(let fraction):
            guard fraction > 0, fraction < 1 else {
                throw Diagnostic(.value, "validation must be a dataset or a fraction between 0 and 1 (e.g. 20%), not \(NumberText.string(fraction))",
                                 at: call.range(of: "validation"))
            }
            do { (train, validation) = try data.split(1 - fraction, seed: seed) } catch {
                throw Diagnostic(.value, error.description, at: call.range(of: "validation"))
            }
        case let other: throw call.typeError("validation", expected: "a dataset or a fraction such as 20%", got: other)
        }
        // Samples that cannot feed the model fail here, before a progress display appears.
        let before = handle.model
        guard Tensor.elementCount(of: data.sampleShape) == Tensor.elementCount(of: before.inputShape) else {
            throw ModelBuilder.diagnostic(.batchMismatch(expected: before.inputShape, got: data.sampleShape), at: call.range(of: "data"))
        }
        var options = TrainingOptions(epochs: epochs, batchSize: batch, optimizer: optimizer, loss: loss, seed: seed)
        if let validation { options.validation = (validation.samples, targets(validation)) }

        let displayID = call.session.nextDisplayID(prefix: "fit")
        var view = TrainingProgressView(modelName: handle.name)
        call.session.output?.display(view.bundle(done: false), id: displayID, update: false)
        var lastShown = ContinuousClock.now
        let interruption = call.interruption
        var model = before
        let outcome: Result<TrainingHistory, TrainingError>
        do {
            outcome = .success(try Trainer.fit(&model, inputs: train.samples, targets: targets(train), options: options) { report in
                let now = ContinuousClock.now
                view.update(report)
                // Redraw at most ten times a second, and at every epoch's end.
                if report.isEndOfEpoch || now - lastShown >= .milliseconds(100) {
                    lastShown = now
                    call.session.output?.display(view.bundle(done: false), id: displayID, update: true)
                }
                return interruption.isRequested ? .stop : .proceed
            })
        } catch {
            outcome = .failure(error)
        }
        // The weights reached are kept whatever happened: finished, interrupted or failed.
        handle.model = model
        call.session.output?.display(view.bundle(done: true), id: displayID, update: true)
        switch outcome {
        case .success(let history):
            try interruption.check(at: call.range)
            return .history(HistoryValue(history: history, modelName: handle.name))
        case .failure(let error):
            throw diagnostic(error, at: call.range)
        }
    }

    static func evaluate(_ predictor: Predictor, _ data: Dataset, at range: SourceRange) throws(Diagnostic) -> MetricsValue {
        let labels = targets(data)
        let outputs = try predictor.predict(data.samples, at: range)
        do throws(ModelError) {
            let loss = Loss.auto.resolved(finalActivation: predictor.finalActivation, outputShape: predictor.outputShape,
                                          integerLabels: Loss.areClassIndices(labels))
            let value = try loss.value(outputs: outputs, targets: labels)
            guard data.isClassification else {
                return .regression(Metrics.regression(outputs: outputs, targets: labels), loss: value)
            }
            let predicted = Metrics.predictedClasses(outputs)
            let classes = max(data.classNames.count, (predicted.max() ?? 0) + 1)
            let names = data.classNames + (data.classNames.count..<classes).map { "class \($0)" }
            return .classification(Metrics.classification(predicted: predicted, labels: data.classIndices, classes: classes),
                                   loss: value, classes: names)
        } catch {
            throw ModelBuilder.diagnostic(error, at: range)
        }
    }

    /// The labels as the trainer takes them: class indices `[n]`, or the regression targets.
    static func targets(_ data: Dataset) -> Tensor {
        switch data.labels {
        case .classes(let indices): Tensor(indices.map(Float.init))
        case .targets(let targets): targets
        }
    }

    private static func lossFunction(_ call: Call) throws(Diagnostic) -> Loss {
        if case .string(let name) = call.value("loss"), let loss = Loss.allCases.first(where: { $0.name == name }) { return loss }
        throw Diagnostic(.type, "loss must be one of \(Loss.allCases.map(\.name).joined(separator: ", "))", at: call.range(of: "loss"),
                         hint: "e.g. loss: crossentropy")
    }

    private static func diagnostic(_ error: TrainingError, at range: SourceRange) -> Diagnostic {
        switch error {
        case .model(let model): ModelBuilder.diagnostic(model, at: range)
        case .invalidOptions(let reason): Diagnostic(.value, reason, at: range)
        case .nonFiniteLoss: Diagnostic(.value, error.description, at: range,
                                        hint: "the weights from before that batch are kept; e.g. optimizer: adam(lr: 0.0001)")
        }
    }
}
