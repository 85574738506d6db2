extension Tensor {
    /// The same elements under a new shape; one axis may be `-1`, inferred from the rest.
    /// - Throws: `.invalidReshape` when the element counts differ, more than one axis is `-1`,
    ///   an axis is otherwise negative, or `-1` cannot be inferred (the other axes hold zero).
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        guard inferred.count <= 1, newShape.allSatisfy({ $0 >= -1 }) else {
            throw .invalidReshape(from: shape, to: newShape)
        }
        var resolved = newShape
        if let axis = inferred.first {
            let known = newShape.filter { $0 != -1 }.reduce(1, *)
            guard known > 0, count % known == 0 else { throw .invalidReshape(from: shape, to: newShape) }
            resolved[axis] = count / known
        }
        guard (try? Tensor.validate(shape: resolved)) != nil, Tensor.elementCount(of: resolved) == count else {
            throw .invalidReshape(from: shape, to: newShape)
        }
        var result = self
        result.shape = resolved
        return result
    }

    /// The same elements as a rank-1 tensor.
    public func flattened() -> Tensor {
        var result = self
        result.shape = [count]
        return result
    }

    /// The tensor with its axes in reverse order (numpy's `.T`): the matrix transpose for rank 2,
    /// and unchanged for rank 0 and 1.
    public func transposed() -> Tensor {
        guard rank >= 2 else { return self }
        if rank == 2 { return transposedMatrix() }
        // Reversing the axes is always a valid permutation.
        return (try? permuted(Array((0..<rank).reversed()))) ?? self
    }

    /// The tensor with its axes rearranged: axis `i` of the result is axis `axes[i]` of `self`.
    /// Negative entries count from the end.
    /// - Throws: `.invalidPermutation` unless `axes` is an arrangement of `0..<rank`.
    public func permuted(_ axes: [Int]) throws(TensorError) -> Tensor {
        guard axes.count == rank else { throw .invalidPermutation(axes: axes, rank: rank) }
        var resolved: [Int] = []
        for axis in axes {
            guard let value = try? Tensor.normalizedAxis(axis, rank: rank) else {
                throw .invalidPermutation(axes: axes, rank: rank)
            }
            resolved.append(value)
        }
        guard Set(resolved).count == rank else { throw .invalidPermutation(axes: axes, rank: rank) }
        if resolved == Array(0..<rank) { return self }
        if rank == 2 { return transposedMatrix() }

        let resultShape = resolved.map { shape[$0] }
        let sourceStrides = Tensor.strides(of: shape)
        let loop = BroadcastLoop(shape: resultShape,
                                 stridesA: resolved.map { sourceStrides[$0] },
                                 stridesB: [Int](repeating: 0, count: rank))
        return scalars.withUnsafeBufferPointer { source in
            Tensor.build(shape: resultShape) { out in
                let length = loop.innerLength
                let step = loop.innerStrideA
                loop.forEachRun { offset, _, outOffset in
                    for j in 0..<length { out[outOffset + j] = source[offset + j * step] }
                }
            }
        }
    }

    /// The transpose of a rank-2 tensor, copied in square tiles to stay in cache.
    private func transposedMatrix() -> Tensor {
        let rows = shape[0]
        let columns = shape[1]
        let tile = 32
        return scalars.withUnsafeBufferPointer { source in
            Tensor.build(shape: [columns, rows]) { out in
                for rowStart in stride(from: 0, to: rows, by: tile) {
                    let rowEnd = Swift.min(rowStart + tile, rows)
                    for columnStart in stride(from: 0, to: columns, by: tile) {
                        let columnEnd = Swift.min(columnStart + tile, columns)
                        for row in rowStart..<rowEnd {
                            for column in columnStart..<columnEnd {
                                out[column * rows + row] = source[row * columns + column]
                            }
                        }
                    }
                }
            }
        }
    }
}
