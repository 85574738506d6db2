/// Fixed-point arithmetic of TensorFlow Lite Micro's int8 kernels (gemmlowp's rounding rules).
///
/// Every function reproduces the C++ reference bit for bit, including its edge cases:
/// each helper's own tie rule, `INT32_MIN * INT32_MIN` saturates, and shifts of negative
/// values are arithmetic. Requantization uses the default double-rounding path
/// (TensorFlow Lite Micro builds without `TFLITE_SINGLE_ROUNDING`).
public enum FixedPoint {
    /// A real multiplier as a Q31 significand in [2^30, 2^31) (or 0) and a power-of-two exponent:
    /// `real ≈ multiplier * 2^(shift - 31)`.
    public struct Multiplier: Sendable, Hashable {
        public var multiplier: Int32
        public var shift: Int

        /// Creates a multiplier from its parts.
        public init(multiplier: Int32, shift: Int) {
            self.multiplier = multiplier
            self.shift = shift
        }
    }

    /// `QuantizeMultiplier`: splits `real` into a Q31 significand and an exponent.
    ///
    /// The significand is `round(frac * 2^31)` (ties away from zero) where `real = frac * 2^shift`,
    /// `frac` in [0.5, 1); a significand that rounds up to 2^31 is halved; multipliers below
    /// 2^-32 flush to zero (multiplier 0, shift 0).
    public static func quantizeMultiplier(_ real: Double) -> Multiplier {
        guard real != 0, real.isFinite else { return Multiplier(multiplier: 0, shift: 0) }
        // frexp: real = fraction * 2^exponent, |fraction| in [0.5, 1).
        let fraction = real.significand / 2 * (real < 0 ? -1 : 1)
        var shift = Int(real.exponent) + 1
        var fixed = Int64((fraction * 2_147_483_648.0).rounded(.toNearestOrAwayFromZero))
        if fixed == 1 << 31 {
            fixed /= 2
            shift += 1
        }
        if shift < -31 {
            shift = 0
            fixed = 0
        }
        return Multiplier(multiplier: Int32(fixed), shift: shift)
    }

    /// `QuantizeMultiplierSmallerThanOneExp`: as `quantizeMultiplier`, for a multiplier in (0, 1),
    /// so the shift is zero or negative.
    public static func quantizeMultiplierSmallerThanOne(_ real: Double) -> Multiplier {
        quantizeMultiplier(real)
    }

    /// `QuantizeMultiplierGreaterThanOne`: as `quantizeMultiplier`, for a multiplier above 1,
    /// so the shift is positive.
    public static func quantizeMultiplierGreaterThanOne(_ real: Double) -> Multiplier {
        quantizeMultiplier(real)
    }

    /// `SaturatingRoundingDoublingHighMul`: `round(a * b / 2^31)` with ties toward +infinity
    /// (gemmlowp's nudge then truncation: 0.5 → 1, -0.5 → 0, -1.5 → -1);
    /// the one overflowing case `INT32_MIN * INT32_MIN` gives `INT32_MAX`.
    @inline(__always)
    public static func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
        if a == .min && b == .min { return .max }
        let product = Int64(a) * Int64(b)
        let nudge: Int64 = product >= 0 ? 1 << 30 : 1 - (1 << 30)
        // Swift's `/` truncates toward zero, as C's does.
        return Int32(truncatingIfNeeded: (product + nudge) / (1 << 31))
    }

    /// `RoundingDivideByPOT`: `x / 2^exponent` rounded to nearest, ties away from zero;
    /// `exponent` in 0...31.
    @inline(__always)
    public static func roundingDivideByPOT(_ x: Int32, _ exponent: Int) -> Int32 {
        precondition(exponent >= 0 && exponent <= 31, "exponent out of 0...31")
        let mask = Int32(truncatingIfNeeded: (Int64(1) << exponent) - 1)
        let remainder = x & mask
        let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
        return (x >> exponent) + (remainder > threshold ? 1 : 0)
    }

    /// `MultiplyByQuantizedMultiplier`: `x * real` in fixed point (double rounding):
    /// `RoundingDivideByPOT(SRDHM(x * 2^max(shift,0), M), max(-shift,0))`.
    ///
    /// The left shift wraps on overflow, as the C++ does on every supported target.
    @inline(__always)
    public static func multiplyByQuantizedMultiplier(_ x: Int32, _ multiplier: Int32, _ shift: Int) -> Int32 {
        let left = shift > 0 ? shift : 0
        let right = shift > 0 ? 0 : -shift
        return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x &* (1 << left), multiplier), right)
    }

    /// `MultiplyByQuantizedMultiplier` with the multiplier as one value.
    @inline(__always)
    public static func multiplyByQuantizedMultiplier(_ x: Int32, _ multiplier: Multiplier) -> Int32 {
        multiplyByQuantizedMultiplier(x, multiplier.multiplier, multiplier.shift)
    }

    /// `MultiplyByQuantizedMultiplierSmallerThanOneExp`: `RoundingDivideByPOT(SRDHM(x, M), -shift)`
    /// for `shift <= 0`.
    @inline(__always)
    public static func multiplyByQuantizedMultiplierSmallerThanOne(_ x: Int32, _ multiplier: Int32, _ shift: Int) -> Int32 {
        roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, multiplier), -shift)
    }

    /// `MultiplyByQuantizedMultiplierGreaterThanOne`: `SRDHM(x * 2^shift, M)` for `shift >= 0`
    /// (the shift wraps on overflow).
    @inline(__always)
    public static func multiplyByQuantizedMultiplierGreaterThanOne(_ x: Int32, _ multiplier: Int32, _ shift: Int) -> Int32 {
        saturatingRoundingDoublingHighMul(x &* (1 << shift), multiplier)
    }

    /// gemmlowp's `SaturatingRoundingMultiplyByPOT` for a positive exponent: `x * 2^exponent`
    /// clamped to the int32 range.
    @inline(__always)
    public static func saturatingShiftLeft(_ x: Int32, _ exponent: Int) -> Int32 {
        let threshold = Int32((1 << (31 - exponent)) - 1)
        if x > threshold { return .max }
        if x < -threshold { return .min }
        return x << exponent
    }
}
