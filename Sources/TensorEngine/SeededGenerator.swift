import Foundation

/// The one source of randomness in Mote: xoshiro256** seeded through SplitMix64, so the same
/// seed gives the same numbers on every machine and Swift version. Every random draw takes a
/// generator passed down explicitly; nothing reads a global or the clock.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Float?

    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        self.init(state: (mixer.next(), mixer.next(), mixer.next(), mixer.next()))
    }

    /// Starts from a raw xoshiro state (for the reference vectors).
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        self.state = state
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1), from the top 24 bits (every float32 step in that range is equally likely).
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// Standard normal by the Box–Muller transform, computed in Double; the second value of
    /// each pair is kept for the next call.
    public mutating func nextNormal() -> Float {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - Double(next() >> 11) * 0x1.0p-53
        let u2 = Double(next() >> 11) * 0x1.0p-53
        let radius = (-2.0 * Foundation.log(u1)).squareRoot()
        spareNormal = Float(radius * Foundation.sin(2.0 * .pi * u2))
        return Float(radius * Foundation.cos(2.0 * .pi * u2))
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's method).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// Fisher–Yates with this generator's own draws (the standard library's shuffle may change
    /// its algorithm between Swift versions, which would change every shuffled dataset).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, nextInt(below: i + 1))
        }
    }
}

/// SplitMix64, which spreads one 64-bit seed over xoshiro's four words of state.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
