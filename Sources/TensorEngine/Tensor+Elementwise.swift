import Foundation

/// Binary element-wise operations, applied with numpy broadcasting.
public enum ElementwiseOperation: String, Sendable, Hashable, CaseIterable {
    case add, subtract, multiply, divide, power, minimum, maximum

    @inline(__always)
    func apply(_ a: Float, _ b: Float) -> Float {
        switch self {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        case .power: powf(a, b)
        case .minimum: Swift.min(a, b)
        case .maximum: Swift.max(a, b)
        }
    }

    /// The verb used in shape errors ("cannot add shapes …").
    var verb: String {
        switch self {
        case .add: "add"
        case .subtract: "subtract"
        case .multiply: "multiply"
        case .divide: "divide"
        case .power: "raise to the power"
        case .minimum: "take the minimum of"
        case .maximum: "take the maximum of"
        }
    }
}

extension Tensor {
    /// `self op other` element by element. Shapes broadcast as in numpy: aligned from the
    /// right, each pair of dimensions equal or one of them 1.
    public func combined(with other: Tensor, _ operation: ElementwiseOperation) throws(TensorError) -> Tensor {
        if shape == other.shape {
            var result = scalars
            other.scalars.withUnsafeBufferPointer { rhs in
                result.withUnsafeMutableBufferPointer { out in
                    for i in out.indices { out[i] = operation.apply(out[i], rhs[i]) }
                }
            }
            return Tensor(shape: shape, scalars: result)
        }
        if other.count == 1 && other.rank <= rank {
            let b = other.scalars[0]
            return Tensor(shape: shape, scalars: scalars.map { operation.apply($0, b) })
        }
        if count == 1 && rank <= other.rank {
            let a = scalars[0]
            return Tensor(shape: other.shape, scalars: other.scalars.map { operation.apply(a, $0) })
        }
        let shape = try Self.broadcastShape(self.shape, other.shape, operation: operation.verb)
        let lhsStrides = Self.broadcastStrides(self.shape, to: shape)
        let rhsStrides = Self.broadcastStrides(other.shape, to: shape)
        let total = shape.reduce(1, *)
        var result = [Float](repeating: 0, count: total)
        // Walk the output with an odometer, advancing both inputs' offsets by their strides
        // (a stride of 0 repeats a broadcast dimension).
        var index = [Int](repeating: 0, count: shape.count)
        var lhsOffset = 0, rhsOffset = 0
        let lhs = scalars, rhs = other.scalars
        for position in 0..<total {
            result[position] = operation.apply(lhs[lhsOffset], rhs[rhsOffset])
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                lhsOffset += lhsStrides[axis]
                rhsOffset += rhsStrides[axis]
                if index[axis] < shape[axis] { break }
                lhsOffset -= lhsStrides[axis] * shape[axis]
                rhsOffset -= rhsStrides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(shape: shape, scalars: result)
    }

    /// The shape two shapes broadcast to.
    public static func broadcastShape(_ a: [Int], _ b: [Int], operation: String = "broadcast") throws(TensorError) -> [Int] {
        let rank = Swift.max(a.count, b.count)
        var shape = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let x = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let y = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else { throw .shapeMismatch(operation: operation, lhs: a, rhs: b) }
            shape[axis] = x == 1 ? y : x
        }
        return shape
    }

    /// Strides of `shape` read as `target`: 0 along broadcast (size-1 or missing) dimensions.
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(of: shape)
        let offset = target.count - shape.count
        return target.indices.map { axis in
            axis < offset || shape[axis - offset] == 1 ? 0 : own[axis - offset]
        }
    }

    /// Applies `transform` to every element.
    public func map(_ transform: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(transform))
    }

    public func negated() -> Tensor { map { -$0 } }
}
