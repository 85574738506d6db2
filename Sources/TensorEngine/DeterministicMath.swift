/// Elementary functions built from IEEE-754 basic arithmetic only.
///
/// Platform math libraries may differ in the last bit of `log`, `sin` and `cos`; random number
/// transforms use these instead so that a seed gives the same floats everywhere. Accuracy is a
/// few units in the last place of a `Double`, far below `Float` resolution. The functions rely on
/// Swift not contracting `a * b + c` into a fused multiply-add, which it does not do implicitly.
package enum DeterministicMath {
    private static let ln2High = 6.93147180369123816490e-01
    private static let ln2Low = 1.90821492927058770002e-10

    /// The natural logarithm of a positive, finite `x`.
    ///
    /// Splits `x = m · 2^e` with `m` in `[√½, √2)`, then `log m = 2·atanh(s)`, `s = (m−1)/(m+1)`,
    /// summed as an odd series to `s²³` (|s| ≤ 0.172, so the tail is below 10⁻¹⁷ relative).
    package static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "DeterministicMath.log: argument must be positive and finite")
        var exponent = Double(x.exponent)
        var mantissa = x.significand
        if mantissa > 1.4142135623730951 {
            mantissa *= 0.5
            exponent += 1
        }
        let s = (mantissa - 1) / (mantissa + 1)
        let s2 = s * s
        // 2 / (2k + 1) for k = 11 down to 1, by Horner's rule.
        var series = 2.0 / 23
        series = series * s2 + 2.0 / 21
        series = series * s2 + 2.0 / 19
        series = series * s2 + 2.0 / 17
        series = series * s2 + 2.0 / 15
        series = series * s2 + 2.0 / 13
        series = series * s2 + 2.0 / 11
        series = series * s2 + 2.0 / 9
        series = series * s2 + 2.0 / 7
        series = series * s2 + 2.0 / 5
        series = series * s2 + 2.0 / 3
        let logMantissa = s * 2 + s * s2 * series
        return exponent * ln2High + (logMantissa + exponent * ln2Low)
    }

    /// The sine and cosine of `turns` full turns (an angle of `2π · turns` radians).
    ///
    /// Working in turns makes the quadrant reduction exact; what remains is an angle of at most
    /// π/4, where Taylor series to the 17th/18th power are accurate to below 10⁻¹⁸.
    package static func sinCosOfTurns(_ turns: Double) -> (sin: Double, cos: Double) {
        let quarters = turns * 4
        let quadrant = quarters.rounded(.toNearestOrEven)
        let x = (quarters - quadrant) * 1.5707963267948966
        let x2 = x * x
        // sin x = x − x³/3! + … + x¹⁷/17!
        var sine = 1.0 / 355_687_428_096_000
        sine = sine * -x2 + 1.0 / 1_307_674_368_000
        sine = sine * -x2 + 1.0 / 6_227_020_800
        sine = sine * -x2 + 1.0 / 39_916_800
        sine = sine * -x2 + 1.0 / 362_880
        sine = sine * -x2 + 1.0 / 5040
        sine = sine * -x2 + 1.0 / 120
        sine = sine * -x2 + 1.0 / 6
        sine = x - x * x2 * sine
        // cos x = 1 − x²/2! + … + x¹⁸/18!
        var cosine = 1.0 / 6_402_373_705_728_000
        cosine = cosine * -x2 + 1.0 / 20_922_789_888_000
        cosine = cosine * -x2 + 1.0 / 87_178_291_200
        cosine = cosine * -x2 + 1.0 / 479_001_600
        cosine = cosine * -x2 + 1.0 / 3_628_800
        cosine = cosine * -x2 + 1.0 / 40320
        cosine = cosine * -x2 + 1.0 / 720
        cosine = cosine * -x2 + 1.0 / 24
        cosine = cosine * -x2 + 0.5
        cosine = 1 - x2 * cosine
        switch Int(quadrant) & 3 {
        case 0: return (sine, cosine)
        case 1: return (cosine, -sine)
        case 2: return (-sine, -cosine)
        default: return (-cosine, sine)
        }
    }
}
