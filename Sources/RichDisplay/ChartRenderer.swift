import Foundation

/// Draws a `Chart` onto a canvas: the figure title, then each panel in its own frame.
struct ChartRenderer {
    var chart: Chart
    var width: Double
    var height: Double

    /// Space around a panel's content, in CSS pixels.
    static let panelPadding = 10.0

    func draw(on canvas: Canvas) {
        var top = 0.0
        if let title = chart.title, !title.isEmpty {
            canvas.setFont(.figureTitle)
            canvas.setColor(.text)
            let band = Double(ChartLayout.figureTitleBand)
            canvas.drawText(canvas.fitted(title, maxWidth: width - 24), x: width / 2, y: band / 2 + 4, horizontal: .center)
            top = band
        }
        guard !chart.panels.isEmpty else { return }
        // Panels share the width in proportion to the width each prefers.
        let preferred = chart.panels.map { Double($0.preferredSize(alone: chart.panels.count == 1).width) }
        let total = preferred.reduce(0, +)
        var x = 0.0
        for (panel, share) in zip(chart.panels, preferred) {
            let panelWidth = width * share / total
            let frame = Rect(x: x, y: top, width: panelWidth, height: height - top)
            canvas.save()
            canvas.clip(frame)
            PanelRenderer(panel: panel, frame: frame).draw(on: canvas)
            canvas.restore()
            x += panelWidth
        }
    }
}

/// Draws one panel inside its frame.
struct PanelRenderer {
    var panel: ChartPanel
    var frame: Rect

    func draw(on canvas: Canvas) {
        var area = frame.inset(top: ChartRenderer.panelPadding, left: ChartRenderer.panelPadding,
                               bottom: ChartRenderer.panelPadding, right: ChartRenderer.panelPadding)
        if let title = panel.title, !title.isEmpty {
            canvas.setFont(.title)
            canvas.setColor(.text)
            let line = Font.title.size * 1.3
            canvas.drawText(canvas.fitted(title, maxWidth: area.width), x: area.midX, y: area.y + line / 2, horizontal: .center)
            area = area.inset(top: line + 6)
        }
        switch panel.content {
        case .lines(let series):
            XYPlot(series: series, style: .lines, xLabel: panel.xLabel, yLabel: panel.yLabel).draw(in: area, on: canvas)
        case .scatter(let series):
            XYPlot(series: series, style: .scatter, xLabel: panel.xLabel, yLabel: panel.yLabel).draw(in: area, on: canvas)
        case .bars(let labels, let values):
            BarPlot(labels: labels, values: values, xLabel: panel.xLabel, yLabel: panel.yLabel).draw(in: area, on: canvas)
        case .heatmap(let matrix, let rowLabels, let columnLabels, let annotate):
            HeatmapPlot(matrix: matrix, rowLabels: rowLabels, columnLabels: columnLabels, annotate: annotate,
                        xLabel: panel.xLabel, yLabel: panel.yLabel).draw(in: area, on: canvas)
        }
    }
}
