import TensorEngine

/// Helpers shared by the synthetic sensors: argument checks, draws in a range, and a
/// deterministic hash of names (Swift's `Hasher` is seeded per process, so it cannot be used).
enum Synthetic {
    /// The number of steps of `duration` seconds at `rate` Hz.
    /// - Throws: `DatasetError.invalidArgument` when the arguments do not describe between 1 and
    ///   10⁷ steps, or the whole dataset would exceed 2³¹ values.
    static func steps(rate: Double, duration: Double, samples: Int, channels: Int) throws(DatasetError) -> Int {
        let exact = rate * duration
        let steps = exact.isFinite ? Int(max(-1e9, min(1e9, exact.rounded()))) : 0
        guard rate > 0, duration > 0, steps >= 1, steps <= 10_000_000, samples >= 0,
              Double(samples) * Double(steps) * Double(channels) <= Double(Int32.max) else {
            throw .invalidArgument("rate × duration must give 1 to 10,000,000 steps per sample and the data at most 2³¹ values, "
                                   + "not \(samples) samples of \(steps) steps × \(channels) channels")
        }
        return steps
    }

    /// FNV-1a over the UTF-8 bytes of `name`: a stable 64-bit seed for shapes derived from names.
    static func hash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Class indices for `perClass` samples of each of `classes` classes, interleaved
    /// (0, 1, 2, 0, 1, 2, …) so that any prefix of the dataset is balanced.
    static func interleaved(classes: Int, perClass: Int) -> [Int] {
        (0..<(classes * perClass)).map { $0 % classes }
    }
}

extension SeededGenerator {
    /// A uniform draw in `lower ..< upper`.
    mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * Double(nextUniform())
    }

    /// A normal draw with this mean and standard deviation.
    mutating func normal(_ mean: Double = 0, _ std: Double) -> Double {
        mean + std * Double(nextNormal())
    }
}

/// A two-pole resonator (a band-pass around `frequency` with `bandwidth` Hz), the building
/// block of formant and structural-resonance synthesis: `y[n] = g·x[n] + a1·y[n−1] + a2·y[n−2]`.
struct Resonator {
    private var a1 = 0.0, a2 = 0.0, gain = 0.0
    private var y1 = 0.0, y2 = 0.0

    init(frequency: Double, bandwidth: Double, rate: Double) {
        tune(frequency: frequency, bandwidth: bandwidth, rate: rate)
    }

    /// Moves the resonance without clearing the filter's memory (for gliding formants).
    mutating func tune(frequency: Double, bandwidth: Double, rate: Double) {
        let radius = SynthesisMath.exp(-Double.pi * bandwidth / rate)
        let angle = 2 * Double.pi * min(frequency, 0.49 * rate) / rate
        a1 = 2 * radius * SynthesisMath.cos(angle)
        a2 = -radius * radius
        // |H| = 1 at the pole angle: g = (1 − r)·|1 − r·e^(−2iθ)|.
        gain = (1 - radius) * (1 - 2 * radius * SynthesisMath.cos(2 * angle) + radius * radius).squareRoot()
    }

    mutating func callAsFunction(_ x: Double) -> Double {
        let y = gain * x + a1 * y1 + a2 * y2
        y2 = y1
        y1 = y
        return y
    }
}
