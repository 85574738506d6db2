/// An n-dimensional array of float32, row-major and channels last (NHWC, as TFLite lays out
/// activations). `scalars` is a Swift array, so copies share storage until one is written
/// (copy-on-write).
public struct Tensor: Sendable, Equatable {
    public let shape: [Int]
    public private(set) var scalars: [Float]

    /// A tensor of `shape` holding `scalars` in row-major order.
    /// - Precondition: `scalars.count` is the product of `shape` and no dimension is negative.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(scalars.count == shape.reduce(1, *), "\(scalars.count) scalars cannot fill shape \(shape)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A rank-0 tensor.
    public init(scalar: Float) {
        self.init(shape: [], scalars: [scalar])
    }

    /// A rank-1 tensor.
    public init(_ vector: [Float]) {
        self.init(shape: [vector.count], scalars: vector)
    }

    public var rank: Int { shape.count }
    /// The number of elements.
    public var count: Int { scalars.count }

    /// Row-major strides, in elements.
    public var strides: [Int] { Self.strides(of: shape) }

    static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var stride = 1
        for axis in shape.indices.reversed() {
            strides[axis] = stride
            stride *= shape[axis]
        }
        return strides
    }

    /// The only scalar of a tensor with one element.
    public var scalar: Float? { count == 1 ? scalars[0] : nil }
}

// MARK: - Creation

extension Tensor {
    public static func filled(_ shape: [Int], with value: Float) -> Tensor {
        Tensor(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    public static func zeros(_ shape: [Int]) -> Tensor { filled(shape, with: 0) }

    public static func ones(_ shape: [Int]) -> Tensor { filled(shape, with: 1) }

    /// Standard-normal samples from `SeededGenerator(seed:)`: the same seed gives the same tensor everywhere.
    public static func randn(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let count = shape.reduce(1, *)
        var values = [Float]()
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(generator.nextNormal()) }
        return Tensor(shape: shape, scalars: values)
    }

    /// `count` evenly spaced values from `start` to `end`, both included (as numpy's linspace).
    /// Computed in Double so the last value is exactly `end`.
    public static func linspace(_ start: Float, _ end: Float, count: Int) -> Tensor {
        precondition(count >= 0, "linspace needs a count of at least 0")
        guard count > 1 else { return Tensor(shape: [count], scalars: count == 1 ? [start] : []) }
        let step = (Double(end) - Double(start)) / Double(count - 1)
        var values = (0..<count).map { Float(Double(start) + Double($0) * step) }
        values[count - 1] = end
        return Tensor(values)
    }
}

// MARK: - Element access

extension Tensor {
    /// The sub-tensor at `index` along axis 0; negative indices count from the end.
    public func element(at index: Int) throws(TensorError) -> Tensor {
        guard rank > 0 else { throw .rankMismatch(operation: "indexing", expected: "at least 1", actual: 0) }
        let length = shape[0]
        let resolved = index < 0 ? index + length : index
        guard resolved >= 0, resolved < length else { throw .indexOutOfRange(index: index, count: length) }
        let inner = Array(shape.dropFirst())
        let size = inner.reduce(1, *)
        return Tensor(shape: inner, scalars: Array(scalars[(resolved * size)..<((resolved + 1) * size)]))
    }

    /// Rows `lower ..< upper` along axis 0 with Python slice rules: negative bounds count from
    /// the end, bounds are clamped, and an empty range gives an empty tensor.
    public func sliced(_ lower: Int?, _ upper: Int?) -> Tensor {
        guard rank > 0 else { return self }
        let length = shape[0]
        func clamp(_ bound: Int?, _ fallback: Int) -> Int {
            guard let bound else { return fallback }
            return Swift.min(Swift.max(bound < 0 ? bound + length : bound, 0), length)
        }
        let start = clamp(lower, 0)
        let end = Swift.max(start, clamp(upper, length))
        let size = shape.dropFirst().reduce(1, *)
        return Tensor(shape: [end - start] + shape.dropFirst(), scalars: Array(scalars[(start * size)..<(end * size)]))
    }
}
