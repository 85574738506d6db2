import Foundation

/// Horizontal bars: a label left of each bar, its value printed at the bar's end.
struct BarPlot {
    var labels: [String]
    var values: [Double]
    var xLabel: String?
    var yLabel: String?

    func draw(in area: Rect, on canvas: Canvas) {
        let count = max(labels.count, values.count)
        let value: (Int) -> Double = { $0 < values.count ? values[$0] : .nan }
        let label: (Int) -> String = { $0 < labels.count ? labels[$0] : "" }
        let finite = (0..<count).map(value).filter(\.isFinite)
        // Bars grow from zero, so zero is always in view.
        var lower = min(0, finite.min() ?? 0), upper = max(0, finite.max() ?? 1)
        if lower == upper { upper = 1 }
        let span = upper - lower
        if lower < 0 { lower -= span * 0.02 }
        if upper > 0 { upper += span * 0.02 }

        let tickLine = Axes.lineHeight(.tick)
        let labelLine = Axes.lineHeight(.label)
        canvas.setFont(.tick)
        let names = (0..<count).map { canvas.fitted(label($0), maxWidth: area.width * 0.34) }
        let nameWidth = names.map { canvas.width(of: $0) }.max() ?? 0
        let valueTexts = (0..<count).map { NumberFormat.value(value($0)) }
        let valueWidth = valueTexts.map { canvas.width(of: $0) }.max() ?? 0

        let left = (yLabel == nil ? 0 : labelLine + 8) + nameWidth + Axes.tickGap + 2
        let bottom = tickLine + Axes.tickGap + (xLabel == nil ? 0 : labelLine + 4)
        // Value labels sit outside the bar ends: reserve room on the side(s) bars grow towards.
        let rightRoom = upper > 0 ? valueWidth + 8 : 12
        let leftRoom = lower < 0 ? valueWidth + 8 : 0
        let plot = Rect(x: area.x + left + leftRoom, y: area.y + 2,
                        width: max(10, area.width - left - leftRoom - rightRoom),
                        height: max(10, area.height - bottom - 2))
        let xScale = Axes.fittedScale(lower: lower, upper: upper, length: plot.width, integerOnly: false,
                                      pixelsPerTick: 80, minimumGap: 14) { canvas.width(of: $0) }
        let xMap = LinearMap(domain: (lower, upper), range: (plot.x, plot.maxX))

        // Grid and value axis.
        canvas.setColor(.grid)
        for tick in xScale.ticks { canvas.crispLine(from: (xMap(tick), plot.y), to: (xMap(tick), plot.maxY), width: 1) }
        canvas.setColor(.axis)
        canvas.crispLine(from: (plot.x, plot.maxY), to: (plot.maxX, plot.maxY), width: 1)
        canvas.setFont(.tick)
        for (tick, text) in zip(xScale.ticks, xScale.labels) {
            let x = xMap(tick)
            canvas.setColor(.axis)
            canvas.crispLine(from: (x, plot.maxY), to: (x, plot.maxY + 4), width: 1)
            canvas.setColor(.mutedText)
            canvas.drawText(text, x: x, y: plot.maxY + Axes.tickGap + tickLine / 2, horizontal: .center)
        }

        canvas.setFont(.label)
        canvas.setColor(.text)
        if let xLabel {
            canvas.drawText(canvas.fitted(xLabel, maxWidth: plot.width), x: plot.midX,
                            y: plot.maxY + Axes.tickGap + tickLine + 4 + labelLine / 2, horizontal: .center)
        }
        if let yLabel {
            Axes.drawVertical(canvas.fitted(yLabel, maxWidth: plot.height), x: area.x + labelLine / 2, y: plot.midY, on: canvas)
        }
        guard count > 0 else {
            Axes.drawNoData(in: plot, on: canvas)
            return
        }

        let band = plot.height / Double(count)
        let thickness = band * 0.72
        // With many bars, label every k-th so names never overlap.
        let labelEvery = max(1, Int((tickLine / band).rounded(.up)))
        let zero = xMap(0)
        canvas.setFont(.tick)
        for i in 0..<count {
            let centre = plot.y + band * (Double(i) + 0.5)
            let v = value(i)
            if i % labelEvery == 0 {
                canvas.setColor(.text)
                canvas.drawText(names[i], x: plot.x - leftRoom - Axes.tickGap, y: centre, horizontal: .right)
            }
            guard v.isFinite else {
                canvas.setColor(.mutedText)
                if band >= tickLine * 0.8 { canvas.drawText(valueTexts[i], x: zero + 4, y: centre) }
                continue
            }
            let end = xMap(v)
            canvas.setColor(Palette.bar)
            canvas.rectangle(Rect(x: min(zero, end), y: centre - thickness / 2, width: abs(end - zero), height: thickness))
            canvas.fill()
            if band >= tickLine * 0.8 {
                canvas.setColor(.text)
                if v >= 0 {
                    canvas.drawText(valueTexts[i], x: end + 4, y: centre)
                } else {
                    canvas.drawText(valueTexts[i], x: end - 4, y: centre, horizontal: .right)
                }
            }
        }
        // The zero line over the bars' roots.
        canvas.setColor(.axis)
        canvas.crispLine(from: (zero, plot.y), to: (zero, plot.maxY), width: 1)
    }
}
