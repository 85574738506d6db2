import Foundation

/// A line or scatter plot of one or more series on shared axes.
struct XYPlot {
    enum Style { case lines, scatter }

    var series: [Series]
    var style: Style
    var xLabel: String?
    var yLabel: String?

    /// Lines with at most this many points get a marker on each point.
    static let markerLimit = 40

    /// Series with a legend entry: all of them once there are several or any has a name.
    private var showsLegend: Bool { series.count > 1 || series.contains { $0.name != nil } }

    private func legendName(_ index: Int) -> String { series[index].name ?? "series \(index + 1)" }

    func draw(in area: Rect, on canvas: Canvas) {
        let xs = series.flatMap { Array($0.x.prefix($0.count)) }
        let ys = series.flatMap { Array($0.y.prefix($0.count)) }
        let finite = zip(xs, ys).filter { $0.0.isFinite && $0.1.isFinite }
        // Lines run edge to edge; points (scatter dots, line markers) get room so none sits on an axis.
        let marked = style == .scatter || series.contains { PointReduction.finiteRuns(of: $0).reduce(0) { $0 + $1.count } <= Self.markerLimit }
        let xDomain = Axes.domain(of: finite.map(\.0), padding: marked ? 0.03 : 0)
        let yDomain = Axes.domain(of: finite.map(\.1), padding: 0.05)
        let integerX = !finite.isEmpty && finite.allSatisfy { $0.0.rounded() == $0.0 && abs($0.0) < 1e15 }

        var frame = area
        if showsLegend { frame = frame.inset(top: drawLegend(in: frame, on: canvas) + 6) }

        // Vertical budget first: it fixes the y ticks, whose widths then fix the left margin.
        let tickLine = Axes.lineHeight(.tick)
        let labelLine = Axes.lineHeight(.label)
        let bottom = tickLine + Axes.tickGap + (xLabel == nil ? 0 : labelLine + 4)
        let plotHeight = max(10, frame.height - bottom - tickLine / 2)
        canvas.setFont(.tick)
        let yScale = Axes.fittedScale(lower: yDomain.lower, upper: yDomain.upper, length: plotHeight, integerOnly: false,
                                      pixelsPerTick: 48, minimumGap: 6) { _ in tickLine }
        let yTickWidth = yScale.labels.map { canvas.width(of: $0) }.max() ?? 0
        let left = (yLabel == nil ? 0 : labelLine + 4) + yTickWidth + Axes.tickGap
        var plot = Rect(x: frame.x + left, y: frame.y + tickLine / 2, width: max(10, frame.width - left - 12), height: plotHeight)
        func xTicks() -> NiceScale {
            Axes.fittedScale(lower: xDomain.lower, upper: xDomain.upper, length: plot.width, integerOnly: integerX,
                             pixelsPerTick: 80, minimumGap: 14) { canvas.width(of: $0) }
        }
        var xScale = xTicks()
        // A last tick label centred near the right edge may overhang the frame: narrow the plot to fit it.
        if let last = xScale.ticks.last, let label = xScale.labels.last {
            let position = LinearMap(domain: xDomain, range: (plot.x, plot.maxX))(last)
            let overhang = position + canvas.width(of: label) / 2 - frame.maxX + 2
            if overhang > 0 {
                plot.width = max(10, plot.width - overhang)
                xScale = xTicks()
            }
        }
        let xMap = LinearMap(domain: xDomain, range: (plot.x, plot.maxX))
        let yMap = LinearMap(domain: yDomain, range: (plot.maxY, plot.y))

        drawGridAndAxes(plot: plot, xScale: xScale, yScale: yScale, xMap: xMap, yMap: yMap, on: canvas)

        canvas.setFont(.label)
        canvas.setColor(.text)
        if let xLabel {
            canvas.drawText(canvas.fitted(xLabel, maxWidth: plot.width), x: plot.midX,
                            y: plot.maxY + Axes.tickGap + tickLine + 4 + labelLine / 2, horizontal: .center)
        }
        if let yLabel {
            Axes.drawVertical(canvas.fitted(yLabel, maxWidth: plot.height), x: frame.x + labelLine / 2, y: plot.midY, on: canvas)
        }

        if finite.isEmpty {
            Axes.drawNoData(in: plot, on: canvas)
            return
        }
        canvas.save()
        // A little slack so markers and thick lines at the edges are not cut in half.
        canvas.clip(plot.inset(top: -4, left: -4, bottom: -4, right: -4))
        for index in series.indices {
            let color = Palette.seriesColor(index)
            switch style {
            case .lines: drawLine(series[index], color: color, plot: plot, xMap: xMap, yMap: yMap, on: canvas)
            case .scatter: drawPoints(series[index], color: color, plot: plot, xMap: xMap, yMap: yMap, on: canvas)
            }
        }
        canvas.restore()
    }

    // MARK: Axes

