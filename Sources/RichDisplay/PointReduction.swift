import Foundation

/// Thinning of large point sets before drawing: what a screen cannot show need not be drawn
/// (and bloat the SVG). Results keep the visual envelope of the data.
enum PointReduction {
    struct Point { var x: Double, y: Double }

    /// The series split into runs of consecutive finite points; NaN or infinite points break a line.
    static func finiteRuns(of series: Series) -> [[Point]] {
        var runs: [[Point]] = []
        var current: [Point] = []
        for i in 0..<series.count {
            let x = series.x[i], y = series.y[i]
            if x.isFinite && y.isFinite {
                current.append(Point(x: x, y: y))
            } else if !current.isEmpty {
                runs.append(current); current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// Pixel positions of a line run, reduced when x is sorted and points outnumber `columns`.
    ///
    /// Each pixel column keeps its first, lowest, highest and last point in their original order,
    /// so peaks and the shape between columns survive. Unsorted runs keep every point, dropping
    /// only consecutive repeats of the same pixel.
    static func reduceLine(_ run: [Point], xMap: LinearMap, yMap: LinearMap, columns: Int) -> [Point] {
        let mapped = run.map { Point(x: xMap($0.x), y: yMap($0.y)) }
        let sorted = zip(run, run.dropFirst()).allSatisfy { $0.x <= $1.x }
        guard sorted, mapped.count > 4 * max(1, columns) else {
            var kept: [Point] = []
            kept.reserveCapacity(mapped.count)
            for p in mapped {
                if let last = kept.last, abs(last.x - p.x) < 0.25, abs(last.y - p.y) < 0.25 { continue }
                kept.append(p)
            }
            return kept.count >= 2 ? kept : Array(mapped.prefix(2))
        }
        var kept: [Point] = []
        var start = 0
        while start < mapped.count {
            let column = (mapped[start].x * 2).rounded(.down) // half-pixel columns
            var end = start
            var low = start, high = start
            while end < mapped.count, (mapped[end].x * 2).rounded(.down) == column {
                if mapped[end].y < mapped[low].y { low = end }
                if mapped[end].y > mapped[high].y { high = end }
                end += 1
            }
            let indices = Set([start, low, high, end - 1]).sorted()
            for i in indices { kept.append(mapped[i]) }
            start = end
        }
        return kept
    }

    /// Pixel positions of points, keeping one point per `resolution`-sized pixel cell (first wins).
    static func distinctPixels(_ points: [Point], xMap: LinearMap, yMap: LinearMap, resolution: Double) -> [Point] {
        var seen = Set<Int64>()
        var kept: [Point] = []
        for p in points {
            let x = xMap(p.x), y = yMap(p.y)
            let key = Int64((x / resolution).rounded()) &* 1_000_003 &+ Int64((y / resolution).rounded())
            if seen.insert(key).inserted { kept.append(Point(x: x, y: y)) }
        }
        return kept
    }
}
