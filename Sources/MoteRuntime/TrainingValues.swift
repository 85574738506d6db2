import DataPipeline
import JSONValues
import RichDisplay
import TensorEngine

/// What `fit` returns: the per-epoch losses and accuracies (`LANGUAGE.md` §2 history).
public struct HistoryValue: Sendable, Equatable {
    public var history: TrainingHistory
    public var modelName: String

    /// The loss/accuracy curves, side by side; validation curves beside training ones.
    var chart: Chart {
        let epochs = (1...max(1, history.losses.count)).map(Double.init)
        func series(_ name: String, _ values: [Double]) -> Series { Series(name: name, x: Array(epochs.prefix(values.count)), y: values) }
        var lossSeries = [series("train", history.losses)]
        if !history.validationLosses.isEmpty { lossSeries.append(series("validation", history.validationLosses)) }
        var panels = [ChartPanel(title: "loss (\(history.loss.name))", xLabel: "epoch", yLabel: "loss", content: .lines(lossSeries))]
        if !history.accuracies.isEmpty {
            var accuracySeries = [series("train", history.accuracies)]
            if !history.validationAccuracies.isEmpty { accuracySeries.append(series("validation", history.validationAccuracies)) }
            panels.append(ChartPanel(title: "accuracy", xLabel: "epoch", yLabel: "accuracy", content: .lines(accuracySeries)))
        }
        return Chart(title: "Training \(modelName)", panels: panels)
    }

    var text: String {
        guard let last = history.losses.last else { return "history of \(modelName): no epochs" }
        var text = "history of \(modelName): \(history.losses.count) epoch\(history.losses.count == 1 ? "" : "s"), final loss \(NumberText.string(last))"
        if let accuracy = history.accuracies.last { text += ", accuracy \(NumberText.string(accuracy))" }
        if let loss = history.validationLosses.last { text += ", validation loss \(NumberText.string(loss))" }
        if let accuracy = history.validationAccuracies.last { text += ", validation accuracy \(NumberText.string(accuracy))" }
        return text
    }

    var json: JSON {
        func numbers(_ values: [Double]) -> JSON { .array(values.map(JSON.number)) }
        return [
            "epochs": .number(Double(history.losses.count)), "loss": numbers(history.losses), "accuracy": numbers(history.accuracies),
            "val_loss": numbers(history.validationLosses), "val_accuracy": numbers(history.validationAccuracies),
            "loss_function": .string(history.loss.name),
        ]
    }
}

/// What `evaluate` returns: scores of a model on labelled data.
public enum MetricsValue: Sendable, Equatable {
    case classification(ClassificationMetrics, loss: Double, classes: [String])
    case regression(RegressionMetrics, loss: Double)

    var loss: Double {
        switch self {
        case .classification(_, let loss, _), .regression(_, let loss): loss
        }
    }

    var table: Table {
        switch self {
        case .classification(let metrics, let loss, let classes):
            let rows = classes.indices.map { index in
                [classes[index], Self.percent(metrics.precision[index]), Self.percent(metrics.recall[index]), Self.percent(metrics.f1[index]),
                 String(metrics.confusion[index].reduce(0, +))]
            }
            return Table(title: "Accuracy \(Self.percent(metrics.accuracy)) · loss \(NumberText.string(loss))",
                         columns: [.init("class"), .init("precision", alignment: .right), .init("recall", alignment: .right),
                                   .init("F1", alignment: .right), .init("samples", alignment: .right)],
                         rows: rows,
                         footer: [["macro average", Self.percent(metrics.macroPrecision), Self.percent(metrics.macroRecall),
                                   Self.percent(metrics.macroF1), String(metrics.confusion.reduce(0) { $0 + $1.reduce(0, +) })]],
                         caption: "plot(metrics) draws the confusion matrix.")
        case .regression(let metrics, let loss):
            return Table(title: "Regression · loss \(NumberText.string(loss))", columns: [.init("metric"), .init("value", alignment: .right)],
                         rows: [["mean absolute error (mae)", NumberText.string(metrics.mae)], ["mean squared error (mse)", NumberText.string(metrics.mse)]])
        }
    }

