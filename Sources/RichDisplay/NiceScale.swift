import Foundation

/// Tick positions for an axis: round numbers in steps of 1, 2 or 5 times a power of ten.
package struct NiceScale: Sendable, Hashable {
    /// The data range the ticks cover.
    package var lower: Double
    package var upper: Double
    /// The distance between ticks.
    package var step: Double
    /// Tick values inside `lower…upper`, ascending.
    package var ticks: [Double]

    /// Ticks for `lower…upper` aiming at about `targetCount` intervals.
    ///
    /// An empty or degenerate range (equal ends) yields the single value. `integerOnly` keeps the
    /// step at 1 or more (epochs, indices). Tick values are computed as `k × step` and rounded to the
    /// step's decimals, so `0.1 × 3` prints as 0.3, not 0.30000000000000004.
    package init(lower: Double, upper: Double, targetCount: Int = 6, integerOnly: Bool = false) {
        let lo = min(lower, upper), hi = max(lower, upper)
        self.lower = lo
        self.upper = hi
        guard lo.isFinite, hi.isFinite, hi > lo else {
            step = 1
            ticks = lo.isFinite ? [lo] : []
            return
        }
        var step = NiceScale.niceStep(rough: (hi - lo) / Double(max(1, targetCount)))
        if integerOnly { step = max(1, step.rounded()) }
        self.step = step
        let first = (lo / step - 1e-9).rounded(.up)
        let last = (hi / step + 1e-9).rounded(.down)
        let decimals = NiceScale.decimals(forStep: step)
        let factor = Foundation.pow(10, Double(decimals))
        var values: [Double] = []
        if last >= first {
            var k = first
            while k <= last, values.count < 1000 {
                var value = k * step
                if decimals > 0, decimals < 15 { value = (value * factor).rounded() / factor }
                values.append(value == 0 ? 0 : value) // no negative zero
                k += 1
            }
        }
        ticks = values
    }

    /// The 1-2-5 step nearest to `rough`.
    package static func niceStep(rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let magnitude = Foundation.pow(10, (Foundation.log10(rough)).rounded(.down))
        let residual = rough / magnitude
        // The nearest of 1, 2, 5, 10 on a log scale: the thresholds are their geometric means.
        let nice: Double
        if residual < 2.0.squareRoot() { nice = 1 } else if residual < 10.0.squareRoot() { nice = 2 } else if residual < 50.0.squareRoot() { nice = 5 } else { nice = 10 }
        return nice * magnitude
    }

    /// Decimal places needed to print multiples of `step` exactly.
    package static func decimals(forStep step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        let places = -Int((Foundation.log10(step) + 1e-9).rounded(.down))
        return max(0, places)
    }

    /// Tick labels for these ticks, all with the same number format.
    package var labels: [String] {
        let magnitude = ticks.map(abs).max() ?? 0
        return ticks.map { NumberFormat.tick($0, step: step, magnitude: magnitude) }
    }
}
