/// A dense, row-major array of 32-bit floats with a shape.
///
/// Tensors are values: `scalars` is a Swift `Array`, so copies share storage until one of them
/// is written (copy-on-write). The last axis is the fastest-varying one (row-major, channels last,
/// so image batches are NHWC). A rank-0 tensor holds exactly one scalar; a shape containing a `0`
/// holds no scalars.
public struct Tensor: Sendable {
    /// The length of each axis, outermost first. Empty for a rank-0 (scalar) tensor.
    public internal(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count` always equals the product of `shape`.
    ///
    /// Read-only outside the module so the invariant holds; in-place kernels in this package use
    /// `withMutableScalars(_:)`, which writes without copying when the storage is not shared.
    public internal(set) var scalars: [Float]

    /// Creates a tensor from a shape and its row-major elements.
    ///
    /// - Precondition: every axis length is non-negative and `scalars.count` equals the product
    ///   of `shape` (1 for an empty shape). Callers holding user input should check with
    ///   ``validate(shape:)`` and ``Tensor/elementCount(of:)`` first.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative axis length in shape \(shape)")
        precondition(Tensor.elementCount(of: shape) == scalars.count,
                     "Tensor: \(scalars.count) scalars do not fill shape \(shape)")
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a rank-0 tensor holding one number.
    public init(scalar: Float) {
        self.init(shape: [], scalars: [scalar])
    }

    /// Creates a rank-1 tensor from a list of numbers.
    public init(_ vector: [Float]) {
        self.init(shape: [vector.count], scalars: vector)
    }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The number of elements (the product of `shape`; 1 for rank 0).
    public var count: Int { scalars.count }

    /// The single element of a one-element tensor (any rank), or `nil` otherwise.
    public var scalar: Float? { scalars.count == 1 ? scalars[0] : nil }

    /// The product of the axis lengths of `shape` (1 for an empty shape).
    public static func elementCount(of shape: [Int]) -> Int {
        shape.reduce(1, *)
    }

    /// Checks that `shape` is usable for a new tensor: no negative axis and no overflowing size.
    ///
    /// Creation functions such as ``zeros(_:)`` treat these as preconditions; call this first when
    /// the shape comes from user input.
    public static func validate(shape: [Int]) throws(TensorError) {
        var total = 1
        for length in shape {
            guard length >= 0 else { throw .invalidShape(shape) }
            let (product, overflow) = total.multipliedReportingOverflow(by: length)
            guard !overflow else { throw .invalidShape(shape) }
            total = product
        }
    }

    /// Row-major strides (in elements) of `shape`: the last axis has stride 1.
    package static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// Calls `body` with mutable access to the elements, for kernels that write in place
    /// (copying the storage first only if another tensor shares it).
    package mutating func withMutableScalars<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Builds a tensor by filling `count` fresh elements through `body`, without a zeroing pass.
    package static func build(shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let total = elementCount(of: shape)
        let scalars = [Float](unsafeUninitializedCapacity: total) { buffer, initialized in
            body(buffer)
            initialized = total
        }
        return Tensor(shape: shape, scalars: scalars)
    }
}

extension Tensor: Equatable {
    /// Two tensors are equal when they have the same shape and every element compares equal
    /// (so a tensor containing NaN is not equal to anything, itself included, and `0 == -0`).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        guard lhs.shape == rhs.shape else { return false }
        // Compare element by element: Array's `==` short-cuts on shared storage, which would make
        // a NaN-holding tensor equal to its own copy.
        return lhs.scalars.withUnsafeBufferPointer { a in
            rhs.scalars.withUnsafeBufferPointer { b in
                for index in 0..<a.count where a[index] != b[index] { return false }
                return true
            }
        }
    }
}
