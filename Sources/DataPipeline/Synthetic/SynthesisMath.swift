import TensorEngine

/// The elementary functions the synthetic sensors use, from IEEE-754 basic arithmetic only, so
/// that a seed gives bit-identical data on every platform (math libraries may differ in the
/// last bit, and one bit is enough to change a rounded `Float` sample).
enum SynthesisMath {
    private static let ln2High = 6.93147180369123816490e-01
    private static let ln2Low = 1.90821492927058770002e-10

    static func sin(_ radians: Double) -> Double { DeterministicMath.sinCosOfTurns(radians / (2 * Double.pi)).sin }
    static func cos(_ radians: Double) -> Double { DeterministicMath.sinCosOfTurns(radians / (2 * Double.pi)).cos }

    /// `e^x`: `x = k·ln 2 + r` with `|r| ≤ ln 2 / 2`, a Taylor series to `r¹⁴` (tail below
    /// 10⁻¹⁸ relative), scaled by `2^k`. Underflows to 0 below −745 and overflows above 709.8.
    static func exp(_ x: Double) -> Double {
        guard x > -745 else { return 0 }
        guard x < 709.78 else { return .infinity }
        let k = (x / 0.6931471805599453).rounded(.toNearestOrEven)
        let r = (x - k * ln2High) - k * ln2Low
        // Σ rⁿ/n! for n = 14 down to 0, by Horner's rule.
        var series = inverseFactorials[14]
        for n in stride(from: 13, through: 0, by: -1) { series = series * r + inverseFactorials[n] }
        // Scale in two steps so 2^k stays a normal number near the ends of the range.
        let half = Int(k) / 2
        return series * Double(sign: .plus, exponent: half, significand: 1)
            * Double(sign: .plus, exponent: Int(k) - half, significand: 1)
    }

    /// `ln x` for a positive, finite `x`.
    static func log(_ x: Double) -> Double { DeterministicMath.log(x) }

    /// The length of `(x, y)`.
    static func hypot(_ x: Double, _ y: Double) -> Double { (x * x + y * y).squareRoot() }

    /// `1/n!` for `n = 0 … 14` (every `n!` here is exact in a `Double`).
    private static let inverseFactorials: [Double] = (0...14).map { n in 1 / (1...max(1, n)).reduce(1.0) { $0 * Double($1) } }
}
