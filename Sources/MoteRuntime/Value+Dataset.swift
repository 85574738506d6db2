import DataPipeline
import JSONValues
import RichDisplay
import TensorEngine

/// How datasets and their samples read: a summary table with class balance, and a sample's
/// waveforms over time.
enum DatasetDisplay {
    /// "480 samples of shape [100, 6] at 50 Hz (2 s each)"
    static func headline(_ data: Dataset) -> String {
        var text = "\(data.count) sample\(data.count == 1 ? "" : "s") of shape \(data.sampleShape)"
        if let rate = data.rate { text += " at \(Quantity(rate, .hertz).text)" }
        if let duration = data.sampleDuration { text += " (\(Quantity(duration, .seconds).text) each)" }
        return text
    }

    /// The summary: one row per class with its count and share (a bar that reads in plain text
    /// too), or the range of the targets for regression data.
    static func table(_ data: Dataset) -> Table {
        let title = "Dataset: " + headline(data)
        guard data.isClassification else {
            guard case .targets(let targets) = data.labels else { preconditionFailure("regression data has targets") }
            let low = (try? targets.min()).map { NumberText.string(Double($0)) } ?? "–"
            let high = (try? targets.max()).map { NumberText.string(Double($0)) } ?? "–"
            return Table(title: title, columns: [.init("targets"), .init("shape"), .init("range", alignment: .right)],
                         rows: [["regression", "\(Array(targets.shape.dropFirst()))", "\(low) … \(high)"]],
                         caption: data.source.isEmpty ? nil : "from \(data.source)")
        }
        let counts = data.classCounts
        let largest = max(1, counts.max() ?? 1)
        let rows = zip(data.classNames, counts).map { name, count -> [String] in
            let share = data.count == 0 ? 0 : Double(count) / Double(data.count)
            let bar = String(repeating: "█", count: Int((Double(count) / Double(largest) * 20).rounded()))
            return [name, String(count), bar, NumberText.string((share * 1000).rounded() / 10) + "%"]
        }
        var notes = [String]()
        if let smallest = counts.min(), smallest > 0, Double(largest) / Double(smallest) >= 1.5,
           let big = counts.firstIndex(of: largest), let small = counts.firstIndex(of: smallest) {
            notes.append("Imbalanced: '\(data.classNames[big])' has \(NumberText.string((Double(largest) / Double(smallest) * 10).rounded() / 10))× the samples of '\(data.classNames[small])'; accuracy alone can mislead.")
        } else if counts.contains(0) {
            notes.append("Some classes have no samples.")
        }
        if !data.source.isEmpty { notes.append("From \(data.source).") }
        return Table(title: title,
                     columns: [.init("class"), .init("samples", alignment: .right), .init("balance"), .init("share", alignment: .right)],
                     rows: rows, footer: [["total", String(data.count), "", ""]],
                     caption: notes.isEmpty ? nil : notes.joined(separator: " "))
    }

    static func json(_ data: Dataset) -> JSON {
        var object: [String: JSON] = [
            "count": .number(Double(data.count)),
            "shape": .array(data.sampleShape.map { .number(Double($0)) }),
            "classes": .array(data.classNames.map(JSON.string)),
            "class_counts": .array(data.classCounts.map { .number(Double($0)) }),
        ]
        object["rate"] = data.rate.map(JSON.number) ?? .null
        return .object(object)
    }

    static func text(_ sample: Sample) -> String {
        var text = "sample"
        if let label = sample.label { text += " '\(label)'" }
        text += " of shape \(sample.values.shape)"
        if let target = sample.target { text += ", target \(target.formatted())" }
        return text
    }

    /// A `melspec` or `mfcc` sample draws as a spectrogram (time across, bins up); a time series as
    /// one line per channel over time; another 2-D sample (an image) as a heat map; anything
    /// smaller has no chart.
    static func chart(_ sample: Sample) -> Chart? {
        let values = sample.values
        let title = sample.label.map { "sample: \($0)" } ?? "sample"
        if let axis = sample.featureAxis {
            let bins = values.shape[1]
            let frames = (0..<values.shape[0]).map { f in (0..<bins).map { Double(values.scalars[f * bins + $0]) } }
            return Chart.spectrogram(title: title, frames: frames, frameRate: sample.rate, binName: axis)
        }
        switch values.rank {
        case 1 where values.count > 1:
            let step = sample.rate.map { 1 / $0 } ?? 1
            let series = Series(name: sample.channels.first, x: (0..<values.count).map { Double($0) * step },
                                y: values.scalars.map(Double.init))
            return Chart(title: title, xLabel: sample.rate == nil ? "step" : "time (s)", content: .lines([series]))
        case 2 where sample.rate != nil && values.shape[1] <= 16:
            let (steps, channels) = (values.shape[0], values.shape[1])
            let times = (0..<steps).map { Double($0) / sample.rate! }
            let series = (0..<channels).map { channel in
                Series(name: channel < sample.channels.count ? sample.channels[channel] : "channel \(channel)", x: times,
                       y: (0..<steps).map { Double(values.scalars[$0 * channels + channel]) })
            }
            return Chart(title: title, xLabel: "time (s)", content: .lines(series))
        case 2:
            let (rows, columns) = (values.shape[0], values.shape[1])
            let matrix = (0..<rows).map { r in (0..<columns).map { Double(values.scalars[r * columns + $0]) } }
            return Chart(title: title, content: .heatmap(matrix: matrix, rowLabels: nil, columnLabels: nil, annotate: false))
        default:
            return nil
        }
    }

    /// The bar chart of how many samples each class has.
    static func balanceChart(_ data: Dataset) -> Chart {
        Chart(title: "samples per class", xLabel: "samples",
              content: .bars(labels: data.classNames, values: data.classCounts.map(Double.init)))
    }
}
