import TensorEngine

/// Z-score statistics per feature position, kept so that test data and a deployed model see the
/// same transform as the training data: `(x − mean) / std`.
public struct Normalization: Sendable, Equatable {
    /// The shape of one sample the statistics describe.
    public let shape: [Int]
    /// The mean of each position of a sample, row-major.
    public let mean: [Float]
    /// The standard deviation (population, divisor n) of each position; a position that never
    /// varies keeps 1, so it maps to 0 instead of dividing by zero.
    public let std: [Float]

    /// Statistics given directly (e.g. read back from a deployment).
    /// - Throws: `FeatureError` unless `mean` and `std` each hold one finite value per position
    ///   of `shape` and every `std` is positive.
    public init(shape: [Int], mean: [Float], std: [Float]) throws(FeatureError) {
        guard shape.allSatisfy({ $0 >= 0 }), mean.count == shape.reduce(1, *), std.count == mean.count else {
            throw FeatureError("normalize: statistics for samples of shape \(shape) need \(shape.reduce(1, *)) means and standard deviations, not \(mean.count) and \(std.count)")
        }
        guard mean.allSatisfy(\.isFinite), std.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw FeatureError("normalize: means must be finite and standard deviations positive and finite")
        }
        self.init(checkedShape: shape, mean: mean, std: std)
    }

    private init(checkedShape shape: [Int], mean: [Float], std: [Float]) {
        self.shape = shape
        self.mean = mean
        self.std = std
    }

    /// The statistics of a batch `[count] + shape`, computed in `Double`.
    /// - Throws: `FeatureError` for a batch without samples.
    public init(fitting samples: Tensor) throws(FeatureError) {
        guard samples.rank >= 1, samples.shape[0] > 0 else {
            throw FeatureError("normalize needs at least one sample to compute statistics from")
        }
        let count = samples.shape[0], width = samples.count / count
        var sums = [Double](repeating: 0, count: width)
        samples.scalars.withUnsafeBufferPointer { all in
            for sample in 0..<count {
                for position in 0..<width { sums[position] += Double(all[sample * width + position]) }
            }
        }
        let means = sums.map { $0 / Double(count) }
        var squares = [Double](repeating: 0, count: width)
        samples.scalars.withUnsafeBufferPointer { all in
            for sample in 0..<count {
                for position in 0..<width {
                    let deviation = Double(all[sample * width + position]) - means[position]
                    squares[position] += deviation * deviation
                }
            }
        }
        let stds = squares.map { sum -> Float in
            let std = Float((sum / Double(count)).squareRoot())
            return std > 0 && std.isFinite ? std : 1
        }
        self.init(checkedShape: Array(samples.shape.dropFirst()), mean: means.map { Float($0) }, std: stds)
    }

    /// One sample of `shape`, or a batch `[count] + shape`, normalized.
    /// - Throws: `FeatureError` when the shape is neither.
    public func apply(to samples: Tensor) throws(FeatureError) -> Tensor {
        let width = mean.count
        guard samples.shape == shape || Array(samples.shape.dropFirst()) == shape else {
            throw FeatureError("normalize: these statistics are for samples of shape \(shape), not \(samples.shape)")
        }
        var scalars = samples.scalars
        scalars.withUnsafeMutableBufferPointer { values in
            for index in values.indices {
                let position = width == 0 ? 0 : index % width
                values[index] = (values[index] - mean[position]) / std[position]
            }
        }
        return Tensor(shape: samples.shape, scalars: scalars)
    }

    /// The dataset with its samples normalized; labels and everything else kept.
    /// - Throws: `FeatureError` when the dataset's sample shape is not `shape`.
    public func apply(to data: Dataset) throws(FeatureError) -> Dataset {
        guard data.sampleShape == shape else {
            throw FeatureError("normalize: these statistics are for samples of shape \(shape), not \(data.sampleShape)")
        }
        let samples = try apply(to: data.samples)
        do {
            return try Dataset(samples: samples, labels: data.labels, classNames: data.classNames, rate: data.rate,
                               channels: data.channels, source: "normalize(\(data.source))")
        } catch {
            throw FeatureError("could not build the normalized dataset: \(error)")
        }
    }
}

extension Dataset {
    /// The dataset z-scored per feature position, and the statistics used: this dataset's own,
    /// or `statistics` (from the training data) when given, so test data gets the same transform.
    /// - Throws: `FeatureError` for an empty dataset or statistics of another sample shape.
    public func normalized(like statistics: Normalization? = nil) throws(FeatureError) -> (Dataset, Normalization) {
        let used: Normalization
        if let statistics { used = statistics } else { used = try Normalization(fitting: samples) }
        return (try used.apply(to: self), used)
    }
}
