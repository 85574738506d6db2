import TensorEngine

/// One window of IMU readings while a stroke is drawn, built from the tip's path.
struct WandRecording {
    static let gravity = 9.81
    /// Distance from the elbow (the pivot) to the device, in metres.
    static let armLength = 0.4

    let steps: Int
    let rate: Double
    let noise: Double
    /// Interleaved `ax ay az gx gy gz` per step.
    private(set) var imu: [Float] = []

    init(steps: Int, rate: Double, noise: Double) {
        self.steps = steps
        self.rate = rate
        self.noise = noise
    }

    mutating func draw(_ shape: StrokeShape, using generator: inout SeededGenerator) {
        var xs = [Double](repeating: 0, count: steps), ys = xs
        if shape.corners.isEmpty {
            idlePath(&xs, &ys, using: &generator)
        } else {
            strokePath(shape, &xs, &ys, using: &generator)
        }
        // Soften corners over ~50 ms, as a hand does, before differentiating.
        xs = Self.smoothed(xs, sigma: 0.05 * rate)
        ys = Self.smoothed(ys, sigma: 0.05 * rate)
        sense(xs, ys, using: &generator)
    }

    /// The tip's path (metres) for a stroke: size, aspect, rotation, jitter, timing and pace drawn.
    private func strokePath(_ shape: StrokeShape, _ xs: inout [Double], _ ys: inout [Double],
                            using generator: inout SeededGenerator) {
        let size = generator.uniform(0.06, 0.25)
        let scaleX = size * generator.uniform(0.7, 1.3), scaleY = size * generator.uniform(0.7, 1.3)
        let rotation = generator.normal(0, 0.4)
        let (sine, cosine) = (SynthesisMath.sin(rotation), SynthesisMath.cos(rotation))
        let corners = shape.corners.map { corner -> (x: Double, y: Double) in
            let x = (corner.x + generator.normal(0, shape.jitter)) * scaleX, y = (corner.y + generator.normal(0, shape.jitter)) * scaleY
            return (x * cosine - y * sine, x * sine + y * cosine)
        }
        var lengths = [0.0]
        for index in corners.indices.dropFirst() {
            lengths.append(lengths[index - 1] + SynthesisMath.hypot(corners[index].x - corners[index - 1].x,
                                                                 corners[index].y - corners[index - 1].y))
        }
        let fraction = generator.uniform(0.4, 0.9)
        // Some strokes stop short of the last corner.
        let reach = min(1, generator.uniform(0.75, 1.25))
        let start = generator.uniform(0.02, max(0.03, 0.98 - fraction))
        // Pace: a blend of constant speed and a minimum-jerk profile, with an uneven wobble.
        let smoothness = generator.uniform(0.3, 1)
        let wobble = generator.uniform(-0.08, 0.08)
        for step in 0..<steps {
            let tau = min(max((Double(step) / Double(steps) - start) / fraction, 0), 1)
            let minimumJerk = tau * tau * tau * (10 - 15 * tau + 6 * tau * tau)
            let s = reach * ((1 - smoothness) * tau + smoothness * minimumJerk + wobble * SynthesisMath.sin(2 * Double.pi * tau))
            let point = StrokeShape.point(on: corners, lengths: lengths, at: s)
            xs[step] = point.x
            ys[step] = point.y
        }
    }

