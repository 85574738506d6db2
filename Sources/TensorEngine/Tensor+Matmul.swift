extension Tensor {
    /// The matrix product with numpy's `@` rules: 1-D·1-D is a dot product (rank 0); a 1-D
    /// left operand is a row, a 1-D right operand a column (that axis is dropped from the
    /// result); rank ≥ 3 operands are stacks of matrices whose leading dimensions broadcast.
    public func matmul(_ other: Tensor) throws(TensorError) -> Tensor {
        guard rank >= 1, other.rank >= 1 else {
            throw .rankMismatch(operation: "matrix product (@)", expected: "at least 1", actual: Swift.min(rank, other.rank))
        }
        let lhs = rank == 1 ? Tensor(shape: [1, shape[0]], scalars: scalars) : self
        let rhs = other.rank == 1 ? Tensor(shape: [other.shape[0], 1], scalars: other.scalars) : other
        let (m, k) = (lhs.shape[lhs.rank - 2], lhs.shape[lhs.rank - 1])
        let (k2, n) = (rhs.shape[rhs.rank - 2], rhs.shape[rhs.rank - 1])
        guard k == k2 else { throw .shapeMismatch(operation: "multiply (@) matrices of", lhs: shape, rhs: other.shape) }
        let lhsBatch = Array(lhs.shape.dropLast(2)), rhsBatch = Array(rhs.shape.dropLast(2))
        let batch = try Self.broadcastShape(lhsBatch, rhsBatch, operation: "multiply (@) matrices of")
        let batchCount = batch.reduce(1, *)
        let lhsStrides = Self.broadcastStrides(lhsBatch, to: batch)
        let rhsStrides = Self.broadcastStrides(rhsBatch, to: batch)
        var result = [Float](repeating: 0, count: batchCount * m * n)
        result.withUnsafeMutableBufferPointer { out in
            lhs.scalars.withUnsafeBufferPointer { a in
                rhs.scalars.withUnsafeBufferPointer { b in
                    var index = [Int](repeating: 0, count: batch.count)
                    for item in 0..<batchCount {
                        var aMatrix = 0, bMatrix = 0
                        for axis in batch.indices {
                            aMatrix += index[axis] * lhsStrides[axis]
                            bMatrix += index[axis] * rhsStrides[axis]
                        }
                        Self.multiply(a, aMatrix * m * k, b, bMatrix * k * n, out, item * m * n, m: m, k: k, n: n)
                        var axis = batch.count - 1
                        while axis >= 0 {
                            index[axis] += 1
                            if index[axis] < batch[axis] { break }
                            index[axis] = 0
                            axis -= 1
                        }
                    }
                }
            }
        }
        var resultShape = batch + [m, n]
        if other.rank == 1 { resultShape.removeLast() }
        if rank == 1 { resultShape.remove(at: resultShape.count - (other.rank == 1 ? 1 : 2)) }
        return Tensor(shape: resultShape, scalars: result)
    }

    /// C[m×n] += A[m×k] · B[k×n] in i-k-j order: the inner loop runs along contiguous rows of
    /// B and C, which the compiler vectorises. The summation order is fixed, so results do not
    /// depend on threads or timing.
    @inline(__always)
    static func multiply(_ a: UnsafeBufferPointer<Float>, _ aOffset: Int, _ b: UnsafeBufferPointer<Float>, _ bOffset: Int,
                         _ c: UnsafeMutableBufferPointer<Float>, _ cOffset: Int, m: Int, k: Int, n: Int) {
        for i in 0..<m {
            let cRow = cOffset + i * n
            for p in 0..<k {
                let scale = a[aOffset + i * k + p]
                let bRow = bOffset + p * n
                for j in 0..<n { c[cRow + j] += scale * b[bRow + j] }
            }
        }
    }
}
