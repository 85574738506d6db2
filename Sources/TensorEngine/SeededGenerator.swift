/// The random number generator for everything in Mote: xoshiro256** seeded through SplitMix64.
///
/// Every random draw in Mote (weight initialisation, `randn`, shuffling, dropout, data splits)
/// must come from a `SeededGenerator` passed down explicitly, never from the system generator,
/// so a notebook gives the same numbers on every run and every platform. All derived draws
/// (`nextUniform`, `nextNormal`, `nextInt`, `shuffle`) are defined in this file using only
/// integer operations and IEEE-754 basic arithmetic, so they do not depend on the platform's
/// math library or on the Swift standard library's algorithms.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The second Box–Muller value, returned by the next `nextNormal()` call.
    private var cachedNormal: Float?

    /// Creates a generator whose 256-bit state is four successive SplitMix64 outputs of `seed`.
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        self.init(state: (mixer.next(), mixer.next(), mixer.next(), mixer.next()))
    }

    /// Creates a generator from a raw xoshiro256** state (for reference-vector tests).
    /// The state must not be all zero.
    package init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state != (0, 0, 0, 0), "SeededGenerator: the all-zero state is a fixed point")
        (s0, s1, s2, s3) = state
        cachedNormal = nil
    }

    /// The next 64 random bits (one xoshiro256** step).
    public mutating func next() -> UInt64 {
        let result = (s1 &* 5).rotatedLeft(by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(by: 45)
        return result
    }

    /// A uniform float in `[0, 1)`: the top 24 bits of `next()` times 2⁻²⁴, so every value is
    /// exactly representable and 1 is never returned.
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform integer in `0..<upperBound`, without modulo bias (Lemire's multiply-and-reject).
    ///
    /// - Precondition: `upperBound > 0`.
    public mutating func nextInt(upperBound: Int) -> Int {
        precondition(upperBound > 0, "SeededGenerator.nextInt: upperBound must be positive")
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return Int(product.high)
    }

    /// A standard normal float (mean 0, standard deviation 1) by the Box–Muller transform.
    ///
    /// Each pair of uniform draws gives two normals; the second is cached and returned by the
    /// next call. The logarithm and sine/cosine are Mote's own (``DeterministicMath``), so the
    /// values are the same on every platform.
    public mutating func nextNormal() -> Float {
        if let cached = cachedNormal {
            cachedNormal = nil
            return cached
        }
        // u1 in (0, 1] so the logarithm is finite; u2 in [0, 1) is a fraction of a turn.
        let u1 = Double((next() >> 11) + 1) * 0x1p-53
        let u2 = Double(next() >> 11) * 0x1p-53
        let radius = (-2 * DeterministicMath.log(u1)).squareRoot()
        let (sine, cosine) = DeterministicMath.sinCosOfTurns(u2)
        cachedNormal = Float(radius * sine)
        return Float(radius * cosine)
    }

    /// Shuffles `array` in place with the Fisher–Yates algorithm, drawing from this generator.
    ///
    /// Deliberately not the standard library's `shuffle(using:)`, whose algorithm may change
    /// between Swift versions.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for index in stride(from: array.count - 1, to: 0, by: -1) {
            let other = nextInt(upperBound: index + 1)
            if other != index { array.swapAt(index, other) }
        }
    }
}

/// The SplitMix64 generator, used to expand a 64-bit seed into xoshiro256** state.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The current 64-bit state; it advances by the golden-ratio increment on each draw.
    public var state: UInt64

    /// Creates a generator starting at `state`.
    public init(state: UInt64) {
        self.state = state
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(by amount: UInt64) -> UInt64 {
        (self << amount) | (self >> (64 - amount))
    }
}