    private func drawGridAndAxes(plot: Rect, xScale: NiceScale, yScale: NiceScale, xMap: LinearMap, yMap: LinearMap,
                                 on canvas: Canvas) {
        canvas.setColor(.grid)
        for tick in yScale.ticks {
            let y = yMap(tick)
            canvas.crispLine(from: (plot.x, y), to: (plot.maxX, y), width: 1)
        }
        for tick in xScale.ticks {
            let x = xMap(tick)
            canvas.crispLine(from: (x, plot.y), to: (x, plot.maxY), width: 1)
        }
        canvas.setColor(.axis)
        canvas.crispLine(from: (plot.x, plot.y), to: (plot.x, plot.maxY), width: 1)
        canvas.crispLine(from: (plot.x, plot.maxY), to: (plot.maxX, plot.maxY), width: 1)

        canvas.setFont(.tick)
        let tickLine = Axes.lineHeight(.tick)
        for (tick, label) in zip(yScale.ticks, yScale.labels) {
            let y = yMap(tick)
            canvas.setColor(.axis)
            canvas.crispLine(from: (plot.x - 4, y), to: (plot.x, y), width: 1)
            canvas.setColor(.mutedText)
            canvas.drawText(label, x: plot.x - Axes.tickGap, y: y, horizontal: .right)
        }
        for (tick, label) in zip(xScale.ticks, xScale.labels) {
            let x = xMap(tick)
            canvas.setColor(.axis)
            canvas.crispLine(from: (x, plot.maxY), to: (x, plot.maxY + 4), width: 1)
            canvas.setColor(.mutedText)
            canvas.drawText(label, x: x, y: plot.maxY + Axes.tickGap + tickLine / 2, horizontal: .center)
        }
    }

    // MARK: Legend

    /// Draws the legend as centred rows of swatch + name above the plot; returns the height used.
    private func drawLegend(in area: Rect, on canvas: Canvas) -> Double {
        canvas.setFont(.legend)
        let swatch = 18.0, gap = 6.0, spacing = 18.0
        let line = Axes.lineHeight(.legend)
        let names = series.indices.map { canvas.fitted(legendName($0), maxWidth: max(40, area.width * 0.45)) }
        let widths = names.map { swatch + gap + canvas.width(of: $0) }
        // Greedy rows.
        var rows: [[Int]] = [[]]
        var rowWidth = 0.0
        for i in names.indices {
            let added = (rows[rows.count - 1].isEmpty ? 0 : spacing) + widths[i]
            if !rows[rows.count - 1].isEmpty, rowWidth + added > area.width {
                rows.append([i]); rowWidth = widths[i]
            } else {
                rows[rows.count - 1].append(i); rowWidth += added
            }
        }
        for (r, row) in rows.enumerated() {
            let total = row.map { widths[$0] }.reduce(0, +) + spacing * Double(max(0, row.count - 1))
            var x = area.midX - total / 2
            let y = area.y + line * (Double(r) + 0.5)
            for i in row {
                let color = Palette.seriesColor(i)
                canvas.setColor(color)
                switch style {
                case .lines:
                    canvas.setLineWidth(2.5)
                    canvas.moveTo(x, y); canvas.lineTo(x + swatch, y); canvas.stroke()
                case .scatter:
                    canvas.circle(x: x + swatch / 2, y: y, radius: 4); canvas.fill()
                }
                canvas.setColor(.text)
                canvas.drawText(names[i], x: x + swatch + gap, y: y)
                x += widths[i] + spacing
            }
        }
        return line * Double(rows.count)
    }

    // MARK: Data

    private func drawLine(_ series: Series, color: RGB, plot: Rect, xMap: LinearMap, yMap: LinearMap, on canvas: Canvas) {
        let runs = PointReduction.finiteRuns(of: series)
        let finiteCount = runs.reduce(0) { $0 + $1.count }
        canvas.setColor(color)
        canvas.setLineWidth(1.8)
        for run in runs where run.count > 1 {
            let points = PointReduction.reduceLine(run, xMap: xMap, yMap: yMap, columns: Int(plot.width * 2))
            canvas.moveTo(points[0].x, points[0].y)
            for p in points.dropFirst() { canvas.lineTo(p.x, p.y) }
            canvas.stroke()
        }
        // Markers where points are few enough to count, and for points with no neighbour to join.
        let few = finiteCount <= Self.markerLimit
        let dots = (few ? runs : runs.filter { $0.count == 1 }).flatMap { $0 }.map { PointReduction.Point(x: xMap($0.x), y: yMap($0.y)) }
        drawDots(dots, radius: few ? 2.6 : 2, on: canvas)
    }

    /// Dots as zero-length round-capped strokes: one short path segment per dot in the SVG, where a
    /// filled circle would cost four curves.
    private func drawDots(_ dots: [PointReduction.Point], radius: Double, on canvas: Canvas) {
        guard !dots.isEmpty else { return }
        canvas.save()
        canvas.setRoundCaps(true)
        canvas.setLineWidth(2 * radius)
        for dot in dots {
            canvas.moveTo(dot.x, dot.y)
            canvas.lineTo(dot.x, dot.y)
        }
        canvas.stroke()
        canvas.restore()
    }

    private func drawPoints(_ series: Series, color: RGB, plot: Rect, xMap: LinearMap, yMap: LinearMap, on canvas: Canvas) {
        let points = PointReduction.finiteRuns(of: series).flatMap { $0 }
        let radius = points.count > 2000 ? 1.6 : (points.count > 300 ? 2.2 : 3.2)
        // Dense clouds keep one dot per cell a little smaller than a dot: the picture is the same.
        let resolution = points.count > 10_000 ? radius * 0.6 : 0.5
        let unique = PointReduction.distinctPixels(points, xMap: xMap, yMap: yMap, resolution: resolution)
        canvas.setColor(color, alpha: points.count > 300 ? 0.6 : 0.85)
        drawDots(unique, radius: radius, on: canvas)
    }
}
