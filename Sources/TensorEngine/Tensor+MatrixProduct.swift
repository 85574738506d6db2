extension Tensor {
    /// The matrix product `self @ other`, with numpy's `matmul` semantics.
    ///
    /// - 1-D · 1-D: the inner product, as a rank-0 tensor.
    /// - 2-D @ 2-D: `[n, k] @ [k, m] → [n, m]`.
    /// - 1-D @ 2-D and 2-D @ 1-D: the vector is treated as a row (`[1, k]`) or a column (`[k, 1]`)
    ///   and that axis is removed from the result.
    /// - Rank ≥ 3: stacks of matrices over the leading (batch) axes, which broadcast like
    ///   element-wise operations, e.g. `[2, 1, 3, 4] @ [5, 4, 6] → [2, 5, 3, 6]`.
    ///
    /// Each output element is accumulated in float over the shared axis in increasing order, so
    /// results are identical from run to run. The loop order is i-k-j: the inner loop runs along
    /// contiguous rows of the right operand and the output.
    /// - Throws: `.rankMismatch` for a rank-0 operand; `.shapeMismatch` when the inner lengths
    ///   differ or the batch axes do not broadcast.
    public func matmul(_ other: Tensor) throws(TensorError) -> Tensor {
        guard rank >= 1 else { throw .rankMismatch(operation: "matmul", expected: "rank at least 1", shape: shape) }
        guard other.rank >= 1 else {
            throw .rankMismatch(operation: "matmul", expected: "rank at least 1", shape: other.shape)
        }
        let left = rank == 1 ? [1] + shape : shape
        let right = other.rank == 1 ? other.shape + [1] : other.shape
        let rows = left[left.count - 2]
        let inner = left[left.count - 1]
        let columns = right[right.count - 1]
        guard right[right.count - 2] == inner,
              let batch = Tensor.broadcastShape(Array(left.dropLast(2)), Array(right.dropLast(2))) else {
            throw .shapeMismatch(operation: "matmul", lhs: shape, rhs: other.shape)
        }
        var resultShape = batch
        if rank > 1 { resultShape.append(rows) }
        if other.rank > 1 { resultShape.append(columns) }

        let leftMatrix = rows * inner
        let rightMatrix = inner * columns
        let outMatrix = rows * columns
        let leftBatchStrides = Tensor.broadcastStrides(of: Array(left.dropLast(2)), to: batch)
        let rightBatchStrides = Tensor.broadcastStrides(of: Array(right.dropLast(2)), to: batch)
        let batchCount = Tensor.elementCount(of: batch)

        return scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                Tensor.build(shape: resultShape) { out in
                    guard let outBase = out.baseAddress, outMatrix > 0 else { return }
                    for batchIndex in 0..<batchCount {
                        // Decompose the flat batch index to find each operand's matrix.
                        var remainder = batchIndex
                        var leftOffset = 0
                        var rightOffset = 0
                        for axis in stride(from: batch.count - 1, through: 0, by: -1) {
                            let position = remainder % batch[axis]
                            remainder /= batch[axis]
                            leftOffset += position * leftBatchStrides[axis]
                            rightOffset += position * rightBatchStrides[axis]
                        }
                        Tensor.multiplyMatrices(
                            a.baseAddress.map { $0 + leftOffset * leftMatrix },
                            b.baseAddress.map { $0 + rightOffset * rightMatrix },
                            into: outBase + batchIndex * outMatrix,
                            rows: rows, inner: inner, columns: columns)
                    }
                }
            }
        }
    }

    /// `out[rows × columns] = a[rows × inner] · b[inner × columns]`, all row-major and contiguous,
    /// each output accumulated in float from zero over increasing `k` (``MatrixKernel``).
    /// Zeros in `a` are not skipped, so `0 · inf` still yields `nan` as IEEE arithmetic says.
    package static func multiplyMatrices(_ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>?,
                                         into out: UnsafeMutablePointer<Float>,
                                         rows: Int, inner: Int, columns: Int) {
        guard let a, let b else {
            out.initialize(repeating: 0, count: rows * columns)
            return
        }
        MatrixKernel.multiply(a, b, into: out, rows: rows, inner: inner, columns: columns)
    }
}
