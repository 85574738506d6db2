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
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { out in
                for row in 0..<(input.count / depth) {
                    softmaxRow(x.baseAddress! + row * depth, depth: depth, diffMin: p.diffMin, into: out.baseAddress! + row * depth) {
                        scaledExp($0, p)
                    }
                }
            }
        }
        return output
    }

    /// `exp` of a difference from the row maximum (≤ 0), its scaling into Q5.26 included.
    static func scaledExp(_ diff: Int32, _ p: SoftmaxParameters) -> Int32 {
        let rescaled = FixedPoint.multiplyByQuantizedMultiplierGreaterThanOne(diff, p.inputMultiplier, p.inputLeftShift)
        return GemmlowpMath.expOnNegativeValuesQ5(rescaled)
    }

    /// One row of SOFTMAX, with `exp` giving ``scaledExp(_:_:)`` of each difference at least
    /// `diffMin` (the reference computes it, the fast kernel looks it up).
    @inline(__always)
    static func softmaxRow(_ x: UnsafePointer<Int8>, depth: Int, diffMin: Int32, into out: UnsafeMutablePointer<Int8>,
                           exp: (Int32) -> Int32) {
        let accumulationBits = 12
        var maximum: Int32 = -128
        for c in 0..<depth { maximum = max(maximum, Int32(x[c])) }
        var sumOfExps: Int32 = 0
        for c in 0..<depth {
            let diff = Int32(x[c]) - maximum
            if diff >= diffMin { sumOfExps &+= FixedPoint.roundingDivideByPOT(exp(diff), accumulationBits) }
        }
        let (shiftedScale, bitsOverUnit) = GemmlowpMath.reciprocal(sumOfExps, integerBits: accumulationBits)
        let exponent = bitsOverUnit + 31 - 8
        for c in 0..<depth {
            let diff = Int32(x[c]) - maximum
            guard diff >= diffMin else {
                out[c] = -128
                continue
            }
            let unsaturated = FixedPoint.roundingDivideByPOT(FixedPoint.saturatingRoundingDoublingHighMul(shiftedScale, exp(diff)), exponent)
            out[c] = Int8(min(max(unsaturated - 128, -128), 127))
        }
    }
}
