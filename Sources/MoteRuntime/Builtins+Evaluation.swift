import DataPipeline
import MoteSyntax
import RichDisplay
import TensorEngine

extension Builtins {
    /// Anomaly detection: autoencoder data, reconstruction error, thresholds and ROC.
    static let evaluation: [Builtin] = [
        Builtin("autoencoder_data", category: .training, summary: "a dataset whose targets are its own samples, to train an autoencoder",
                parameters: [.required("data", "the samples to reconstruct (their labels are set aside)")],
                returns: "dataset",
                doc: "A regression dataset with the same samples, each one flattened into its own target, so fit(model, autoencoder_data(normal), loss: mse) trains a model to reproduce its input. The model's output must have as many values as a sample.",
                examples: ["ae_train = autoencoder_data(normal)", "fit(ae, ae_train, epochs: 30, loss: mse)"]) { call throws(Diagnostic) in
            let data = try call.dataset("data")
            let width = Tensor.elementCount(of: data.sampleShape)
            let targets = Tensor(shape: [data.count, width], scalars: data.samples.scalars)
            return .dataset(try datasetResult(call) { () throws(DatasetError) in
                var result = try Dataset(samples: data.samples, labels: .targets(targets), rate: data.rate, channels: data.channels,
                                         source: "autoencoder_data(\(data.source))")
                result.normalization = data.normalization
                return result
            })
        },
        Builtin("reconstruction_error", category: .training, summary: "how badly a model reproduces each sample: an anomaly score",
                parameters: [.required("model", "an autoencoder, float or int8 (a qmodel)"), .required("data", "the samples to score")],
                returns: "tensor",
                doc: "Runs the model on every sample and returns, per sample, the mean squared difference between its output and the sample itself: a tensor of shape [count]. A model trained only on normal data reproduces normal samples well, so a large error flags an anomaly.",
                examples: ["errors = reconstruction_error(ae, test)", "plot(errors)"]) { call throws(Diagnostic) in
            let predictor = try call.predictor("model")
            let data = try call.dataset("data")
            let width = Tensor.elementCount(of: data.sampleShape)
            guard Tensor.elementCount(of: predictor.outputShape) == width else {
                throw Diagnostic(.shape, "the model gives \(Tensor.elementCount(of: predictor.outputShape)) values per sample, but a sample has \(width)",
                                 at: call.range(of: "model"), hint: "an autoencoder's last layer has as many units as a sample has values")
            }
            let outputs = try predictor.predict(data.samples, at: call.range(of: "data"))
            return .tensor(Tensor(AnomalyScoring.meanSquaredErrors(outputs.scalars, data.samples.scalars, width: width)))
        },
        Builtin("threshold", category: .training, summary: "a score above which a sample counts as anomalous",
                parameters: [.required("scores", "scores of normal samples (a tensor or a list of numbers)"),
                             .optional("quantile", "the share of normal scores that stay below the threshold", default: .number(0.99), shown: "99%")],
                returns: "number",
                doc: "The quantile of the scores, interpolated linearly between neighbours (NumPy's default). Computed on normal data, quantile: 99% flags about 1% of normal samples as false alarms; a lower quantile catches more anomalies and raises more false alarms.",
                examples: ["limit = threshold(reconstruction_error(ae, normal), quantile: 99%)"]) { call throws(Diagnostic) in
            let scores = try AnomalyScoring.scores(call)
            let quantile = try call.number("quantile")
            guard quantile >= 0, quantile <= 1 else {
                throw Diagnostic(.value, "quantile must be from 0 to 1 (e.g. 99%), not \(NumberText.string(quantile))", at: call.range(of: "quantile"))
            }
            return .number(AnomalyScoring.quantile(scores, quantile))
        },
        Builtin("detect", category: .training, summary: "score an anomaly detector at a threshold: precision, recall, false alarms",
                parameters: [.required("scores", "one anomaly score per sample"),
                             .required("data", "the labelled samples the scores belong to"),
                             .required("threshold", "scores above it are flagged as anomalies"),
                             .optional("positive", "the class that counts as an anomaly", default: .string("anomaly"))],
                returns: "table",
                doc: "Flags every sample whose score is above the threshold and compares with the labels: precision (of the flagged samples, the share that are anomalies), recall (of the anomalies, the share flagged), F1, accuracy, the false-alarm rate on normal samples and the four counts. The numbers are also under application/vnd.mote+json.",
                examples: ["detect(errors, test, threshold: limit)"]) { call throws(Diagnostic) in
            let scores = try AnomalyScoring.scores(call)
            let positives = try AnomalyScoring.positives(call, count: scores.count)
            let limit = try call.number("threshold")
            return .table(AnomalyScoring.detectionTable(AnomalyScoring.counts(scores, positives, above: limit), threshold: limit))
        },
        Builtin("roc", category: .training, summary: "the ROC curve of anomaly scores, with its area (AUC)",
                parameters: [.required("scores", "one anomaly score per sample"),
                             .required("data", "the labelled samples the scores belong to"),
                             .optional("positive", "the class that counts as an anomaly", default: .string("anomaly")),
                             .optional("threshold", "a threshold to mark on the curve", default: .none, keywordOnly: true)],
                returns: "chart",
                doc: "Sweeps the threshold over every score and draws the true-positive rate (recall) against the false-positive rate, with the diagonal of a coin toss. The title gives the area under the curve: 1 separates perfectly, 0.5 is chance. auc(scores, data) gives that number for asserts.",
                examples: ["roc(errors, test)", "roc(errors, test, threshold: limit)"]) { call throws(Diagnostic) in
            let scores = try AnomalyScoring.scores(call)
            let positives = try AnomalyScoring.positives(call, count: scores.count)
            let curve = try AnomalyScoring.curve(scores, positives, at: call.range(of: "data"))
            var marked: (fpr: Double, tpr: Double)?
            switch call.value("threshold") {
            case .none: break
            case .number(let limit):
                let counts = AnomalyScoring.counts(scores, positives, above: limit)
                marked = (counts.falseAlarmRate, counts.recall)
            case let other: throw call.typeError("threshold", expected: "a number", got: other)
            }
            return .chart(AnomalyScoring.chart(curve, marked: marked))
        },
        Builtin("auc", category: .training, summary: "the area under the ROC curve: 1 is perfect, 0.5 is chance",
                parameters: [.required("scores", "one anomaly score per sample"),
                             .required("data", "the labelled samples the scores belong to"),
                             .optional("positive", "the class that counts as an anomaly", default: .string("anomaly"))],
                returns: "number",
                doc: "The probability that a random anomaly scores higher than a random normal sample (ties count half): the area under roc(scores, data), independent of any threshold.",
                examples: ["assert auc(errors, test) >= 0.9"]) { call throws(Diagnostic) in
            let scores = try AnomalyScoring.scores(call)
            let positives = try AnomalyScoring.positives(call, count: scores.count)
            return .number(try AnomalyScoring.curve(scores, positives, at: call.range(of: "data")).area)
        },
    ]
}
