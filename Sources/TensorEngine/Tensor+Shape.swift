extension Tensor {
    /// The same elements in a new shape; one dimension may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        guard inferred.count <= 1, newShape.allSatisfy({ $0 >= -1 }) else { throw .invalidReshape(from: shape, to: newShape) }
        var resolved = newShape
        if let axis = inferred.first {
            let known = newShape.filter { $0 != -1 }.reduce(1, *)
            guard known > 0, count % known == 0 else { throw .invalidReshape(from: shape, to: newShape) }
            resolved[axis] = count / known
        }
        guard resolved.reduce(1, *) == count else { throw .invalidReshape(from: shape, to: newShape) }
        return Tensor(shape: resolved, scalars: scalars)
    }

    public func flattened() -> Tensor { Tensor(shape: [count], scalars: scalars) }

    /// Rows and columns swapped.
    public func transposed() throws(TensorError) -> Tensor {
        guard rank == 2 else { throw .rankMismatch(operation: "transpose", expected: "2", actual: rank) }
        return try permuted([1, 0])
    }

    /// Axes reordered: result axis i is input axis `axes[i]`.
    public func permuted(_ axes: [Int]) throws(TensorError) -> Tensor {
        guard axes.sorted() == Array(0..<rank) else {
            throw .rankMismatch(operation: "permute with axes \(axes)", expected: "\(rank) distinct axes", actual: axes.count)
        }
        let newShape = axes.map { shape[$0] }
        let sourceStrides = strides
        let gather = axes.map { sourceStrides[$0] }
        var result = [Float]()
        result.reserveCapacity(count)
        var index = [Int](repeating: 0, count: rank)
        var offset = 0
        for _ in 0..<count {
            result.append(scalars[offset])
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                offset += gather[axis]
                if index[axis] < newShape[axis] { break }
                offset -= gather[axis] * newShape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(shape: newShape, scalars: result)
    }

    /// Tensors of one shape stacked along a new leading axis.
    public static func stacked(_ tensors: [Tensor]) throws(TensorError) -> Tensor {
        guard let first = tensors.first else { throw .empty(operation: "stack") }
        var scalars = [Float]()
        scalars.reserveCapacity(first.count * tensors.count)
        for tensor in tensors {
            guard tensor.shape == first.shape else { throw .shapeMismatch(operation: "stack", lhs: first.shape, rhs: tensor.shape) }
            scalars.append(contentsOf: tensor.scalars)
        }
        return Tensor(shape: [tensors.count] + first.shape, scalars: scalars)
    }

    /// Tensors joined along an existing `axis`; the other dimensions must agree.
    public static func concatenated(_ tensors: [Tensor], axis: Int = 0) throws(TensorError) -> Tensor {
        guard let first = tensors.first else { throw .empty(operation: "concatenate") }
        let resolved = axis < 0 ? axis + first.rank : axis
        guard resolved >= 0, resolved < first.rank else { throw .invalidAxis(axis: axis, rank: first.rank) }
        for tensor in tensors {
            var a = tensor.shape, b = first.shape
            guard a.count == b.count else { throw .shapeMismatch(operation: "concatenate", lhs: first.shape, rhs: tensor.shape) }
            a.remove(at: resolved)
            b.remove(at: resolved)
            guard a == b else { throw .shapeMismatch(operation: "concatenate", lhs: first.shape, rhs: tensor.shape) }
        }
        let outer = first.shape[..<resolved].reduce(1, *)
        var scalars = [Float]()
        scalars.reserveCapacity(tensors.reduce(0) { $0 + $1.count })
        for o in 0..<outer {
            for tensor in tensors {
                let block = tensor.shape[resolved...].reduce(1, *)
                scalars.append(contentsOf: tensor.scalars[(o * block)..<((o + 1) * block)])
            }
        }
        var shape = first.shape
        shape[resolved] = tensors.reduce(0) { $0 + $1.shape[resolved] }
        return Tensor(shape: shape, scalars: scalars)
    }
}
