import DataPipeline
import MoteSyntax
import RichDisplay
import TensorEngine

/// The arithmetic behind `threshold`, `detect`, `roc` and `auc`: scores against binary labels.
enum AnomalyScoring {
    /// Per row of `width` values, the mean of the squared differences.
    static func meanSquaredErrors(_ outputs: [Float], _ inputs: [Float], width: Int) -> [Float] {
        guard width > 0 else { return [] }
        return stride(from: 0, to: inputs.count, by: width).map { start in
            var total: Double = 0
            for i in start..<(start + width) {
                let difference = Double(outputs[i]) - Double(inputs[i])
                total += difference * difference
            }
            return Float(total / Double(width))
        }
    }

    /// NumPy's default (linear) quantile: position q·(n−1) in the sorted scores, interpolated.
    static func quantile(_ scores: [Double], _ q: Double) -> Double {
        let sorted = scores.sorted()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// The four outcomes of flagging scores strictly above a threshold.
    struct Counts: Equatable {
        var truePositives = 0, falsePositives = 0, trueNegatives = 0, falseNegatives = 0

        var precision: Double { ratio(truePositives, truePositives + falsePositives) }
        var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
        var falseAlarmRate: Double { ratio(falsePositives, falsePositives + trueNegatives) }
        var accuracy: Double { ratio(truePositives + trueNegatives, truePositives + falsePositives + trueNegatives + falseNegatives) }
        var f1: Double { precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0 }

        /// 0 when nothing was counted, as scikit-learn's `zero_division=0`.
        private func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
    }

    static func counts(_ scores: [Double], _ positives: [Bool], above limit: Double) -> Counts {
        var counts = Counts()
        for (score, positive) in zip(scores, positives) {
            switch (score > limit, positive) {
            case (true, true): counts.truePositives += 1
            case (true, false): counts.falsePositives += 1
            case (false, false): counts.trueNegatives += 1
            case (false, true): counts.falseNegatives += 1
            }
        }
        return counts
    }

    /// Points of the ROC curve from (0, 0) to (1, 1), one per distinct score, and the area under it.
    struct Curve: Equatable {
        var falsePositiveRates: [Double]
        var truePositiveRates: [Double]
        var area: Double
    }

    /// The curve over every distinct score, highest first. Tied scores move both rates in one
    /// step, so the trapezoid they make counts the tie as half, as the Mann–Whitney statistic does.
    static func curve(_ scores: [Double], _ positives: [Bool], at range: SourceRange) throws(Diagnostic) -> Curve {
        let positiveCount = positives.filter { $0 }.count, negativeCount = positives.count - positiveCount
        guard positiveCount > 0, negativeCount > 0 else {
            throw Diagnostic(.value, "a ROC curve needs both anomalies and normal samples; these labels have \(positiveCount) anomal\(positiveCount == 1 ? "y" : "ies") and \(negativeCount) normal",
                             at: range, hint: "score a test set that holds both kinds")
        }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var fpr = [0.0], tpr = [0.0]
        var truePositives = 0, falsePositives = 0, area = 0.0
        var index = 0
        while index < order.count {
            let score = scores[order[index]]
            while index < order.count, scores[order[index]] == score {
                if positives[order[index]] { truePositives += 1 } else { falsePositives += 1 }
                index += 1
            }
            let x = Double(falsePositives) / Double(negativeCount), y = Double(truePositives) / Double(positiveCount)
            area += (x - fpr.last!) * (y + tpr.last!) / 2
            fpr.append(x)
            tpr.append(y)
        }
        return Curve(falsePositiveRates: fpr, truePositiveRates: tpr, area: area)
    }

    static func chart(_ curve: Curve, marked: (fpr: Double, tpr: Double)?) -> Chart {
        var series = [Series(name: "ROC", x: curve.falsePositiveRates, y: curve.truePositiveRates),
                      Series(name: "chance", x: [0, 1], y: [0, 1])]
        if let marked { series.append(Series(name: "threshold", x: [marked.fpr, marked.fpr], y: [0, marked.tpr])) }
        return Chart(title: "ROC · AUC \(NumberText.string((curve.area * 1000).rounded() / 1000))",
                     xLabel: "false-positive rate (false alarms)", yLabel: "true-positive rate (recall)", content: .lines(series))
    }

    static func detectionTable(_ counts: Counts, threshold: Double) -> Table {
        func percent(_ value: Double) -> String { MetricsValue.percent(value) }
        return Table(title: "Detector at threshold \(NumberText.string(threshold)): precision \(percent(counts.precision)) · recall \(percent(counts.recall))",
                     columns: [.init("measure"), .init("value", alignment: .right)],
                     rows: [["precision (flagged that are anomalies)", percent(counts.precision)],
                            ["recall (anomalies flagged)", percent(counts.recall)],
                            ["F1", percent(counts.f1)],
                            ["accuracy", percent(counts.accuracy)],
                            ["false-alarm rate (normal flagged)", percent(counts.falseAlarmRate)],
                            ["anomalies flagged (true positives)", String(counts.truePositives)],
                            ["normal flagged (false positives)", String(counts.falsePositives)],
                            ["normal passed (true negatives)", String(counts.trueNegatives)],
                            ["anomalies missed (false negatives)", String(counts.falseNegatives)]])
    }

    // MARK: - Arguments

    /// The `scores` argument: a tensor or a list of numbers, at least one, all finite.
    static func scores(_ call: Call) throws(Diagnostic) -> [Double] {
        let values: [Double]
        switch call.value("scores") {
        case .tensor(let tensor): values = tensor.scalars.map(Double.init)
        case .list(let items):
            guard let numbers = Value.numbers(in: items) else { throw call.typeError("scores", expected: "a tensor or a list of numbers", got: .list(items)) }
            values = numbers
        case let other: throw call.typeError("scores", expected: "a tensor or a list of numbers", got: other)
        }
        guard !values.isEmpty else { throw Diagnostic(.value, "there are no scores", at: call.range(of: "scores")) }
        guard values.allSatisfy(\.isFinite) else {
            throw Diagnostic(.value, "the scores must be finite numbers; one is nan or infinite", at: call.range(of: "scores"))
        }
        return values
    }

    /// Which samples of `data` are anomalies: the class named by `positive`, or a 0/1 tensor or list.
    static func positives(_ call: Call, count: Int) throws(Diagnostic) -> [Bool] {
        let flags: [Bool]
        switch call.value("data") {
        case .dataset(let data):
            guard data.isClassification else {
                throw Diagnostic(.type, "the data must be labelled with classes (e.g. \"normal\" and \"anomaly\"), not regression targets", at: call.range(of: "data"))
            }
            let positive = try call.string("positive")
            guard let index = data.classNames.firstIndex(of: positive) else {
                throw Diagnostic(.value, "no class '\(positive)' in the data; its classes are \(data.classNames.map { "\"\($0)\"" }.joined(separator: ", "))",
                                 at: call.range(of: "positive"), hint: "name the anomalous class with positive:")
            }
            flags = data.classIndices.map { $0 == index }
        case .tensor(let tensor): flags = tensor.scalars.map { $0 != 0 }
        case .list(let items):
            guard let numbers = Value.numbers(in: items) else { throw call.typeError("data", expected: "a dataset or 0/1 labels", got: .list(items)) }
            flags = numbers.map { $0 != 0 }
        case let other: throw call.typeError("data", expected: "a labelled dataset, or 0/1 labels", got: other)
        }
        guard flags.count == count else {
            throw Diagnostic(.value, "\(count) scores but \(flags.count) labels", at: call.range(of: "data"),
                             hint: "score the same samples you label, e.g. reconstruction_error(ae, test) with test")
        }
        return flags
    }
}