    /// A resting hand: a slow drift of a centimetre or two, and in half the windows a fidget
    /// (a short movement of 2–10 cm in a random direction and back).
    private func idlePath(_ xs: inout [Double], _ ys: inout [Double], using generator: inout SeededGenerator) {
        let drift = generator.uniform(0.005, 0.02)
        let periodX = generator.uniform(0.7, 3), periodY = generator.uniform(0.7, 3)
        let phaseX = generator.uniform(0, 2 * Double.pi), phaseY = generator.uniform(0, 2 * Double.pi)
        let fidgets = generator.uniform(0, 1) < 0.5
        let reach = generator.uniform(0.02, 0.1), direction = generator.uniform(0, 2 * Double.pi)
        let centre = generator.uniform(0.2, 0.8), width = generator.uniform(0.05, 0.15)
        for step in 0..<steps {
            let time = Double(step) / rate, phase = Double(step) / Double(steps)
            xs[step] = drift * SynthesisMath.sin(2 * Double.pi * time / periodX + phaseX)
            ys[step] = drift * SynthesisMath.sin(2 * Double.pi * time / periodY + phaseY)
            if fidgets {
                let bump = reach * SynthesisMath.exp(-0.5 * ((phase - centre) / width) * ((phase - centre) / width))
                xs[step] += bump * SynthesisMath.cos(direction)
                ys[step] += bump * SynthesisMath.sin(direction)
            }
        }
    }

    /// Accelerometer and gyroscope readings along the path, in a tilted device frame.
    private mutating func sense(_ xs: [Double], _ ys: [Double], using generator: inout SeededGenerator) {
        // The device frame: tilted about x (pitch) and z (roll) from the world frame (x right,
        // y up, z towards the user). `frame` maps world vectors to device axes.
        let pitch = generator.normal(0, 0.4), roll = generator.normal(0, 0.4)
        let (sp, cp, sr, cr) = (SynthesisMath.sin(pitch), SynthesisMath.cos(pitch), SynthesisMath.sin(roll), SynthesisMath.cos(roll))
        func frame(_ v: (Double, Double, Double)) -> (Double, Double, Double) {
            // Rotate about z by roll, then about x by pitch.
            let x = cr * v.0 + sr * v.1, y = -sr * v.0 + cr * v.1, z = v.2
            return (x, cp * y + sp * z, -sp * y + cp * z)
        }
        let bias = (0..<6).map { _ in generator.normal(0, noise / 2) }
        imu = []
        imu.reserveCapacity(steps * 6)
        let dt = 1 / rate
        for step in 0..<steps {
            let previous = max(step - 1, 0), next = min(step + 1, steps - 1)
            // Central differences (one-sided at the ends).
            let span = Double(next - previous) * dt
            let vx = span > 0 ? (xs[next] - xs[previous]) / span : 0
            let vy = span > 0 ? (ys[next] - ys[previous]) / span : 0
            let ax = step > 0 && step < steps - 1 ? (xs[next] - 2 * xs[step] + xs[previous]) / (dt * dt) : 0
            let ay = step > 0 && step < steps - 1 ? (ys[next] - 2 * ys[step] + ys[previous]) / (dt * dt) : 0
            // Specific force in g: the stroke's acceleration minus gravity (so +1 g up at rest).
            let force = frame((ax / Self.gravity, ay / Self.gravity + 1, 0))
            // Angular velocity about the elbow: r × v / |r|², r from the elbow to the tip.
            let r = (xs[step], ys[step], Self.armLength)
            let v = (vx, vy, 0.0)
            let r2 = r.0 * r.0 + r.1 * r.1 + r.2 * r.2
            let omega = frame(((r.1 * v.2 - r.2 * v.1) / r2, (r.2 * v.0 - r.0 * v.2) / r2, (r.0 * v.1 - r.1 * v.0) / r2))
            let reading = [force.0, force.1, force.2, omega.0, omega.1, omega.2]
            for axis in 0..<6 {
                imu.append(Float(reading[axis] + bias[axis] + generator.normal(0, noise)))
            }
        }
    }

    /// A Gaussian moving average with `sigma` steps, the ends held.
    static func smoothed(_ values: [Double], sigma: Double) -> [Double] {
        guard sigma >= 0.5, values.count > 1 else { return values }
        let radius = Int((3 * sigma).rounded(.up))
        let kernel = (-radius...radius).map { SynthesisMath.exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
        let total = kernel.reduce(0, +)
        return values.indices.map { index in
            var sum = 0.0
            for (offset, weight) in zip(-radius...radius, kernel) {
                sum += weight * values[min(max(index + offset, 0), values.count - 1)]
            }
            return sum / total
        }
    }
}
