extension Tensor {
    /// The sum of all elements; `0` for an empty tensor.
    ///
    /// Uses pairwise summation as numpy does: runs of up to 128 elements are added with eight
    /// interleaved partial sums, longer runs are split in halves and summed recursively. The
    /// rounding error grows with `log n` rather than `n`, and the order is fixed, so the result is
    /// deterministic.
    public func sum() -> Float {
        scalars.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return Tensor.pairwiseSum(base, count: buffer.count)
        }
    }

    /// The arithmetic mean of all elements (``sum()`` divided by ``count``).
    /// - Throws: `.empty` for an empty tensor.
    public func mean() throws(TensorError) -> Float {
        guard count > 0 else { throw .empty(operation: "mean") }
        return sum() / Float(count)
    }

    /// The smallest element; `nan` if any element is `nan`.
    /// - Throws: `.empty` for an empty tensor.
    public func min() throws(TensorError) -> Float {
        try folded("min", ElementwiseOperation.nanPropagatingMinimum)
    }

    /// The largest element; `nan` if any element is `nan`.
    /// - Throws: `.empty` for an empty tensor.
    public func max() throws(TensorError) -> Float {
        try folded("max", ElementwiseOperation.nanPropagatingMaximum)
    }

    /// Every element combined from the first, in index order. - Throws: `.empty` for no elements.
    private func folded(_ operation: String, _ combine: (Float, Float) -> Float) throws(TensorError) -> Float {
        guard count > 0 else { throw .empty(operation: operation) }
        return scalars.withUnsafeBufferPointer { buffer in
            var result = buffer[0]
            for value in buffer { result = combine(result, value) }
            return result
        }
    }

    /// The flat (row-major) index of the largest element; the first one on ties, and the first
    /// `nan` if there is one (as numpy does).
    /// - Throws: `.empty` for an empty tensor.
    public func argmax() throws(TensorError) -> Int {
        guard count > 0 else { throw .empty(operation: "argmax") }
        return scalars.withUnsafeBufferPointer { Tensor.argmax($0.baseAddress!, count: $0.count, stride: 1) }
    }

    /// The flat (row-major) index of the smallest element; the first one on ties, and the first
    /// `nan` if there is one.
    /// - Throws: `.empty` for an empty tensor.
    public func argmin() throws(TensorError) -> Int {
        guard count > 0 else { throw .empty(operation: "argmin") }
        return scalars.withUnsafeBufferPointer { Tensor.argmin($0.baseAddress!, count: $0.count, stride: 1) }
    }

    /// Pairwise sum of `count` contiguous floats (see ``sum()``).
    package static func pairwiseSum(_ values: UnsafePointer<Float>, count: Int) -> Float {
        if count < 8 {
            var result: Float = 0
            for index in 0..<count { result += values[index] }
            return result
        }
        if count <= 128 {
            var r0 = values[0], r1 = values[1], r2 = values[2], r3 = values[3]
            var r4 = values[4], r5 = values[5], r6 = values[6], r7 = values[7]
            let blocked = count - count % 8
            var index = 8
            while index < blocked {
                r0 += values[index]; r1 += values[index + 1]
                r2 += values[index + 2]; r3 += values[index + 3]
                r4 += values[index + 4]; r5 += values[index + 5]
                r6 += values[index + 6]; r7 += values[index + 7]
                index += 8
            }
            var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while index < count {
                result += values[index]
                index += 1
            }
            return result
        }
        var half = count / 2
        half -= half % 8
        return pairwiseSum(values, count: half) + pairwiseSum(values + half, count: count - half)
    }

    /// Index (in steps of `stride`) of the first largest value among `count` values; `nan` wins.
    static func argmax(_ values: UnsafePointer<Float>, count: Int, stride: Int) -> Int {
        var best = 0
        var bestValue = values[0]
        if bestValue.isNaN { return 0 }
        for index in 1..<Swift.max(count, 1) {
            let value = values[index * stride]
            if value.isNaN { return index }
            if value > bestValue {
                best = index
                bestValue = value
            }
        }
        return best
    }

    /// Index (in steps of `stride`) of the first smallest value among `count` values; `nan` wins.
    static func argmin(_ values: UnsafePointer<Float>, count: Int, stride: Int) -> Int {
        var best = 0
        var bestValue = values[0]
        if bestValue.isNaN { return 0 }
        for index in 1..<Swift.max(count, 1) {
            let value = values[index * stride]
            if value.isNaN { return index }
            if value < bestValue {
                best = index
                bestValue = value
            }
        }
        return best
    }
}
