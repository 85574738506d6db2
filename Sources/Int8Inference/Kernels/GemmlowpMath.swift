/// gemmlowp's fixed-point transcendental functions used by int8 SOFTMAX (gemmlowp fixedpoint.h).
///
/// Raw int32 values with an implied number of integer bits: Q0.31 when not stated.
enum GemmlowpMath {
    typealias F = FixedPoint

    /// `exp_on_interval_between_negative_one_quarter_and_0_excl` (Q0.31 in, Q0.31 out): a Taylor
    /// expansion around -1/8.
    static func expOnIntervalBetweenNegativeOneQuarterAnd0Excl(_ a: Int32) -> Int32 {
        let constantTerm: Int32 = 1_895_147_668  // exp(-1/8)
        let constantOneThird: Int32 = 715_827_883
        let x = a &+ (1 << 28)
        let x2 = F.saturatingRoundingDoublingHighMul(x, x)
        let x3 = F.saturatingRoundingDoublingHighMul(x2, x)
        let x4 = F.saturatingRoundingDoublingHighMul(x2, x2)
        let x4Over4 = F.roundingDivideByPOT(x4, 2)
        let sum = F.roundingDivideByPOT(F.saturatingRoundingDoublingHighMul(x4Over4 &+ x3, constantOneThird) &+ x2, 1)
        return constantTerm &+ F.saturatingRoundingDoublingHighMul(constantTerm, x &+ sum)
    }

    /// `exp_on_negative_values` for a Q5.26 input `a <= 0`, giving Q0.31.
    static func expOnNegativeValuesQ5(_ a: Int32) -> Int32 {
        expOnNegativeValues(a, integerBits: 5)
    }

    /// `exp_on_negative_values` for an input `a <= 0` with `integerBits` integer bits (1...5),
    /// giving Q0.31. Only the barrel-shifter stages below `2^integerBits` exist, as in the template.
    static func expOnNegativeValues(_ a: Int32, integerBits: Int) -> Int32 {
        let fractionalBits = 31 - integerBits
        let oneQuarter: Int32 = 1 << (fractionalBits - 2)
        let aModQuarterMinusOneQuarter = (a & (oneQuarter - 1)) &- oneQuarter
        // Rescale<0>: a saturating shift left by the integer bits.
        var result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(F.saturatingShiftLeft(aModQuarterMinusOneQuarter, integerBits))
        let remainder = aModQuarterMinusOneQuarter &- a
        // Barrel shifter: multiply by exp(-2^k) for each set bit of the remainder.
        let multipliers: [(exponent: Int, value: Int32)] = [
            (-2, 1_672_461_947), (-1, 1_302_514_674), (0, 790_015_084), (1, 290_630_308),
            (2, 39_332_535), (3, 720_401), (4, 242),
        ]
        for (exponent, value) in multipliers where integerBits > exponent && remainder & (1 << (fractionalBits + exponent)) != 0 {
            result = F.saturatingRoundingDoublingHighMul(result, value)
        }
        return a == 0 ? Int32.max : result
    }

    /// Newton–Raphson reciprocal of `(1 + a) / 2` for `a` in Q0.31: returns `x` in Q2.29 with
    /// `x ≈ 2 / (1 + a)` (the shared core of the two divisions below).
    private static func halfDenominatorReciprocal(_ a: Int32) -> Int32 {
        // RoundingHalfSum(a, One) with One = INT32_MAX in Q0.31: (sum ± 1) / 2, truncating.
        let sum = Int64(a) + Int64(Int32.max)
        let halfDenominator = Int32((sum + (sum >= 0 ? 1 : -1)) / 2)
        let constant48Over17: Int32 = 1_515_870_810  // Q2.29
        let constantNeg32Over17: Int32 = -1_010_580_540  // Q2.29
        var x = constant48Over17 &+ F.saturatingRoundingDoublingHighMul(halfDenominator, constantNeg32Over17)
        let oneQ2: Int32 = 1 << 29
        for _ in 0..<3 {
            let halfDenominatorTimesX = F.saturatingRoundingDoublingHighMul(halfDenominator, x)
            let oneMinus = oneQ2 &- halfDenominatorTimesX
            // Q2 * Q2 = Q4; Rescale<2> shifts left by 2, saturating.
            x = x &+ F.saturatingShiftLeft(F.saturatingRoundingDoublingHighMul(x, oneMinus), 2)
        }
        return x
    }

    /// `one_minus_x_over_one_plus_x_for_x_in_0_1` (Q0.31 in, Q0.31 out), for tanh.
    static func oneMinusXOverOnePlusXForXIn01(_ a: Int32) -> Int32 {
        // x - One in Q2.29, then Rescale<0>: a saturating shift left by 2.
        F.saturatingShiftLeft(halfDenominatorReciprocal(a) &- (1 << 29), 2)
    }

    /// `logistic` for a raw input with `integerBits` integer bits, giving Q0.31.
    ///
    /// `1 / (1 + exp(-|a|))` for the magnitude, mirrored as `One - result` for negative inputs;
    /// exactly one half at zero.
    static func logistic(_ a: Int32, integerBits: Int) -> Int32 {
        guard a != 0 else { return 1 << 30 }
        let magnitude = a > 0 ? a : 0 &- a
        let positive = oneOverOnePlusXForXIn01(expOnNegativeValues(0 &- magnitude, integerBits: integerBits))
        return a > 0 ? positive : Int32.max &- positive
    }

    /// `tanh` for a raw input with `integerBits` integer bits, giving Q0.31: computed on the
    /// negative magnitude as `(1 - exp(2n)) / (1 + exp(2n))`, with the sign restored; 0 at zero.
    static func tanh(_ a: Int32, integerBits: Int) -> Int32 {
        guard a != 0 else { return 0 }
        let negative = a < 0 ? a : 0 &- a
        // ExactMulByPot<1>: the same raw value read with one more integer bit, i.e. times two.
        let t = oneMinusXOverOnePlusXForXIn01(expOnNegativeValues(negative, integerBits: integerBits + 1))
        return a < 0 ? 0 &- t : t
    }

    /// `one_over_one_plus_x_for_x_in_0_1` (Q0.31 in, Q0.31 out): Newton–Raphson division.
    static func oneOverOnePlusXForXIn01(_ a: Int32) -> Int32 {
        // ExactMulByPot<-1> reinterprets Q2 as Q1; Rescale<0> shifts left by 1, saturating.
        F.saturatingShiftLeft(halfDenominatorReciprocal(a), 1)
    }

    /// `GetReciprocal`: `1 / x` for `x` with `integerBits` integer bits, as a Q0.31 value and the
    /// number of bits it is above one.
    static func reciprocal(_ x: Int32, integerBits: Int) -> (value: Int32, bitsOverUnit: Int) {
        let headroomPlusOne = UInt32(bitPattern: x).leadingZeroBitCount
        let bitsOverUnit = integerBits - headroomPlusOne
        let shiftedSumMinusOne = Int32(bitPattern: (UInt32(bitPattern: x) << UInt32(headroomPlusOne)) &- (1 << 31))
        return (oneOverOnePlusXForXIn01(shiftedSumMinusOne), bitsOverUnit)
    }
}
