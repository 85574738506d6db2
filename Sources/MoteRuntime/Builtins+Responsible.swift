import DataPipeline
import MCUEmulator
import MoteSyntax
import RichDisplay
import TensorEngine

extension Builtins {
    /// Responsible deployment: model cards and drift checks.
    static let responsible: [Builtin] = [
        Builtin("model_card", category: .deployment, summary: "a model card filled in from the session: data, metrics, int8 drop, board, intended use",
                parameters: [
                    .required("model", "the trained float model"),
                    .required("data", "the labelled test data the card reports on"),
                    .optional("qmodel", "its int8 version, to report the accuracy drop and size", default: .none),
                    .optional("board", "the board it is meant for, to report fit, RAM and latency", default: .none),
                    .optional("intended_use", "who should use the model, for what, and what it is not for", default: .string("")),
                    .optional("limitations", "what the model is known not to handle", default: .string("")),
                ],
                returns: "table",
                doc: "Measures what it can rather than asking for it: the model's layers, parameters and MACs; where the test data came from and its class balance; float accuracy and the weakest class's recall; with a qmodel, int8 accuracy, the drop in points and the .tflite size; with a board, whether it fits, RAM, flash and latency. The intended use and limitations are yours to write. Every row is also under application/vnd.mote+json.",
                examples: ["model_card(wand, data: test, qmodel: q, board: nano33ble, intended_use: \"gesture commands for a hobby wand\")"]) { call throws(Diagnostic) in
            .table(try ModelCard.table(call))
        },
        Builtin("drift", category: .training, summary: "has the data shifted? per-channel statistics of two captures, with a verdict",
                parameters: [
                    .required("reference", "the data the model was trained on"),
                    .required("current", "newer data, e.g. a capture from the field"),
                    .optional("limit", "how far a channel's mean may move, in standard deviations of the reference, before it counts as drift",
                              default: .number(0.5)),
                ],
                returns: "table",
                doc: "For every channel (the last axis of a sample: an IMU axis, a feature), the mean and standard deviation over all samples and steps in both datasets, how far the mean moved in reference standard deviations, and the ratio of the spreads. A channel drifts when its mean moves more than limit, or its spread grows or shrinks by more than half. The title gives the verdict; with labelled data the caption compares the class balance too.",
                examples: ["drift(train, field)", "drift(train, field, limit: 1)"]) { call throws(Diagnostic) in
            .table(try DriftCheck.table(call))
        },
    ]
}

/// `model_card`: rows measured from the session.
enum ModelCard {
    static func table(_ call: Call) throws(Diagnostic) -> Table {
        let handle = try call.model("model")
        let data = try call.dataset("data")
        let model = handle.model
        var rows: [[String]] = [
            ["model", "\(handle.name): \(model.layers.count) layers, \(NumberText.grouped(model.parameterCount)) parameters, \(NumberText.grouped(model.macs)) MACs per inference"],
            ["input → output", "\(model.inputShape) → \(model.outputShape)"],
            ["evaluation data", "\(data.count) samples from \(data.source.isEmpty ? "the session" : data.source)"],
        ]
        if data.isClassification {
            rows.append(["class balance", zip(data.classNames, data.classCounts).map { "\($0) \($1)" }.joined(separator: ", ")])
        }
        let floatMetrics = try Fitting.evaluate(.float(handle), data, at: call.range(of: "data"))
        var floatAccuracy: Double?
        switch floatMetrics {
        case .classification(let scores, _, let classes):
            floatAccuracy = scores.accuracy
            rows.append(["float accuracy", MetricsValue.percent(scores.accuracy) + " (macro F1 \(MetricsValue.percent(scores.macroF1)))"])
            if let weakest = scores.recall.indices.min(by: { scores.recall[$0] < scores.recall[$1] }) {
                rows.append(["weakest class", "\(classes[weakest]): recall \(MetricsValue.percent(scores.recall[weakest]))"])
            }
        case .regression(let scores, _):
            rows.append(["float error", "MAE \(NumberText.string(scores.mae)), MSE \(NumberText.string(scores.mse))"])
        }
        switch call.value("qmodel") {
        case .none: rows.append(["int8", "not quantized"])
        case .qmodel(let quantized):
            let int8Metrics = try Fitting.evaluate(.int8(quantized), data, at: call.range(of: "qmodel"))
            switch int8Metrics {
            case .classification(let scores, _, _):
                let drop = ((floatAccuracy ?? scores.accuracy) - scores.accuracy) * 100
                rows.append(["int8 accuracy", MetricsValue.percent(scores.accuracy) + " (drop \(NumberText.string((drop * 10).rounded() / 10)) points)"])
            case .regression(let scores, _):
                rows.append(["int8 error", "MAE \(NumberText.string(scores.mae)), MSE \(NumberText.string(scores.mse))"])
            }
            if let bytes = try? quantized.tflite.get().count {
                rows.append(["int8 size", ByteText.string(bytes) + " (.tflite)"])
            }
            switch call.value("board") {
            case .none: rows.append(["target board", "not chosen"])
            case .board(let board):
                let report = Deployment.report(quantized.graph, on: board, modelBytes: try? quantized.tflite.get().count)
                let ram = ByteText.string(report.resources.ramBytes), flash = ByteText.string(report.resources.flashBytes)
                rows.append(["target board", "\(board.name) (\(board.mcu), \(board.core.displayName)): "
                             + (report.fits ? "fits" : "does NOT fit") + ", RAM \(ram), flash \(flash), latency \(Quantity(report.latency, .seconds).text)"])
            case let other: throw call.typeError("board", expected: "a board, e.g. nano33ble", got: other)
            }
        case let other: throw call.typeError("qmodel", expected: "a qmodel (from quantize)", got: other)
        }
        if call.has("board"), case .none = call.value("qmodel") {
            throw Diagnostic(.argument, "a board needs the int8 model: give qmodel: too", at: call.range(of: "board"))
        }
        let intended = try call.string("intended_use"), limitations = try call.string("limitations")
        rows.append(["intended use", intended.isEmpty ? "not stated: say who should use it, for what, and what not" : intended])
        rows.append(["limitations", limitations.isEmpty ? "not stated" : limitations])
        return Table(title: "Model card: \(handle.name)", columns: [.init("section"), .init("")], rows: rows,
                     caption: "Measured in this session; re-run the notebook to refresh it.")
    }
}

