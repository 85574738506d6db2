/// Affine quantization of a tensor: `real = (q - zeroPoint) * scale`.
///
/// One scale and zero point means per-tensor quantization; several mean per-channel quantization
/// along `quantizedDimension` (output channels for CONV_2D weights, dimension 3 for DEPTHWISE_CONV_2D).
public struct Quantization: Sendable, Hashable {
    /// Scales, one per channel (or one for the whole tensor).
    public var scales: [Float]
    /// Zero points, as many as `scales`.
    public var zeroPoints: [Int32]
    /// The dimension the channels run along; ignored for per-tensor quantization.
    public var quantizedDimension: Int

    /// Creates quantization parameters; `scales` and `zeroPoints` must have the same count.
    public init(scales: [Float], zeroPoints: [Int32], quantizedDimension: Int = 0) {
        precondition(scales.count == zeroPoints.count, "one zero point per scale")
        self.scales = scales
        self.zeroPoints = zeroPoints
        self.quantizedDimension = quantizedDimension
    }

    /// Per-tensor parameters.
    public init(scale: Float, zeroPoint: Int32) {
        self.init(scales: [scale], zeroPoints: [zeroPoint])
    }

    /// Whether there is a single scale for the whole tensor.
    public var isPerTensor: Bool { scales.count == 1 }

    /// The scale of the whole tensor (the first one when per-channel).
    public var scale: Float { scales[0] }

    /// The zero point of the whole tensor (the first one when per-channel).
    public var zeroPoint: Int32 { zeroPoints[0] }
}
