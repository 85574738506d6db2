extension Tensor {
    /// The sum of all elements, accumulated in Double in index order (exact enough for the
    /// sizes Mote handles, and independent of threads).
    public func sum() -> Float {
        var total = 0.0
        for value in scalars { total += Double(value) }
        return Float(total)
    }

    public func mean() throws(TensorError) -> Float {
        guard count > 0 else { throw .empty(operation: "mean") }
        var total = 0.0
        for value in scalars { total += Double(value) }
        return Float(total / Double(count))
    }

    public func min() throws(TensorError) -> Float {
        guard let first = scalars.first else { throw .empty(operation: "min") }
        return scalars.reduce(first) { Swift.min($0, $1) }
    }

    public func max() throws(TensorError) -> Float {
        guard let first = scalars.first else { throw .empty(operation: "max") }
        return scalars.reduce(first) { Swift.max($0, $1) }
    }

    /// The flat index of the largest element (the first, on ties).
    public func argmax() throws(TensorError) -> Int {
        guard !scalars.isEmpty else { throw .empty(operation: "argmax") }
        var best = 0
        for index in scalars.indices where scalars[index] > scalars[best] { best = index }
        return best
    }

    /// Sums along `axis` (negative counts from the end), removing it.
    public func sum(axis: Int) throws(TensorError) -> Tensor {
        try reduce(axis: axis, operation: "sum") { values in Float(values.reduce(0.0) { $0 + Double($1) }) }
    }

    public func mean(axis: Int) throws(TensorError) -> Tensor {
        try reduce(axis: axis, operation: "mean") { values in Float(values.reduce(0.0) { $0 + Double($1) } / Double(values.count)) }
    }

    public func max(axis: Int) throws(TensorError) -> Tensor {
        try reduce(axis: axis, operation: "max") { values in values.reduce(values[0]) { Swift.max($0, $1) } }
    }

    public func argmax(axis: Int) throws(TensorError) -> Tensor {
        try reduce(axis: axis, operation: "argmax") { values in
            var best = 0
            for index in values.indices where values[index] > values[best] { best = index }
            return Float(best)
        }
    }

    /// Folds each line along `axis` with `fold`.
    private func reduce(axis: Int, operation: String, _ fold: ([Float]) -> Float) throws(TensorError) -> Tensor {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0, resolved < rank else { throw .invalidAxis(axis: axis, rank: rank) }
        let length = shape[resolved]
        guard length > 0 else { throw .empty(operation: operation) }
        let outer = shape[..<resolved].reduce(1, *)
        let inner = shape[(resolved + 1)...].reduce(1, *)
        var result = [Float]()
        result.reserveCapacity(outer * inner)
        var line = [Float](repeating: 0, count: length)
        for o in 0..<outer {
            for i in 0..<inner {
                for l in 0..<length { line[l] = scalars[(o * length + l) * inner + i] }
                result.append(fold(line))
            }
        }
        var newShape = shape
        newShape.remove(at: resolved)
        return Tensor(shape: newShape, scalars: result)
    }
}
