/// The smallest and largest value a tensor took over the calibration samples.
public struct CalibratedRange: Sendable, Hashable {
    public var minimum: Float
    public var maximum: Float

    /// An empty range, widened by the first value seen.
    public static let empty = CalibratedRange(minimum: .infinity, maximum: -.infinity)

    /// Creates a range.
    public init(minimum: Float, maximum: Float) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Widens the range to include every finite value (NaNs and infinities are skipped, as
    /// TensorFlow Lite's calibrator skips NaNs).
    public mutating func include<S: Sequence>(_ values: S) where S.Element == Float {
        for value in values where value.isFinite {
            if value < minimum { minimum = value }
            if value > maximum { maximum = value }
        }
    }

    /// Asymmetric int8 parameters (`GetAsymmetricQuantizationParams`): the range is widened to
    /// include 0, `scale = (max - min) / 255` and `zeroPoint = round(-128 - min / scale)` (ties
    /// away from zero) clamped to [-128, 127], in double. A range that is a single point (or was
    /// never widened) gets scale 1 and zero point -128, as TensorFlow's MLIR quantizer does.
    public var int8Quantization: Quantization {
        let low = Double(min(minimum.isFinite ? minimum : 0, 0))
        let high = Double(max(maximum.isFinite ? maximum : 0, 0))
        guard high - low > 1e-9 else { return Quantization(scale: 1, zeroPoint: -128) }
        let scale = (high - low) / 255
        let zeroPointFromMinimum = -128 - low / scale
        let zeroPoint: Int32 = zeroPointFromMinimum < -128 ? -128
            : zeroPointFromMinimum > 127 ? 127 : Int32(zeroPointFromMinimum.rounded(.toNearestOrAwayFromZero))
        return Quantization(scale: Float(scale), zeroPoint: zeroPoint)
    }
}
