extension ReferenceKernels {
    /// QUANTIZE float32 → int8 (`AffineQuantize`): `clamp(round(x / scale) + zp, -128, 127)`,
    /// the division in float32 and ties away from zero.
    public static func quantize(_ input: [Float], scale: Float, zeroPoint: Int32) -> [Int8] {
        input.map { value in
            let rounded = (value / scale).rounded(.toNearestOrAwayFromZero)
            guard rounded.isFinite else { return rounded > 0 ? 127 : (rounded < 0 ? -128 : Int8(clamping: zeroPoint)) }
            let shifted = Int64(max(min(rounded, 1e12), -1e12)) + Int64(zeroPoint)
            return Int8(clamping: shifted)
        }
    }

    /// DEQUANTIZE int8 → float32: `(q - zp) * scale`, multiplied in double and rounded to float32
    /// (the reference keeps the scale as a double).
    public static func dequantize(_ input: [Int8], scale: Float, zeroPoint: Int32) -> [Float] {
        input.map { Float(Double(scale) * Double(Int32($0) - zeroPoint)) }
    }
}
