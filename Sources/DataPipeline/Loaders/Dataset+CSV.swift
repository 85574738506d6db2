import Foundation
import TensorEngine

extension Dataset {
    /// The class name given to every sample of a CSV file loaded without a label column.
    public static let unlabelledClass = "unlabelled"

    /// A dataset from a CSV file with a header row.
    ///
    /// Every column except `label` and a time column must be numeric; those columns become the
    /// channels, in file order, with their names kept. `label` names a column of class names
    /// (strings or numbers, sorted numerically when all are numbers); without it every sample
    /// is in the one class "unlabelled". Without `window` each row is a sample `[channels]`.
    /// With `window` the rows are a time series cut into sliding windows of `window` rows every
    /// `stride` rows (default: `window`), samples `[window, channels]`; a window whose rows
    /// disagree on the label is skipped (see `csvReport`), and classes no window kept are dropped.
    /// A time column is never a channel; with `window` it gives the rate, (rows − 1) over the time
    /// from the first row to the last: "time", "timestamp" or "time_s" in seconds, "time_ms" or
    /// "timestamp_ms" in milliseconds.
    /// - Throws: `LoadError` naming the file and the fault (empty file, ragged row, non-numeric
    ///   cell, missing label column, bad window).
    public static func csv(at url: URL, label: String?, window: Int?, stride: Int?) throws(LoadError) -> Dataset {
        try csvReport(at: url, label: label, window: window, stride: stride).dataset
    }

    /// `csv(at:label:window:stride:)` with the number of windows skipped because their rows
    /// carried more than one label.
    public static func csvReport(at url: URL, label: String?, window: Int?,
                                 stride: Int?) throws(LoadError) -> (dataset: Dataset, skippedWindows: Int) {
        let data = try LoadError.contents(of: url)
        guard let text = String(data: data, encoding: .utf8) else { throw LoadError(url, "is not UTF-8 text") }
        let table = try CSVTable(text, url: url)
        guard !table.rows.isEmpty else { throw LoadError(url, "has a header but no data rows") }

        var labelIndex: Int?
        if let label {
            guard let index = table.header.firstIndex(of: label) else {
                throw LoadError(url, "no label column \"\(label)\"; the columns are \(table.header.joined(separator: ", "))")
            }
            labelIndex = index
        }
        let timeColumns: [String: Double] = ["time": 1, "timestamp": 1, "time_s": 1, "time_ms": 0.001, "timestamp_ms": 0.001]
        let timeIndex = table.header.indices.first { $0 != labelIndex && timeColumns[table.header[$0].lowercased()] != nil }
        let channelIndices = table.header.indices.filter { $0 != labelIndex && $0 != timeIndex }
        guard !channelIndices.isEmpty else { throw LoadError(url, "has no numeric columns besides the label and time") }

        var values = [Float]()
        values.reserveCapacity(table.rows.count * channelIndices.count)
        var times = [Double]()
        for row in table.rows {
            for column in channelIndices {
                guard let value = Float(row.cells[column]) else {
                    throw LoadError(url, "line \(row.line), column \"\(table.header[column])\": \"\(row.cells[column])\" is not a number")
                }
                values.append(value)
            }
            if let timeIndex {
                guard let time = Double(row.cells[timeIndex]) else {
                    throw LoadError(url, "line \(row.line), column \"\(table.header[timeIndex])\": \"\(row.cells[timeIndex])\" is not a number")
                }
                times.append(time * timeColumns[table.header[timeIndex].lowercased()]!)
            }
        }
        let rowLabels = labelIndex.map { index in table.rows.map { $0.cells[index] } } ?? []
        let classNames = rowLabels.isEmpty ? [unlabelledClass] : sortedClassNames(Set(rowLabels))
        let classOf = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        let rowClasses = rowLabels.isEmpty ? [Int](repeating: 0, count: table.rows.count) : rowLabels.map { classOf[$0]! }
        let channels = channelIndices.map { table.header[$0] }
        let width = channels.count

        guard let window else {
            let samples = Tensor(shape: [table.rows.count, width], scalars: values)
            return (try make(url, samples, rowClasses, classNames, rate: nil, channels: channels), 0)
        }
        let step = stride ?? window
        guard window > 0 else { throw LoadError(url, "the window must be at least 1 row, not \(window)") }
        guard step > 0 else { throw LoadError(url, "the stride must be at least 1 row, not \(step)") }
        guard window <= table.rows.count else {
            throw LoadError(url, "the window of \(window) rows is longer than the \(table.rows.count) rows in the file")
        }
        var windowed = [Float](), windowClasses = [Int](), skipped = 0
        for start in Swift.stride(from: 0, through: table.rows.count - window, by: step) {
            let klass = rowClasses[start]
            guard rowClasses[start..<(start + window)].allSatisfy({ $0 == klass }) else { skipped += 1; continue }
            windowed.append(contentsOf: values[(start * width)..<((start + window) * width)])
            windowClasses.append(klass)
        }
        guard !windowClasses.isEmpty else {
            throw LoadError(url, "every window of \(window) rows mixes labels, so no window could be labelled")
        }
        let usedClasses = classNames.indices.filter { windowClasses.contains($0) }
        let remap = Dictionary(uniqueKeysWithValues: usedClasses.enumerated().map { ($1, $0) })
        let samples = Tensor(shape: [windowClasses.count, window, width], scalars: windowed)
        let dataset = try make(url, samples, windowClasses.map { remap[$0]! }, usedClasses.map { classNames[$0] },
                               rate: try rate(of: times, url: url), channels: channels)
        return (dataset, skipped)
    }

    /// Class names in a stable order: numerically when every name is a number, else by text.
    private static func sortedClassNames(_ names: Set<String>) -> [String] {
        let numbers = names.compactMap { name in Double(name).map { (name, $0) } }
        if numbers.count == names.count { return numbers.sorted { $0.1 < $1.1 }.map(\.0) }
        return names.sorted()
    }

    /// Rows per second from a time column: (rows − 1) over the time from the first to the last.
    private static func rate(of times: [Double], url: URL) throws(LoadError) -> Double? {
        guard times.count >= 2, let first = times.first, let last = times.last else { return nil }
        guard last > first else { throw LoadError(url, "the time column does not increase, so the sample rate is unknown") }
        return Double(times.count - 1) / (last - first)
    }

    private static func make(_ url: URL, _ samples: Tensor, _ classes: [Int], _ classNames: [String], rate: Double?,
                             channels: [String]) throws(LoadError) -> Dataset {
        do {
            return try Dataset(samples: samples, labels: .classes(classes), classNames: classNames, rate: rate,
                               channels: channels, source: "load_csv(\"\(url.lastPathComponent)\")")
        } catch {
            throw LoadError(url, error.description)
        }
    }
}
