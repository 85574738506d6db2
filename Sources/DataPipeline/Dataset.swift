import TensorEngine

/// Samples with their labels and what is known about how they were recorded: the value a
/// learner captures, loads or synthesises, then splits, shapes into features and trains on.
///
/// Samples are one tensor whose first axis counts them (`[count] + sampleShape`), so a batch is
/// a slice and no sample is ever copied on its own. Time series are `[steps, channels]` per sample.
public struct Dataset: Sendable, Equatable {
    /// What the model should predict for each sample.
    public enum Labels: Sendable, Equatable {
        /// The index of each sample's class in `classNames`.
        case classes([Int])
        /// Regression targets: a tensor whose first axis counts the samples.
        case targets(Tensor)
    }

    public private(set) var samples: Tensor
    public private(set) var labels: Labels
    /// Class names, in index order; empty for regression.
    public private(set) var classNames: [String]
    /// Samples per second of a time series (steps along each sample's first axis), if known.
    public var rate: Double?
    /// Names of the channels (the last axis), e.g. `["ax", "ay", "az", "gx", "gy", "gz"]`.
    public var channels: [String]
    /// Where the data came from, for displays (e.g. "gestures(seed: 7)").
    public var source: String
    /// The z-score statistics these samples were normalized with, if they were: `normalize(test,
    /// like: train)` applies the same ones, and a deployment records them.
    public var normalization: Normalization?

    /// A dataset; the labels must describe exactly the samples given.
    /// - Throws: `DatasetError.labelCount` when the counts differ, `.classIndex` for a label
    ///   outside `classNames`.
    public init(samples: Tensor, labels: Labels, classNames: [String] = [], rate: Double? = nil,
                channels: [String] = [], source: String = "") throws(DatasetError) {
        guard samples.rank >= 1 else { throw .rank(samples.shape) }
        let count = samples.shape[0]
        switch labels {
        case .classes(let indices):
            guard indices.count == count else { throw .labelCount(samples: count, labels: indices.count) }
            if let bad = indices.first(where: { $0 < 0 || $0 >= classNames.count }) {
                throw .classIndex(bad, classes: classNames.count)
            }
        case .targets(let targets):
            guard targets.rank >= 1, targets.shape[0] == count else {
                throw .labelCount(samples: count, labels: targets.rank >= 1 ? targets.shape[0] : 0)
            }
        }
        self.samples = samples
        self.labels = labels
        self.classNames = classNames
        self.rate = rate
        self.channels = channels
        self.source = source
    }

    public var count: Int { samples.shape[0] }
    /// The shape of one sample.
    public var sampleShape: [Int] { Array(samples.shape.dropFirst()) }
    public var isClassification: Bool { if case .classes = labels { true } else { false } }

    /// The class index of every sample (empty for regression).
    public var classIndices: [Int] { if case .classes(let indices) = labels { indices } else { [] } }

