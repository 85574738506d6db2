extension Tensor {
    /// Sums along `axis` (negative counts from the end), removing that axis.
    ///
    /// Along the last axis each row is summed pairwise like ``sum()``; along other axes whole
    /// slices are added pairwise (runs of up to 128 slices in order, longer runs split in halves),
    /// so every output element sees the same fixed order. An axis of length 0 gives zeros.
    /// - Throws: `.invalidAxis` when `axis` is outside `-rank..<rank`.
    public func sum(axis: Int) throws(TensorError) -> Tensor {
        let layout = try AxisLayout(shape: shape, axis: axis)
        return reduce(layout) { source, out in
            if layout.inner == 1 {
                for row in 0..<layout.outer {
                    out[row] = Tensor.pairwiseSum(source + row * layout.length, count: layout.length)
                }
            } else {
                for block in 0..<layout.outer {
                    Tensor.sumSlices(source + block * layout.length * layout.inner, count: layout.length,
                                     width: layout.inner, into: out + block * layout.inner)
                }
            }
        }
    }

    /// The mean along `axis`, removing that axis: ``sum(axis:)`` divided by the axis length.
    /// - Throws: `.invalidAxis`; `.empty` when the axis has length 0.
    public func mean(axis: Int) throws(TensorError) -> Tensor {
        let layout = try AxisLayout(shape: shape, axis: axis)
        guard layout.length > 0 else { throw .empty(operation: "mean") }
        let divisor = Float(layout.length)
        return try sum(axis: axis).map { $0 / divisor }
    }

    /// The largest value along `axis` (`nan` if any is `nan`), removing that axis.
    /// - Throws: `.invalidAxis`; `.empty` when the axis has length 0.
    public func max(axis: Int) throws(TensorError) -> Tensor {
        let layout = try AxisLayout(shape: shape, axis: axis)
        guard layout.length > 0 else { throw .empty(operation: "max") }
        return reduce(layout) { source, out in
            Tensor.foldSlices(source, layout, into: out, ElementwiseOperation.nanPropagatingMaximum)
        }
    }

    /// The smallest value along `axis` (`nan` if any is `nan`), removing that axis.
    /// - Throws: `.invalidAxis`; `.empty` when the axis has length 0.
    public func min(axis: Int) throws(TensorError) -> Tensor {
        let layout = try AxisLayout(shape: shape, axis: axis)
        guard layout.length > 0 else { throw .empty(operation: "min") }
        return reduce(layout) { source, out in
            Tensor.foldSlices(source, layout, into: out, ElementwiseOperation.nanPropagatingMinimum)
        }
    }

    /// The index of the largest value along `axis` (first on ties, first `nan` wins), as a float
    /// tensor without that axis.
    /// - Throws: `.invalidAxis`; `.empty` when the axis has length 0.
    public func argmax(axis: Int) throws(TensorError) -> Tensor {
        let layout = try AxisLayout(shape: shape, axis: axis)
        guard layout.length > 0 else { throw .empty(operation: "argmax") }
        return reduce(layout) { source, out in
            for block in 0..<layout.outer {
                for column in 0..<layout.inner {
                    let start = source + block * layout.length * layout.inner + column
                    out[block * layout.inner + column] = Float(
                        Tensor.argmax(start, count: layout.length, stride: layout.inner))
                }
            }
        }
    }

    /// The index of the smallest value along `axis` (first on ties, first `nan` wins), as a float
    /// tensor without that axis.
    /// - Throws: `.invalidAxis`; `.empty` when the axis has length 0.
    public func argmin(axis: Int) throws(TensorError) -> Tensor {
        let layout = try AxisLayout(shape: shape, axis: axis)
        guard layout.length > 0 else { throw .empty(operation: "argmin") }
        return reduce(layout) { source, out in
            for block in 0..<layout.outer {
                for column in 0..<layout.inner {
                    let start = source + block * layout.length * layout.inner + column
                    out[block * layout.inner + column] = Float(
                        Tensor.argmin(start, count: layout.length, stride: layout.inner))
                }
            }
        }
    }

    /// Runs `body(source, output)` for a reduction over `layout`, skipping it when either side is empty.
    private func reduce(_ layout: AxisLayout,
                        _ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> Tensor {
        scalars.withUnsafeBufferPointer { source in
            Tensor.build(shape: layout.resultShape) { out in
                if layout.outer * layout.inner == 0 { return }
                guard let sourceBase = source.baseAddress else {
                    // Only a zero-length axis leaves the source empty; sum treats it as zeros.
                    out.initialize(repeating: 0)
                    return
                }
                body(sourceBase, out.baseAddress!)
            }
        }
    }

    /// Adds `count` slices of `width` floats spaced `width` apart into `out`, pairwise by halves.
    private static func sumSlices(_ values: UnsafePointer<Float>, count: Int, width: Int,
                                  into out: UnsafeMutablePointer<Float>) {
        if count <= 128 {
            out.initialize(repeating: 0, count: width)
            for slice in 0..<count {
                let row = values + slice * width
                for column in 0..<width { out[column] += row[column] }
            }
            return
        }
        let half = count / 2
        sumSlices(values, count: half, width: width, into: out)
        let upper = UnsafeMutablePointer<Float>.allocate(capacity: width)
        defer { upper.deallocate() }
        sumSlices(values + half * width, count: count - half, width: width, into: upper)
        for column in 0..<width { out[column] += upper[column] }
    }

    /// Folds the slices along the layout's axis with `combine`, starting from the first slice.
    @inline(__always)
    private static func foldSlices(_ values: UnsafePointer<Float>, _ layout: AxisLayout,
                                   into out: UnsafeMutablePointer<Float>,
                                   _ combine: (Float, Float) -> Float) {
        for block in 0..<layout.outer {
            let source = values + block * layout.length * layout.inner
            let target = out + block * layout.inner
            target.initialize(from: source, count: layout.inner)
            for slice in 1..<layout.length {
                let row = source + slice * layout.inner
                for column in 0..<layout.inner { target[column] = combine(target[column], row[column]) }
            }
        }
    }
}

/// A tensor seen as `[outer, length, inner]` around one reduced axis.
struct AxisLayout {
    var outer: Int
    var length: Int
    var inner: Int
    var resultShape: [Int]

    init(shape: [Int], axis: Int) throws(TensorError) {
        let resolved = try Tensor.normalizedAxis(axis, rank: shape.count)
        outer = shape[..<resolved].reduce(1, *)
        length = shape[resolved]
        inner = shape[(resolved + 1)...].reduce(1, *)
        resultShape = shape
        resultShape.remove(at: resolved)
    }
}
