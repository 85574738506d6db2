/// A row-major array with a shape, over any ``EngineScalar``: the kernels' working value.
///
/// `ShapedArray<Float>` shares storage with ``Tensor`` (converting is free); `ShapedArray<Double>`
/// is the float64 reference the gradient checks use.
package struct ShapedArray<Scalar: EngineScalar>: Sendable, Equatable {
    /// Axis lengths, outermost first.
    package var shape: [Int]
    /// Elements in row-major order.
    package var scalars: [Scalar]

    package init(shape: [Int], scalars: [Scalar]) {
        precondition(Tensor.elementCount(of: shape) == scalars.count, "ShapedArray: \(scalars.count) scalars for \(shape)")
        self.shape = shape
        self.scalars = scalars
    }

    /// An all-zero array of `shape`.
    package init(zeros shape: [Int]) {
        self.init(shape: shape, scalars: [Scalar](repeating: 0, count: Tensor.elementCount(of: shape)))
    }

    /// The number of elements.
    package var count: Int { scalars.count }

    /// The same elements converted to another scalar type (rounded to nearest).
    package func converted<Other: EngineScalar>(to _: Other.Type = Other.self) -> ShapedArray<Other> {
        // Same type: share the storage instead of copying element by element.
        if let same = self as? ShapedArray<Other> { return same }
        return ShapedArray<Other>(shape: shape, scalars: scalars.map { Other($0) })
    }

    /// The same elements under another shape with the same element count.
    package func reshaped(_ newShape: [Int]) -> ShapedArray {
        ShapedArray(shape: newShape, scalars: scalars)
    }
}

extension ShapedArray where Scalar == Float {
    /// Wraps a tensor's storage without copying.
    package init(_ tensor: Tensor) {
        self.init(shape: tensor.shape, scalars: tensor.scalars)
    }

    /// The array as a tensor, sharing storage.
    package var tensor: Tensor { Tensor(shape: shape, scalars: scalars) }
}
