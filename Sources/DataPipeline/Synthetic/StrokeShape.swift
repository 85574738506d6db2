import TensorEngine

/// The path of one gesture class, in unit coordinates (x right, y up, both in −1 ... 1).
struct StrokeShape: Sendable {
    /// The corners of the stroke; empty for `idle`.
    let corners: [(x: Double, y: Double)]
    /// How far each corner strays per window (σ in unit coordinates): less for the ring's many
    /// corners, which would otherwise turn a wobbly circle into a different shape.
    var jitter: Double { corners.count > 8 ? 0.06 : 0.25 }

    init(name: String) {
        switch name {
        case "wing": corners = [(-1, 1), (-0.5, -1), (0, 0.4), (0.5, -1), (1, 1)]
        case "ring":
            corners = (0...24).map { k in
                let angle = 2 * Double.pi * Double(k) / 24
                return (SynthesisMath.sin(angle), SynthesisMath.cos(angle))
            }
        case "slope": corners = [(1, 1), (-1, -1), (1, -1)]
        case "idle": corners = []
        default:
            // A distinct polyline per name: 3–6 corners, each at least half a unit from the last.
            var generator = SeededGenerator(seed: Synthetic.hash(name))
            let count = 3 + generator.nextInt(upperBound: 4)
            var corners = [(x: Double, y: Double)]()
            while corners.count < count {
                let corner = (x: generator.uniform(-1, 1), y: generator.uniform(-1, 1))
                if let last = corners.last, SynthesisMath.hypot(corner.x - last.x, corner.y - last.y) < 0.5 { continue }
                corners.append(corner)
            }
            self.corners = corners
        }
    }

    /// The point a fraction `s` (0 ... 1) of the way along the polyline, by arc length.
    static func point(on corners: [(x: Double, y: Double)], lengths: [Double], at s: Double) -> (x: Double, y: Double) {
        guard corners.count > 1, let total = lengths.last, total > 0 else { return corners.first ?? (0, 0) }
        let target = min(max(s, 0), 1) * total
        var segment = 0
        while segment < corners.count - 2 && lengths[segment + 1] < target { segment += 1 }
        let start = lengths[segment], span = lengths[segment + 1] - start
        let t = span > 0 ? (target - start) / span : 0
        let a = corners[segment], b = corners[segment + 1]
        return (a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
    }
}
