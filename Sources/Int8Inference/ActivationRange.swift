/// The clamp range a fused activation puts on a quantized int8 output.
public struct ActivationRange: Sendable, Hashable {
    public var minimum: Int32
    public var maximum: Int32

    /// Creates a range.
    public init(minimum: Int32, maximum: Int32) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// `CalculateActivationRangeQuantized` for int8: the quantized images of the activation's
    /// bounds, each `zeroPoint + round(bound / scale)` in float (ties away from zero), intersected
    /// with [-128, 127].
    public static func int8(_ activation: FusedActivation, scale: Float, zeroPoint: Int32) -> ActivationRange {
        func quantized(_ value: Float) -> Int32 {
            let rounded = (value / scale).rounded(.toNearestOrAwayFromZero)
            // Out-of-range bounds only matter through the clamp below.
            if rounded >= 2_147_483_648.0 { return .max }  // 2^31: the first float past Int32.max
            if rounded <= -2_147_483_648 { return .min }
            return zeroPoint &+ Int32(rounded)
        }
        let low: Int32 = -128
        let high: Int32 = 127
        switch activation {
        case .none:
            return ActivationRange(minimum: low, maximum: high)
        case .relu:
            return ActivationRange(minimum: max(low, quantized(0)), maximum: high)
        case .relu6:
            return ActivationRange(minimum: max(low, quantized(0)), maximum: min(high, quantized(6)))
        case .reluN1To1:
            return ActivationRange(minimum: max(low, quantized(-1)), maximum: min(high, quantized(1)))
        }
    }

    /// The float bounds of an activation (`CalculateActivationRange` for float).
    public static func float(_ activation: FusedActivation) -> (minimum: Float, maximum: Float) {
        switch activation {
        case .none: (-Float.greatestFiniteMagnitude, Float.greatestFiniteMagnitude)
        case .relu: (0, Float.greatestFiniteMagnitude)
        case .relu6: (0, 6)
        case .reluN1To1: (-1, 1)
        }
    }

    /// Clamps a value to the range.
    @inline(__always)
    public func clamp(_ value: Int32) -> Int32 { min(maximum, max(minimum, value)) }
}
