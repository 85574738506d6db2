/// The fast convolution: unfold the input into a `[rows, patchSize]` matrix of windows (im2col) and
/// use the matrix product, whose inner loops vectorise. Bit-identical to the reference loops: the
/// same products are summed from zero in the same tap and row order.
extension ConvolutionKernel {
    /// Windows as rows: row `(n, oy, ox)` holds taps `(ky, kx, c)`, padding as `0`. Large inputs
    /// split their samples over two threads.
    package static func im2col<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry) -> [S] {
        if g.isPointwise { return x }  // the same values in the same order, without the copy
        let patch = g.patchSize
        let rows = batch * g.outputPositions
        return [S](unsafeUninitializedCapacity: rows * patch) { out, initialized in
            x.withUnsafeBufferPointer { source in
                let shared = Unchecked((source.baseAddress!, out.baseAddress!))
                ParallelBands.run(batch, work: rows * patch * ParallelBands.elementWork) { samples in
                    let (source, out) = shared.value
                    forEachKernelRow(of: samples, geometry: g) { position, start, inside in
                        let row = out + position
                        let before = inside.lowerBound * g.channels, count = inside.count * g.channels
                        row.initialize(repeating: 0, count: before)
                        if let start { (row + before).initialize(from: source + start, count: count) }
                        (row + before + count).initialize(repeating: 0, count: g.kernelWidth * g.channels - before - count)
                    }
                }
            }
            initialized = rows * patch
        }
    }

    /// Adds each window's column of `columns` back into the input positions it was read from
    /// (the transpose of ``im2col(_:batch:geometry:)``), in row then tap order. Samples write
    /// disjoint parts of the result, so large batches split them over two threads.
    package static func col2im<S: EngineScalar>(_ columns: [S], batch: Int, geometry g: ConvolutionGeometry) -> [S] {
        // One window per pixel: `0 + v` is `v` for every `v` a product gives (a sum that starts at
        // +0 is never −0), so the matrix already is the result.
        if g.isPointwise { return columns }
        var dx = [S](repeating: 0, count: batch * g.inputSize)
        dx.withUnsafeMutableBufferPointer { out in
            columns.withUnsafeBufferPointer { source in
                let shared = Unchecked((source.baseAddress!, out.baseAddress!))
                ParallelBands.run(batch, work: columns.count * ParallelBands.elementWork) { samples in
                    let (source, out) = shared.value
                    forEachKernelRow(of: samples, geometry: g) { position, start, inside in
                        guard let start else { return }
                        let (to, from) = (out + start, source + position + inside.lowerBound * g.channels)
                        for c in 0..<(inside.count * g.channels) { to[c] += from[c] }
                    }
                }
            }
        }
        return dx
    }

    /// Visits every kernel row of every window of `samples` in im2col order: its offset in the
    /// im2col matrix, the kernel columns whose taps fall inside the input (a contiguous run of
    /// input pixels in NHWC), and the offset of the first of those pixels (`nil` when none does).
    @inline(__always)
    private static func forEachKernelRow(of samples: Range<Int>, geometry g: ConvolutionGeometry,
                                         _ body: (_ position: Int, _ start: Int?, _ inside: Range<Int>) -> Void) {
        let rowLength = g.kernelWidth * g.channels
        var position = samples.lowerBound * g.outputPositions * g.patchSize
        for n in samples {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    let left = ox * g.strideWidth - g.padLeft
                    let inside = max(0, -left)..<max(0, min(g.kernelWidth, g.inputWidth - left))
                    for ky in 0..<g.kernelHeight {
                        let iy = oy * g.strideHeight + ky - g.padTop
                        let rowInside = iy >= 0 && iy < g.inputHeight && !inside.isEmpty
                        let start = ((n * g.inputHeight + iy) * g.inputWidth + left + inside.lowerBound) * g.channels
                        body(position, rowInside ? start : nil, rowInside ? inside : 0..<0)
                        position += rowLength
                    }
                }
            }
        }
    }

    /// The forward pass by im2col and the matrix product.
    package static func forwardIm2col<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry,
                                                       weights w: [S], bias: [S], filters: Int) -> [S] {
        let rows = batch * g.outputPositions
        let columns = im2col(x, batch: batch, geometry: g)
        var out = MatrixMath.product(columns, w, rows: rows, inner: g.patchSize, columns: filters)
        addBias(bias, to: &out, rows: rows)
        return out
    }

    /// The backward pass by the matrix product: `dW = colsᵀ · dz`, `dcols = dz · Wᵀ`, then col2im
    /// (the input gradient is empty without `inputGradient`).
    package static func backwardIm2col<S: EngineScalar>(_ x: [S], batch: Int, geometry g: ConvolutionGeometry,
                                                        weights w: [S], filters: Int, outputGradient dz: [S],
                                                        inputGradient: Bool = true)
        -> (input: [S], weights: [S], bias: [S]) {
        let rows = batch * g.outputPositions
        let patch = g.patchSize
        let columns = im2col(x, batch: batch, geometry: g)
        let dw = MatrixMath.product(columns, dz, rows: patch, inner: rows, columns: filters, layout: .transposed)
        guard inputGradient else { return ([], dw, biasGradient(dz, rows: rows, filters: filters)) }
        let dcolumns = MatrixMath.product(dz, MatrixMath.transpose(w, rows: patch, columns: filters),
                                          rows: rows, inner: filters, columns: patch)
        let dx = col2im(dcolumns, batch: batch, geometry: g)
        return (dx, dw, biasGradient(dz, rows: rows, filters: filters))
    }

    /// `out[row, f] += bias[f]` for every row.
    package static func addBias<S: EngineScalar>(_ bias: [S], to out: inout [S], rows: Int) {
        let width = bias.count
        out.withUnsafeMutableBufferPointer { values in
            bias.withUnsafeBufferPointer { b in
                guard let values = values.baseAddress, let b = b.baseAddress else { return }
                let shared = Unchecked((values, b))
                ParallelBands.run(rows, work: rows * width * ParallelBands.elementWork) { band in
                    let (values, b) = shared.value
                    for row in band {
                        let to = values + row * width
                        for f in 0..<width { to[f] += b[f] }
                    }
                }
            }
        }
    }
}