    /// How many samples each class has, in class order.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for index in classIndices { counts[index] += 1 }
        return counts
    }

    /// The duration of one time-series sample, when the rate is known.
    public var sampleDuration: Double? {
        guard let rate, rate > 0, let steps = sampleShape.first else { return nil }
        return Double(steps) / rate
    }

    // MARK: - Selecting samples

    /// The samples at `indices`, in that order, with their labels; everything else is kept.
    public func selecting(_ indices: [Int]) -> Dataset {
        let size = sampleShape.reduce(1, *)
        var scalars = [Float]()
        scalars.reserveCapacity(indices.count * size)
        samples.scalars.withUnsafeBufferPointer { all in
            for index in indices { scalars.append(contentsOf: all[(index * size)..<((index + 1) * size)]) }
        }
        var copy = self
        copy.samples = Tensor(shape: [indices.count] + sampleShape, scalars: scalars)
        switch labels {
        case .classes(let all): copy.labels = .classes(indices.map { all[$0] })
        case .targets(let targets):
            let width = targets.count / max(1, targets.shape[0])
            var picked = [Float]()
            picked.reserveCapacity(indices.count * width)
            for index in indices { picked.append(contentsOf: targets.scalars[(index * width)..<((index + 1) * width)]) }
            copy.labels = .targets(Tensor(shape: [indices.count] + targets.shape.dropFirst(), scalars: picked))
        }
        return copy
    }

    /// Samples `lower ..< upper` with Python slice rules (negative bounds count from the end).
    public func sliced(_ lower: Int?, _ upper: Int?) -> Dataset {
        func clamp(_ bound: Int?, _ fallback: Int) -> Int {
            guard let bound else { return fallback }
            return min(max(bound < 0 ? bound + count : bound, 0), count)
        }
        let start = clamp(lower, 0)
        return selecting(Array(start..<max(start, clamp(upper, count))))
    }

    /// The first `n` samples (all of them when there are fewer).
    public func taking(_ n: Int) -> Dataset { sliced(0, max(0, n)) }

    /// The samples of one class. - Throws: `.unknownClass` naming the classes there are.
    public func filtered(toClass name: String) throws(DatasetError) -> Dataset {
        guard let index = classNames.firstIndex(of: name) else { throw .unknownClass(name, known: classNames) }
        return selecting(classIndices.indices.filter { classIndices[$0] == index })
    }

    // MARK: - Splitting and joining

    /// Two datasets: `fraction` of each class in the first, the rest in the second (stratified),
    /// shuffled with `seed` so every run gives the same split. Regression data is split as one group.
    public func split(_ fraction: Double, seed: UInt64) throws(DatasetError) -> (Dataset, Dataset) {
        guard fraction > 0, fraction < 1 else { throw .fraction(fraction) }
        var generator = SeededGenerator(seed: seed)
        var groups: [[Int]] = isClassification
            ? (0..<classNames.count).map { klass in classIndices.indices.filter { classIndices[$0] == klass } }
            : [Array(0..<count)]
        var first = [Int](), second = [Int]()
        for index in groups.indices {
            generator.shuffle(&groups[index])
            let cut = Int((Double(groups[index].count) * fraction).rounded())
            first += groups[index][..<cut]
            second += groups[index][cut...]
        }
        // Interleave the classes so that a slice of the result is balanced too.
        generator.shuffle(&first)
        generator.shuffle(&second)
        return (selecting(first), selecting(second))
    }

    /// The samples of several datasets together. Classes are matched by name (a class new to
    /// the first dataset is appended); sample shapes, label kinds and rates must agree.
    public static func merged(_ datasets: [Dataset]) throws(DatasetError) -> Dataset {
        guard var result = datasets.first else { throw .empty }
        for other in datasets.dropFirst() {
            guard other.sampleShape == result.sampleShape else { throw .shapes(result.sampleShape, other.sampleShape) }
            guard other.isClassification == result.isClassification else { throw .labelKinds }
            if let a = result.rate, let b = other.rate, abs(a - b) > 1e-9 * max(a, b) { throw .rates(a, b) }
            var scalars = result.samples.scalars
            scalars.append(contentsOf: other.samples.scalars)
            let samples = Tensor(shape: [result.count + other.count] + result.sampleShape, scalars: scalars)
            let labels: Labels
            var classNames = result.classNames
            switch (result.labels, other.labels) {
            case (.classes(let mine), .classes(let theirs)):
                let mapping = other.classNames.map { name -> Int in
                    if let index = classNames.firstIndex(of: name) { return index }
                    classNames.append(name)
                    return classNames.count - 1
                }
                labels = .classes(mine + theirs.map { mapping[$0] })
            case (.targets(let mine), .targets(let theirs)):
                guard mine.shape.dropFirst() == theirs.shape.dropFirst() else { throw .shapes(mine.shape, theirs.shape) }
                labels = .targets(Tensor(shape: [mine.shape[0] + theirs.shape[0]] + mine.shape.dropFirst(),
                                         scalars: mine.scalars + theirs.scalars))
            case (.classes, .targets), (.targets, .classes):
                throw .labelKinds
            }
            result = try Dataset(samples: samples, labels: labels, classNames: classNames, rate: result.rate ?? other.rate,
                                 channels: result.channels.isEmpty ? other.channels : result.channels, source: result.source)
        }
        return result
    }
}

/// Why a dataset could not be made or changed.
public enum DatasetError: Error, Sendable, Equatable, CustomStringConvertible {
    case rank([Int])
    case labelCount(samples: Int, labels: Int)
    case classIndex(Int, classes: Int)
    case unknownClass(String, known: [String])
    case fraction(Double)
    case empty
    case shapes([Int], [Int])
    case labelKinds
    case rates(Double, Double)
    case index(Int, count: Int)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .rank(let shape): "samples need a first axis that counts them, got shape \(shape)"
        case .labelCount(let samples, let labels): "\(samples) samples but \(labels) labels"
        case .classIndex(let index, let classes): "label \(index) is not one of the \(classes) classes"
        case .unknownClass(let name, let known): "no class '\(name)'; the classes are \(known.map { "\"\($0)\"" }.joined(separator: ", "))"
        case .fraction(let fraction): "the split fraction must be between 0 and 1 (e.g. 80%), not \(fraction)"
        case .empty: "nothing to merge"
        case .shapes(let a, let b): "samples of shape \(a) and \(b) cannot be merged"
        case .labelKinds: "a classification dataset and a regression dataset cannot be merged"
        case .rates(let a, let b): "datasets recorded at \(a) Hz and \(b) Hz cannot be merged"
        case .index(let index, let count): "sample \(index) is out of range for a dataset of \(count)"
        case .invalidArgument(let reason): reason
        }
    }
}

/// One sample of a dataset, with what it needs to be drawn or fed to a model on its own.
public struct Sample: Sendable, Equatable {
    /// The sample's values, e.g. `[steps, channels]` for a time series.
    public var values: Tensor
    /// Its class name, for classification data.
    public var label: String?
    /// Its target, for regression data.
    public var target: Tensor?
    public var rate: Double?
    public var channels: [String]
}

extension Dataset {
    /// Sample `index` (negative counts from the end). - Throws: `.index` when out of range.
    public func sample(at index: Int) throws(DatasetError) -> Sample {
        let resolved = index < 0 ? index + count : index
        guard resolved >= 0, resolved < count else { throw .index(index, count: count) }
        let one = selecting([resolved])
        let values = Tensor(shape: sampleShape, scalars: one.samples.scalars)
        switch one.labels {
        case .classes(let indices):
            return Sample(values: values, label: classNames[indices[0]], target: nil, rate: rate, channels: channels)
        case .targets(let targets):
            return Sample(values: values, label: nil, target: Tensor(shape: Array(targets.shape.dropFirst()), scalars: targets.scalars),
                          rate: rate, channels: channels)
        }
    }
}
