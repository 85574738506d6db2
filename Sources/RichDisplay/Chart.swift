import Foundation

/// One named run of points: a line, or a cloud of scatter points.
public struct Series: Sendable, Hashable {
    public var name: String?
    public var x: [Double]
    public var y: [Double]

    /// A series; points pair `x[i]` with `y[i]` (extra values in the longer array are ignored).
    public init(name: String? = nil, x: [Double], y: [Double]) {
        self.name = name
        self.x = x
        self.y = y
    }

    /// A series over the indices 0, 1, 2, …
    public init(name: String? = nil, y: [Double]) {
        self.init(name: name, x: y.indices.map(Double.init), y: y)
    }

    /// The number of points.
    public var count: Int { min(x.count, y.count) }
}

/// What one panel of a chart shows.
public enum PanelContent: Sendable, Hashable {
    /// One or more lines; a legend appears when there are several or any is named.
    case lines([Series])
    /// Points without connecting lines.
    case scatter([Series])
    /// Horizontal bars, labels on the left, each value printed at its bar's end.
    case bars(labels: [String], values: [Double])
    /// A matrix as coloured cells with a colour bar; `annotate` prints each value in its cell
    /// (a confusion matrix). Rows are drawn top to bottom.
    case heatmap(matrix: [[Double]], rowLabels: [String]?, columnLabels: [String]?, annotate: Bool)
}

/// One set of axes: a title, axis labels and content.
public struct ChartPanel: Sendable, Hashable {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var content: PanelContent

    /// A panel.
    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, content: PanelContent) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.content = content
    }
}

/// A figure: one panel, or several side by side (loss | accuracy), rendered as PNG and SVG.
public struct Chart: Sendable, Hashable {
    public var title: String?
    public var panels: [ChartPanel]

    /// A figure of `panels` laid out left to right.
    public init(title: String? = nil, panels: [ChartPanel]) {
        self.title = title
        self.panels = panels
    }

    /// A figure of one panel.
    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, content: PanelContent) {
        self.init(panels: [ChartPanel(title: title, xLabel: xLabel, yLabel: yLabel, content: content)])
    }

    /// The figure's size in CSS pixels: panel sizes side by side, plus a title band.
    public var size: (width: Int, height: Int) {
        let sizes = panels.map { $0.preferredSize(alone: panels.count == 1) }
        let width = max(320, sizes.reduce(0) { $0 + $1.width })
        let height = max(200, sizes.map(\.height).max() ?? 360) + (title == nil ? 0 : ChartLayout.figureTitleBand)
        return (width, height)
    }
}

extension ChartPanel {
    /// The size this panel reads well at, in CSS pixels.
    func preferredSize(alone: Bool) -> (width: Int, height: Int) {
        switch content {
        case .lines, .scatter:
            return alone ? (640, 380) : (460, 360)
        case .bars(let labels, _):
            // Rows of about 22 px, so every label stays legible however many operators there are.
            let height = min(1400, max(alone ? 240 : 360, 96 + 22 * labels.count))
            return (alone ? 640 : 480, height)
        case .heatmap(let matrix, _, _, _):
            let rows = matrix.count
            let columns = matrix.map(\.count).max() ?? 0
            // Square-ish cells for small matrices (confusion), a fixed frame for large ones.
            let aspect = columns == 0 ? 1 : min(2.5, max(0.4, Double(rows) / Double(columns)))
            let width = alone ? 560 : 480
            let height = Int((Double(width - 150) * aspect).rounded()) + 110
            return (width, min(720, max(300, height)))
        }
    }
}

/// Layout constants shared by the figure and its panels.
enum ChartLayout {
    /// Height of the band above the panels that holds the figure title.
    static let figureTitleBand = 30
}
