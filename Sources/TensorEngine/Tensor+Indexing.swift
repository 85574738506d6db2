extension Tensor {
    /// The sub-tensor at `index` along axis 0 (`x[i]`), with one rank less; negative indices
    /// count from the end (`x[-1]` is the last).
    /// - Throws: `.rankMismatch` for a rank-0 tensor; `.indexOutOfRange` outside `-n..<n`.
    public func element(at index: Int) throws(TensorError) -> Tensor {
        guard rank >= 1 else {
            throw .rankMismatch(operation: "indexing", expected: "rank at least 1", shape: shape)
        }
        let length = shape[0]
        let resolved = index < 0 ? index + length : index
        guard resolved >= 0, resolved < length else { throw .indexOutOfRange(index: index, count: length) }
        let size = count / length
        return Tensor(shape: Array(shape.dropFirst()),
                      scalars: Array(scalars[(resolved * size)..<((resolved + 1) * size)]))
    }

    /// The rows `lower..<upper` along axis 0 (`x[lower:upper]`), with Python slice semantics.
    ///
    /// `nil` means the start or the end; negative bounds count from the end; bounds are clamped
    /// to `0...n`; an upper bound at or before the lower one gives an empty tensor (length 0).
    /// - Throws: `.rankMismatch` for a rank-0 tensor.
    public func sliced(_ lower: Int?, _ upper: Int?) throws(TensorError) -> Tensor {
        guard rank >= 1 else {
            throw .rankMismatch(operation: "slicing", expected: "rank at least 1", shape: shape)
        }
        let length = shape[0]
        func clamp(_ bound: Int) -> Int {
            Swift.min(Swift.max(bound < 0 ? bound + length : bound, 0), length)
        }
        let start = lower.map(clamp) ?? 0
        let end = Swift.max(upper.map(clamp) ?? length, start)
        let size = length == 0 ? 0 : count / length
        var resultShape = shape
        resultShape[0] = end - start
        return Tensor(shape: resultShape, scalars: Array(scalars[(start * size)..<(end * size)]))
    }

    /// Stacks tensors of one shape along a new leading axis: `n` tensors of shape `s` give `[n] + s`.
    /// - Throws: `.empty` for no tensors; `.shapeMismatch` naming the first shape that differs.
    public static func stacked(_ tensors: [Tensor]) throws(TensorError) -> Tensor {
        guard let first = tensors.first else { throw .empty(operation: "stack") }
        for tensor in tensors where tensor.shape != first.shape {
            throw .shapeMismatch(operation: "stack", lhs: first.shape, rhs: tensor.shape)
        }
        var scalars: [Float] = []
        scalars.reserveCapacity(first.count * tensors.count)
        for tensor in tensors { scalars.append(contentsOf: tensor.scalars) }
        return Tensor(shape: [tensors.count] + first.shape, scalars: scalars)
    }

    /// Joins tensors along an existing `axis` (negative counts from the end); all other axes must
    /// agree.
    /// - Throws: `.empty` for no tensors; `.rankMismatch` for rank-0 tensors; `.invalidAxis`;
    ///   `.shapeMismatch` naming the first shape that differs off the axis.
    public static func concatenated(_ tensors: [Tensor], axis: Int = 0) throws(TensorError) -> Tensor {
        guard let first = tensors.first else { throw .empty(operation: "concatenate") }
        guard first.rank >= 1 else {
            throw .rankMismatch(operation: "concatenate", expected: "rank at least 1", shape: first.shape)
        }
        let resolved = try normalizedAxis(axis, rank: first.rank)
        var resultShape = first.shape
        resultShape[resolved] = 0
        for tensor in tensors {
            var expected = first.shape
            expected[resolved] = tensor.rank == first.rank ? tensor.shape[resolved] : 0
            guard tensor.shape == expected else {
                throw .shapeMismatch(operation: "concatenate", lhs: first.shape, rhs: tensor.shape)
            }
            resultShape[resolved] += tensor.shape[resolved]
        }
        // Each tensor contributes one contiguous run per outer block.
        let outer = first.shape[..<resolved].reduce(1, *)
        var scalars: [Float] = []
        scalars.reserveCapacity(elementCount(of: resultShape))
        for block in 0..<outer {
            for tensor in tensors {
                let run = tensor.count / Swift.max(outer, 1)
                scalars.append(contentsOf: tensor.scalars[(block * run)..<((block + 1) * run)])
            }
        }
        return Tensor(shape: resultShape, scalars: scalars)
    }
}