    /// The confusion matrix as an annotated heat map (rows: true class, columns: predicted).
    var confusionChart: Chart? {
        guard case .classification(let metrics, _, let classes) = self else { return nil }
        return Chart(title: "Confusion matrix", xLabel: "predicted", yLabel: "true",
                     content: .heatmap(matrix: metrics.confusion.map { $0.map(Double.init) }, rowLabels: classes, columnLabels: classes,
                                       annotate: classes.count <= 20))
    }

    var json: JSON {
        switch self {
        case .classification(let metrics, let loss, let classes):
            return [
                "accuracy": .number(metrics.accuracy), "loss": .number(loss), "precision": .number(metrics.macroPrecision),
                "recall": .number(metrics.macroRecall), "f1": .number(metrics.macroF1),
                "confusion": .array(metrics.confusion.map { .array($0.map { .number(Double($0)) }) }),
                "classes": .array(classes.map(JSON.string)),
                "per_class": .object(Dictionary(uniqueKeysWithValues: classes.indices.map { index in
                    (classes[index], ["precision": .number(metrics.precision[index]), "recall": .number(metrics.recall[index]),
                                      "f1": .number(metrics.f1[index])] as JSON)
                })),
            ]
        case .regression(let metrics, let loss):
            return ["loss": .number(loss), "mae": .number(metrics.mae), "mse": .number(metrics.mse)]
        }
    }

    static func percent(_ value: Double) -> String { NumberText.string((value * 1000).rounded() / 10) + "%" }
}

/// The live progress of `fit`: one line per finished epoch, and the epoch in progress with a bar.
struct TrainingProgressView {
    var modelName: String
    var finished: [String] = []
    var current: String?

    /// No clock readings: the saved notebook must be the same on every run.
    mutating func update(_ report: TrainingProgress) {
        var metrics = "loss \(NumberText.string(Self.rounded(report.loss)))"
        if let accuracy = report.accuracy { metrics += "  accuracy \(NumberText.string(Self.rounded(accuracy)))" }
        if let loss = report.validationLoss { metrics += "  val_loss \(NumberText.string(Self.rounded(loss)))" }
        if let accuracy = report.validationAccuracy { metrics += "  val_accuracy \(NumberText.string(Self.rounded(accuracy)))" }
        let epoch = "epoch \(report.epoch)/\(report.epochs)"
        if report.isEndOfEpoch {
            finished.append("\(epoch)  \(metrics)")
            current = nil
        } else {
            let filled = Int((Double(report.batch) / Double(report.batches) * 20).rounded(.down))
            current = "\(epoch) [\(String(repeating: "=", count: filled))\(String(repeating: " ", count: 20 - filled))] batch \(report.batch)/\(report.batches)  \(metrics)"
        }
    }

    /// Plain text (finished epochs, then the live line) and an HTML twin with a progress bar.
    func bundle(done: Bool) -> MimeBundle {
        var lines = ["Training \(modelName)"] + finished
        if let current { lines.append(current) }
        if done { lines.append("done") }
        let text = lines.joined(separator: "\n")
        // The notebook shows the last epochs; the plain text (logs, terminals) keeps them all.
        let shown = finished.suffix(8)
        let earlier = finished.count > shown.count ? ["… \(finished.count - shown.count) earlier epochs"] : []
        let escaped = (earlier + shown).map(Self.escape).joined(separator: "<br>")
        let live = current.map { "<div><b>\(Self.escape($0))</b></div>" } ?? ""
        let html = "<div style=\"font-family:monospace;font-size:12px;line-height:1.4\"><div><b>Training \(Self.escape(modelName))</b>\(done ? " — done" : "")</div>\(escaped.isEmpty ? "" : "<div>\(escaped)</div>")\(live)</div>"
        return MimeBundle(data: [MimeType.plainText: .string(text), MimeType.html: .string(html)])
    }

    private static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// Optimizers written back as calls: `adam(lr: 0.005)`.
enum OptimizerText {
    static func text(_ optimizer: Optimizer) -> String {
        switch optimizer {
        case let .sgd(lr, momentum):
            "sgd(lr: \(NumberText.string(Double(lr)))\(momentum == 0 ? "" : ", momentum: \(NumberText.string(Double(momentum)))"))"
        case let .adam(lr): "adam(lr: \(NumberText.string(Double(lr))))"
        }
    }
}
