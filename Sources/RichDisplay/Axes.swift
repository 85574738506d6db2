import Foundation

/// Helpers shared by the plots: fitting ticks to the space, axis labels, grid and tick drawing.
enum Axes {
    /// Line height of text at `font`.
    static func lineHeight(_ font: Font) -> Double { font.size * 1.25 }

    /// Gap between a tick label and its axis.
    static let tickGap = 6.0

    /// Nice ticks for `lower…upper` along `length` pixels whose labels do not collide.
    ///
    /// Starts from a density suited to the length and thins out until every gap between adjacent
    /// labels (measured with `labelExtent`) is at least `minimumGap`. When that leaves fewer than two
    /// ticks inside the range (a step that overshoots it), denser scales are tried as long as they fit.
    static func fittedScale(lower: Double, upper: Double, length: Double, integerOnly: Bool,
                            pixelsPerTick: Double, minimumGap: Double,
                            labelExtent: (String) -> Double) -> NiceScale {
        func fits(_ scale: NiceScale) -> Bool {
            let spacing = upper > lower ? scale.step / (upper - lower) * length : length
            let extents = scale.labels.map(labelExtent)
            for i in extents.indices.dropFirst() where spacing - (extents[i - 1] + extents[i]) / 2 < minimumGap {
                return false
            }
            return true
        }
        let base = max(2, Int(length / pixelsPerTick))
        var chosen = NiceScale(lower: lower, upper: upper, targetCount: 1, integerOnly: integerOnly)
        for target in stride(from: base, through: 1, by: -1) {
            let scale = NiceScale(lower: lower, upper: upper, targetCount: target, integerOnly: integerOnly)
            if fits(scale) { chosen = scale; break }
        }
        if chosen.ticks.count < 2 {
            for target in (base + 1)...(base * 3) {
                let scale = NiceScale(lower: lower, upper: upper, targetCount: target, integerOnly: integerOnly)
                if scale.ticks.count >= 2 {
                    if fits(scale) { chosen = scale }
                    break
                }
            }
        }
        return chosen
    }

    /// The data range to show for `values`, padded by `fraction` of its span on each side;
    /// an empty set shows 0…1, a single value (or all equal) a band around it.
    static func domain(of values: [Double], padding fraction: Double) -> (lower: Double, upper: Double) {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            lo = min(lo, v); hi = max(hi, v)
        }
        guard lo <= hi else { return (0, 1) }
        if isFlat(lo, hi) {
            let middle = lo / 2 + hi / 2
            let pad = middle == 0 ? 1 : abs(middle) * 0.1
            return (middle - pad, middle + pad)
        }
        let pad = (hi - lo) * fraction
        return (lo - pad, hi + pad)
    }

    /// Whether `lo…hi` is too narrow to label: equal ends, or a spread below a billionth of the values
    /// (rounding noise, far below float32 precision), whose ticks would print as 0.9999999999995.
    static func isFlat(_ lo: Double, _ hi: Double) -> Bool {
        hi - lo <= max(abs(lo), abs(hi)) * 1e-9
    }

    /// Draws `text` rotated a quarter turn counter-clockwise, centred on (`x`, `y`).
    static func drawVertical(_ text: String, x: Double, y: Double, on canvas: Canvas) {
        canvas.save()
        canvas.translate(x, y)
        canvas.rotate(-Double.pi / 2)
        canvas.drawText(text, x: 0, y: 0, horizontal: .center)
        canvas.restore()
    }

    /// A faint message in the middle of an empty plot.
    static func drawNoData(in rect: Rect, on canvas: Canvas) {
        canvas.setFont(.label)
        canvas.setColor(.mutedText)
        canvas.drawText("no data", x: rect.midX, y: rect.midY, horizontal: .center)
    }
}

/// A linear map from data values to pixels.
struct LinearMap {
    var domain: (lower: Double, upper: Double)
    var range: (start: Double, end: Double)

    func callAsFunction(_ value: Double) -> Double {
        let span = domain.upper - domain.lower
        let t = span == 0 ? 0.5 : (value - domain.lower) / span
        return range.start + t * (range.end - range.start)
    }
}
