import JSONValues
import RichDisplay

/// The `application/vnd.mote+json` part of a chart's or table's bundle: the numbers behind the
/// picture, so a grader can check them without reading pixels.
extension Chart {
    /// Points (or cells) above which the data arrays are left out, as for tensors.
    static let jsonDataLimit = 10_000

    var json: JSON {
        var object: [String: JSON] = ["panels": .array(panels.map(\.json))]
        if let title { object["title"] = .string(title) }
        return .object(object)
    }
}

extension ChartPanel {
    var json: JSON {
        var object: [String: JSON] = [:]
        if let title { object["title"] = .string(title) }
        if let xLabel { object["xlabel"] = .string(xLabel) }
        if let yLabel { object["ylabel"] = .string(yLabel) }
        switch content {
        case .lines(let series):
            object["kind"] = "line"
            object["series"] = Self.json(series)
        case .scatter(let series):
            object["kind"] = "scatter"
            object["series"] = Self.json(series)
        case .bars(let labels, let values):
            object["kind"] = "bars"
            object["labels"] = .array(labels.map(JSON.string))
            object["values"] = .array(values.map(JSON.number))
        case .heatmap(let matrix, let rowLabels, let columnLabels, _):
            object["kind"] = "heatmap"
            object["shape"] = .array([.number(Double(matrix.count)), .number(Double(matrix.first?.count ?? 0))])
            if matrix.reduce(0, { $0 + $1.count }) <= Chart.jsonDataLimit {
                object["matrix"] = .array(matrix.map { .array($0.map(JSON.number)) })
            }
            if let rowLabels { object["row_labels"] = .array(rowLabels.map(JSON.string)) }
            if let columnLabels { object["column_labels"] = .array(columnLabels.map(JSON.string)) }
        }
        return .object(object)
    }

    private static func json(_ series: [Series]) -> JSON {
        let total = series.reduce(0) { $0 + $1.count }
        return .array(series.map { line in
            var object: [String: JSON] = ["count": .number(Double(line.count))]
            if let name = line.name { object["name"] = .string(name) }
            if total <= Chart.jsonDataLimit {
                object["x"] = .array(line.x.prefix(line.count).map(JSON.number))
                object["y"] = .array(line.y.prefix(line.count).map(JSON.number))
            }
            return .object(object)
        })
    }
}

extension Table {
    /// Columns by title and rows as text, as the table shows them.
    var json: JSON {
        var object: [String: JSON] = [
            "columns": .array(columns.map { .string($0.title) }),
            "rows": .array(rows.map { .array($0.map(JSON.string)) }),
        ]
        if let title { object["title"] = .string(title) }
        return .object(object)
    }
}
