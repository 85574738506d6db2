/// TensorFlow Lite Micro's reference int8 kernels as plain loops: the definition of each op.
///
/// Each kernel takes raw values and precomputed parameters, so the same loops serve the
/// interpreter and tests of single ops. Shapes are NHWC; filters are OHWI (CONV_2D),
/// 1HW(I·M) (DEPTHWISE_CONV_2D) and [out, in] (FULLY_CONNECTED).
public enum ReferenceKernels {}

/// Requantization parameters shared by the convolution-like ops.
public struct Requantization: Sendable, Hashable {
    /// `-input zero point`, added to every input value before multiplying.
    public var inputOffset: Int32
    /// The output zero point, added after rescaling.
    public var outputOffset: Int32
    /// One multiplier per output channel (one in total for per-tensor FULLY_CONNECTED).
    public var multipliers: [FixedPoint.Multiplier]
    /// The clamp of the fused activation.
    public var range: ActivationRange

    /// Creates requantization parameters.
    public init(inputOffset: Int32, outputOffset: Int32, multipliers: [FixedPoint.Multiplier], range: ActivationRange) {
        self.inputOffset = inputOffset
        self.outputOffset = outputOffset
        self.multipliers = multipliers
        self.range = range
    }

    /// `PopulateConvolutionQuantizationParams`: `M[c] = double(si) * double(sw[c]) / double(so)`,
    /// per-tensor filter scales broadcast to every channel.
    public static func perChannel(input: Quantization, filterScales: [Float], output: Quantization,
                                  channels: Int, activation: FusedActivation) -> Requantization {
        let multipliers = (0..<channels).map { channel in
            let filterScale = filterScales.count == 1 ? filterScales[0] : filterScales[channel]
            return FixedPoint.quantizeMultiplier(Double(input.scale) * Double(filterScale) / Double(output.scale))
        }
        return Requantization(inputOffset: -input.zeroPoint, outputOffset: output.zeroPoint, multipliers: multipliers,
                              range: .int8(activation, scale: output.scale, zeroPoint: output.zeroPoint))
    }

    /// `GetQuantizedConvolutionMultipler` for per-tensor FULLY_CONNECTED: the input and filter
    /// scales are multiplied in float32 before the double division, as TensorFlow Lite Micro does.
    public static func perTensorFullyConnected(input: Quantization, filterScale: Float, output: Quantization,
                                               activation: FusedActivation) -> Requantization {
        let product = Double(input.scale * filterScale)
        return Requantization(inputOffset: -input.zeroPoint, outputOffset: output.zeroPoint,
                              multipliers: [FixedPoint.quantizeMultiplier(product / Double(output.scale))],
                              range: .int8(activation, scale: output.scale, zeroPoint: output.zeroPoint))
    }

    /// Rescales an accumulator for `channel` to a clamped int8 output.
    @inline(__always)
    func output(_ accumulator: Int32, channel: Int) -> Int8 {
        let multiplier = multipliers.count == 1 ? multipliers[0] : multipliers[channel]
        let scaled = FixedPoint.multiplyByQuantizedMultiplier(accumulator, multiplier) &+ outputOffset
        return Int8(range.clamp(scaled))
    }
}
