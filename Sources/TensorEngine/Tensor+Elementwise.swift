extension Tensor {
    /// Combines two tensors element by element with numpy broadcasting.
    ///
    /// Shapes are aligned from the right; each axis pair must be equal or contain a 1, and the
    /// result takes the larger length. Equal shapes and one-element operands take fast paths.
    /// - Throws: `.shapeMismatch` naming the operation and both shapes when they do not broadcast.
    public func combined(with other: Tensor, _ operation: ElementwiseOperation) throws(TensorError) -> Tensor {
        // One specialised loop per operation, so the closure is inlined and the loop can vectorise.
        switch operation {
        case .add: try combined(with: other, operation) { $0 + $1 }
        case .subtract: try combined(with: other, operation) { $0 - $1 }
        case .multiply: try combined(with: other, operation) { $0 * $1 }
        case .divide: try combined(with: other, operation) { $0 / $1 }
        case .power: try combined(with: other, operation) { ElementwiseOperation.power.apply($0, $1) }
        case .minimum: try combined(with: other, operation) { ElementwiseOperation.nanPropagatingMinimum($0, $1) }
        case .maximum: try combined(with: other, operation) { ElementwiseOperation.nanPropagatingMaximum($0, $1) }
        }
    }

    /// Applies `transform` to every element, keeping the shape.
    public func map(_ transform: (Float) -> Float) -> Tensor {
        scalars.withUnsafeBufferPointer { source in
            Tensor.build(shape: shape) { out in
                for index in source.indices { out[index] = transform(source[index]) }
            }
        }
    }

    /// The element-wise negation `-x`.
    public func negated() -> Tensor {
        map { -$0 }
    }

    @inline(__always)
    private func combined(with other: Tensor, _ operation: ElementwiseOperation,
                          _ kernel: (Float, Float) -> Float) throws(TensorError) -> Tensor {
        guard let resultShape = Tensor.broadcastShape(shape, other.shape) else {
            throw .shapeMismatch(operation: operation.name, lhs: shape, rhs: other.shape)
        }
        return scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                Tensor.build(shape: resultShape) { out in
                    if shape == other.shape {
                        for index in out.indices { out[index] = kernel(a[index], b[index]) }
                    } else if other.count == 1, shape == resultShape {
                        let right = b[0]
                        for index in out.indices { out[index] = kernel(a[index], right) }
                    } else if count == 1, other.shape == resultShape {
                        let left = a[0]
                        for index in out.indices { out[index] = kernel(left, b[index]) }
                    } else {
                        Tensor.broadcast(a, shape, b, other.shape, into: out, shape: resultShape, kernel)
                    }
                }
            }
        }
    }

    /// The general strided broadcast, one inner run at a time.
    @inline(__always)
    private static func broadcast(_ a: UnsafeBufferPointer<Float>, _ shapeA: [Int],
                                  _ b: UnsafeBufferPointer<Float>, _ shapeB: [Int],
                                  into out: UnsafeMutableBufferPointer<Float>, shape: [Int],
                                  _ kernel: (Float, Float) -> Float) {
        let loop = BroadcastLoop(shape: shape,
                                 stridesA: broadcastStrides(of: shapeA, to: shape),
                                 stridesB: broadcastStrides(of: shapeB, to: shape))
        let length = loop.innerLength
        switch (loop.innerStrideA, loop.innerStrideB) {
        case (0, 0):
            loop.forEachRun { offsetA, offsetB, offsetOut in
                let value = kernel(a[offsetA], b[offsetB])
                for j in 0..<length { out[offsetOut + j] = value }
            }
        case (0, _):
            loop.forEachRun { offsetA, offsetB, offsetOut in
                let left = a[offsetA]
                for j in 0..<length { out[offsetOut + j] = kernel(left, b[offsetB + j]) }
            }
        case (_, 0):
            loop.forEachRun { offsetA, offsetB, offsetOut in
                let right = b[offsetB]
                for j in 0..<length { out[offsetOut + j] = kernel(a[offsetA + j], right) }
            }
        default:
            loop.forEachRun { offsetA, offsetB, offsetOut in
                for j in 0..<length { out[offsetOut + j] = kernel(a[offsetA + j], b[offsetB + j]) }
            }
        }
    }
}
