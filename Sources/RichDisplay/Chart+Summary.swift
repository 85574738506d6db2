import Foundation

extension Chart {
    /// A one-line text stand-in for the figure, e.g. `<line chart: 'loss' (20 points, 0.0312…1.41)>`.
    ///
    /// Names each series with its point count and value range, so a terminal or a grader sees what
    /// the picture shows. Several panels are listed in order, separated by `;`.
    public func plainTextSummary() -> String {
        let parts = panels.map(\.summary)
        let titled = title.map { " '\($0)'" } ?? ""
        switch parts.count {
        case 0: return "<empty chart\(titled)>"
        case 1: return title == nil ? "<\(parts[0])>" : "<\(parts[0]) in chart\(titled)>"
        default: return "<chart\(titled), \(parts.count) panels: \(parts.joined(separator: "; "))>"
        }
    }
}

extension ChartPanel {
    /// `line chart 'Loss': 'train' (20 points, 0.0312…1.41), …`
    var summary: String {
        let titled = title.map { " '\($0)'" } ?? ""
        switch content {
        case .lines(let series):
            return "line chart\(titled): " + describe(series)
        case .scatter(let series):
            return "scatter chart\(titled): " + describe(series)
        case .bars(let labels, let values):
            var text = "bar chart\(titled): \(values.count) bar\(values.count == 1 ? "" : "s")"
            let finite = values.enumerated().filter { $0.element.isFinite }
            if let largest = finite.max(by: { $0.element < $1.element }) {
                let name = largest.offset < labels.count ? "'\(labels[largest.offset])' " : ""
                text += ", \(range(finite.map(\.element))), largest \(name)\(NumberFormat.compact(largest.element))"
            }
            return text
        case .heatmap(let matrix, _, _, let annotate):
            let columns = matrix.map(\.count).max() ?? 0
            let values = matrix.flatMap { $0 }.filter(\.isFinite)
            let kind = annotate ? "annotated heat map" : "heat map"
            return "\(kind)\(titled): \(matrix.count)×\(columns)" + (values.isEmpty ? "" : ", \(range(values))")
        }
    }

    private func describe(_ series: [Series]) -> String {
        if series.isEmpty { return "no series" }
        return series.map { s in
            let ys = Array(s.y.prefix(s.count))
            let finite = zip(s.x.prefix(s.count), ys).filter { $0.0.isFinite && $0.1.isFinite }.map(\.1)
            var details = "\(s.count) point\(s.count == 1 ? "" : "s")"
            if finite.count < s.count { details += ", \(s.count - finite.count) not finite" }
            if !finite.isEmpty { details += ", " + range(finite) }
            return (s.name.map { "'\($0)' " } ?? "") + "(\(details))"
        }.joined(separator: ", ")
    }

    private func range(_ values: [Double]) -> String {
        guard let lo = values.min(), let hi = values.max() else { return "" }
        return lo == hi ? NumberFormat.compact(lo) : "\(NumberFormat.compact(lo))…\(NumberFormat.compact(hi))"
    }
}
