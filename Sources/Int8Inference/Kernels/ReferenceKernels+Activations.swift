/// Parameters of int8 LOGISTIC and TANH (their Prepare): the input rescaled into a Q4.27 fixed-point
/// value, and the radius beyond which the output saturates.
public struct SigmoidParameters: Sendable, Hashable {
    /// The input zero point, subtracted from every input.
    public var inputZeroPoint: Int32
    /// `input_scale * 2^27` as a Q31 significand and a power-of-two exponent.
    public var inputMultiplier: Int32
    public var inputLeftShift: Int
    /// Centred inputs at or beyond `±radius` give the extreme outputs outright.
    public var inputRangeRadius: Int32

    /// Integer bits of the fixed-point input both kernels evaluate.
    static let inputIntegerBits = 4

    /// `frexp(s_in * 2^27)` with the significand rounded to Q31 (ties away from zero, no
    /// renormalisation: TensorFlow Lite Micro's Prepare calls `frexp` itself here), and
    /// `radius = floor(15 * 2^27 / 2^shift)` (`CalculateInputRadius(4, shift, 31)`).
    public init(inputScale: Float, inputZeroPoint: Int32) {
        self.inputZeroPoint = inputZeroPoint
        let real = Double(inputScale) * Double(1 << (31 - Self.inputIntegerBits))
        guard real > 0, real.isFinite else {
            inputMultiplier = 0
            inputLeftShift = 0
            inputRangeRadius = 0
            return
        }
        let exponent = Int(real.exponent) + 1
        let fraction = real / Double(sign: .plus, exponent: exponent, significand: 1)
        let fixed = Int64((fraction * 2_147_483_648.0).rounded(.toNearestOrAwayFromZero))
        inputMultiplier = Int32(truncatingIfNeeded: fixed)
        inputLeftShift = exponent
        let maxRescaled = Double((1 << Self.inputIntegerBits) - 1) * Double(Int64(1) << (31 - Self.inputIntegerBits))
            / Double(sign: .plus, exponent: exponent, significand: 1)
        inputRangeRadius = Int32(clamping: Int64(maxRescaled.rounded(.down)))
    }

    /// The centred input in Q4.27, or nil when it lies outside the radius (the sign says which end).
    @inline(__always)
    func fixedPointInput(_ value: Int8) -> (q4: Int32?, negative: Bool) {
        let centred = Int32(value) - inputZeroPoint
        if centred <= -inputRangeRadius { return (nil, true) }
        if centred >= inputRangeRadius { return (nil, false) }
        return (FixedPoint.multiplyByQuantizedMultiplier(centred, inputMultiplier, inputLeftShift), centred < 0)
    }
}

extension ReferenceKernels {
    /// LOGISTIC int8 → int8, output scale 1/256 and zero point -128: gemmlowp's fixed-point
    /// logistic on the Q4.27 input, rounded to 8 fractional bits (`RoundingDivideByPOT(·, 23)`),
    /// shifted by -128 and clamped. Inputs beyond the radius give -128 or 127 directly.
    public static func logistic(_ input: [Int8], parameters p: SigmoidParameters) -> [Int8] {
        input.map { value in
            let (q4, negative) = p.fixedPointInput(value)
            guard let q4 else { return negative ? -128 : 127 }
            let q0 = GemmlowpMath.logistic(q4, integerBits: SigmoidParameters.inputIntegerBits)
            let scaled = FixedPoint.roundingDivideByPOT(q0, 31 - 8) - 128
            return Int8(min(max(scaled, -128), 127))
        }
    }

    /// TANH int8 → int8, output scale 1/128 and zero point 0: gemmlowp's fixed-point tanh on the
    /// Q4.27 input, rounded to 7 fractional bits (`RoundingDivideByPOT(·, 24)`) and clamped.
    /// Inputs beyond the radius give -128 or 127 directly.
    public static func tanh(_ input: [Int8], parameters p: SigmoidParameters) -> [Int8] {
        input.map { value in
            let (q4, negative) = p.fixedPointInput(value)
            guard let q4 else { return negative ? -128 : 127 }
            let q0 = GemmlowpMath.tanh(q4, integerBits: SigmoidParameters.inputIntegerBits)
            let scaled = FixedPoint.roundingDivideByPOT(q0, 31 - 7)
            return Int8(min(max(scaled, -128), 127))
        }
    }
}
