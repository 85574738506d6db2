import TensorEngine

/// Post-training quantization: a float model and calibration samples become an int8 ``Graph``
/// that follows TensorFlow Lite's int8 specification.
///
/// Activations are int8 per tensor with ranges from the min and max over the calibration samples
/// (widened to include 0); weights are int8 symmetric per output channel; biases int32 with
/// scale `s_in * s_w[c]`. Batchnorm after a convolution or dense layer without activation is
/// folded into it; relu and relu6 are fused; sigmoid, tanh and softmax become LOGISTIC, TANH and
/// SOFTMAX with their fixed output parameters. The result depends only on the model's weights
/// and the samples, so the same inputs give the same graph.
public enum Quantizer {
    /// The fewest calibration samples that give trustworthy ranges; TensorFlow Lite's guidance
    /// is 100 to a few hundred.
    public static let advisedCalibrationSamples = 100

    /// Quantizes `model`, calibrating on `samples` (`[n] + inputShape`, or samples with as many
    /// elements). Fewer than ``advisedCalibrationSamples`` samples give a warning in the result.
    public static func quantize(_ model: Model, calibration samples: Tensor) throws(QuantizationError) -> QuantizedGraph {
        let calibration = try Calibration(model: model, samples: samples)
        var builder = GraphBuilder(model: model, calibration: calibration)
        builder.build()
        var warnings: [String] = []
        let count = samples.rank > 0 ? samples.shape[0] : 0
        if count < advisedCalibrationSamples {
            warnings.append("calibrated on \(count) sample\(count == 1 ? "" : "s"); \(advisedCalibrationSamples) or more are advised, "
                + "or the activation ranges may miss values the model meets later and clip them")
        }
        return QuantizedGraph(graph: builder.graph, layerTensors: builder.layerTensors, warnings: warnings,
                              calibrationSamples: count)
    }
}

/// What ``Quantizer/quantize(_:calibration:)`` returns: the graph, where each float layer's
/// output lives in it, and any warnings.
public struct QuantizedGraph: Sendable, Hashable {
    /// The int8 graph: int8 input, int8 output.
    public var graph: Graph
    /// Per float layer, the graph tensor holding the same values (quantized), or nil for a layer
    /// folded into the next one (a convolution followed by batchnorm).
    public var layerTensors: [Int?]
    /// Things the user should know, such as too few calibration samples.
    public var warnings: [String]
    /// How many samples the ranges came from.
    public var calibrationSamples: Int

    /// Creates a result.
    public init(graph: Graph, layerTensors: [Int?], warnings: [String], calibrationSamples: Int) {
        self.graph = graph
        self.layerTensors = layerTensors
        self.warnings = warnings
        self.calibrationSamples = calibrationSamples
    }
}