/// `drift`: per-channel statistics of two datasets.
enum DriftCheck {
    /// Mean and (population) standard deviation of every channel.
    static func statistics(_ samples: Tensor, channels: Int) -> [(mean: Double, std: Double)] {
        var sums = [Double](repeating: 0, count: channels), squares = [Double](repeating: 0, count: channels)
        for (index, value) in samples.scalars.enumerated() {
            sums[index % channels] += Double(value)
            squares[index % channels] += Double(value) * Double(value)
        }
        let rows = Double(max(1, samples.count / channels))
        return (0..<channels).map { channel in
            let mean = sums[channel] / rows
            return (mean, max(0, squares[channel] / rows - mean * mean).squareRoot())
        }
    }

    /// Whether a channel moved: its mean by more than `limit` reference deviations, or its spread by more than half.
    static func drifted(shift: Double, ratio: Double, limit: Double) -> Bool {
        abs(shift) > limit || ratio > 1.5 || ratio < 1 / 1.5
    }

    static func table(_ call: Call) throws(Diagnostic) -> Table {
        let reference = try call.dataset("reference"), current = try call.dataset("current")
        let limit = try call.number("limit")
        guard limit > 0 else { throw Diagnostic(.value, "limit must be positive, not \(NumberText.string(limit))", at: call.range(of: "limit")) }
        let channels = reference.sampleShape.last ?? 1
        guard (current.sampleShape.last ?? 1) == channels else {
            throw Diagnostic(.shape, "the reference has \(channels) channels per step, the current data \(current.sampleShape.last ?? 1)",
                             at: call.range(of: "current"), hint: "compare data of the same sensor and features")
        }
        let before = statistics(reference.samples, channels: channels), after = statistics(current.samples, channels: channels)
        let names = reference.channels.count == channels ? reference.channels : (0..<channels).map { "channel \($0)" }
        var drifting = 0
        let rows = (0..<channels).map { channel -> [String] in
            let spread = before[channel].std > 0 ? before[channel].std : 1
            let shift = (after[channel].mean - before[channel].mean) / spread
            let ratio = before[channel].std > 0 ? after[channel].std / before[channel].std : (after[channel].std > 0 ? .infinity : 1)
            let moved = drifted(shift: shift, ratio: ratio, limit: limit)
            if moved { drifting += 1 }
            return [names[channel], short(before[channel].mean), short(after[channel].mean), short(before[channel].std), short(after[channel].std),
                    short(shift), short(ratio), moved ? "drift" : "ok"]
        }
        let title = drifting == 0 ? "No drift: all \(channels) channels within limits"
                                  : "Drift in \(drifting) of \(channels) channel\(channels == 1 ? "" : "s"): retrain or recalibrate before trusting the model"
        var caption = "shift = change of the mean in reference standard deviations (limit \(NumberText.string(limit))); spread = current / reference standard deviation (limits 0.67 to 1.5)."
        if reference.isClassification, current.isClassification {
            func shares(_ data: Dataset) -> String {
                zip(data.classNames, data.classCounts).map { "\($0) \(MetricsValue.percent(Double($1) / Double(max(1, data.count))))" }.joined(separator: ", ")
            }
            caption += " Class balance: reference \(shares(reference)); current \(shares(current))."
        }
        return Table(title: title,
                     columns: [.init("channel"), .init("mean before", alignment: .right), .init("mean now", alignment: .right),
                               .init("std before", alignment: .right), .init("std now", alignment: .right),
                               .init("shift (σ)", alignment: .right), .init("spread", alignment: .right), .init("verdict")],
                     rows: rows, caption: caption)
    }

    private static func short(_ value: Double) -> String {
        guard value.isFinite else { return value > 0 ? "inf" : "-inf" }
        return NumberText.string((value * 1000).rounded() / 1000)
    }
}
