import TensorEngine

/// The ranges every tensor of a float model took over the calibration samples.
struct Calibration: Sendable {
    /// The model's input.
    var input = CalibratedRange.empty
    /// Per layer: the output before its activation.
    var preActivation: [CalibratedRange]
    /// Per layer: the output.
    var output: [CalibratedRange]

    /// Runs `model` in inference mode on `samples` (`[n] + inputShape`, or samples with as many
    /// elements), `batchSize` at a time, and records every layer's range.
    init(model: Model, samples: Tensor, batchSize: Int = 32) throws(QuantizationError) {
        preActivation = Array(repeating: .empty, count: model.layers.count)
        output = preActivation
        let all: ShapedArray<Float>
        do { all = try model.inputBatch(samples) } catch {
            throw .calibrationShape(expected: model.inputShape, got: Array(samples.shape.dropFirst()))
        }
        let count = all.shape[0]
        guard count > 0 else { throw .noCalibrationSamples }
        let sampleSize = all.count / count
        let network = Network<Float>(model)
        var generator = SeededGenerator(seed: 0)  // inference draws nothing
        for start in stride(from: 0, to: count, by: batchSize) {
            let end = min(start + batchSize, count)
            let chunk = ShapedArray(shape: [end - start] + model.inputShape,
                                    scalars: Array(all.scalars[(start * sampleSize)..<(end * sampleSize)]))
            input.include(chunk.scalars)
            let records = network.forward(chunk, training: false, generator: &generator, variant: .fast)
            for (index, record) in records.enumerated() {
                preActivation[index].include(record.preActivation.scalars)
                output[index].include(record.output.scalars)
            }
        }
    }
}

/// Why a model could not be quantized.
public enum QuantizationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The calibration data holds no sample.
    case noCalibrationSamples
    /// The calibration samples do not fit the model's input.
    case calibrationShape(expected: [Int], got: [Int])

    public var description: String {
        switch self {
        case .noCalibrationSamples:
            "the calibration data holds no sample"
        case let .calibrationShape(expected, got):
            "calibration samples of shape \(got) do not fit the model's input \(expected)"
        }
    }
}
