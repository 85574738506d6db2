/// Parameters of int8 SOFTMAX (`CalculateSoftmaxParams`, `PreprocessSoftmaxScaling`).
public struct SoftmaxParameters: Sendable, Hashable {
    /// Input differences are scaled by this multiplier (a left shift plus Q31 significand) into Q5.26.
    public var inputMultiplier: Int32
    public var inputLeftShift: Int
    /// Differences from the row maximum below this give output -128 outright.
    public var diffMin: Int32

    /// `min(beta * s_in * 2^26, 2^31 - 1)` in double, quantized; `diffMin = -floor(radius)` where
    /// `radius = (2^5 - 1) * 2^26 / 2^leftShift`.
    public init(beta: Float, inputScale: Float) {
        let integerBits = 5
        let real = min(Double(beta) * Double(inputScale) * Double(1 << (31 - integerBits)), Double((Int64(1) << 31) - 1))
        let multiplier = FixedPoint.quantizeMultiplierGreaterThanOne(real)
        inputMultiplier = multiplier.multiplier
        inputLeftShift = multiplier.shift
        let radius = Double((1 << integerBits) - 1) * Double(Int64(1) << (31 - integerBits)) / Double(Int64(1) << inputLeftShift)
        diffMin = -Int32(radius.rounded(.down))
    }
}

extension ReferenceKernels {
    /// SOFTMAX int8 → int8 over the last dimension, output scale 1/256 and zero point -128:
    /// `exp` of each difference from the row maximum in fixed point, summed in Q12.19, divided
    /// through a fixed-point reciprocal.
    public static func softmax(_ input: [Int8], depth: Int, parameters p: SoftmaxParameters) -> [Int8] {
        guard depth > 0 else { return [] }
        var output = [Int8](repeating: -128, count: input.count)
        let accumulationBits = 12
        for row in 0..<(input.count / depth) {
            let base = row * depth
            var maximum: Int32 = -128
            for c in 0..<depth { maximum = max(maximum, Int32(input[base + c])) }
            func scaledExp(_ diff: Int32) -> Int32 {
                let rescaled = FixedPoint.multiplyByQuantizedMultiplierGreaterThanOne(diff, p.inputMultiplier, p.inputLeftShift)
                return GemmlowpMath.expOnNegativeValuesQ5(rescaled)
            }
            var sumOfExps: Int32 = 0
            for c in 0..<depth {
                let diff = Int32(input[base + c]) - maximum
                if diff >= p.diffMin {
                    sumOfExps &+= FixedPoint.roundingDivideByPOT(scaledExp(diff), accumulationBits)
                }
            }
            let (shiftedScale, bitsOverUnit) = GemmlowpMath.reciprocal(sumOfExps, integerBits: accumulationBits)
            let exponent = bitsOverUnit + 31 - 8
            for c in 0..<depth {
                let diff = Int32(input[base + c]) - maximum
                guard diff >= p.diffMin else { continue }
                let unsaturated = FixedPoint.roundingDivideByPOT(
                    FixedPoint.saturatingRoundingDoublingHighMul(shiftedScale, scaledExp(diff)), exponent)
                output[base + c] = Int8(min(max(unsaturated - 128, -128), 127))
            }
        }
        return output
    }
}
