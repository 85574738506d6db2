import CInt8Kernels

/// FULLY_CONNECTED on the fast path: the input widened once, then the packed matrix product.
/// A filter offset `fo` (zero in TensorFlow Lite Micro's models) adds `fo · Σ_k (x + inputOffset)`
/// to every output of a row.
struct FastFullyConnected: Sendable, Hashable {
    let filter: PackedFilter
    let filterOffset: Int32
    let inputOffset: Int32

    /// Prepares the op for a filter `[outChannels, depth]`, or nil when the fast path leaves it
    /// to the reference.
    /// `kernel` picks the matrix product (the best this CPU has unless a test forces one).
    init?(filter: [Int8], filterShape: [Int], bias: [Int32]?, filterOffset: Int32, requantization q: Requantization,
          kernel: ProductKernel = .best) {
        guard filterShape.count == 2 else { return nil }
        let (outChannels, depth) = (filterShape[0], filterShape[1])
        guard depth > 0, filter.count == outChannels * depth, (bias?.count ?? outChannels) >= outChannels,
              let stage = OutputStage(q, channels: outChannels), kernel.isSupported else { return nil }
        self.filter = PackedFilter(filter: filter, outChannels: outChannels, depth: depth, bias: bias, inputOffset: q.inputOffset,
                                   stage: stage, kernel: kernel)
        self.filterOffset = filterOffset
        inputOffset = q.inputOffset
    }

    /// The outputs for `input`: one row of `outChannels` per `depth` inputs, as the reference.
    func run(_ input: [Int8]) -> [Int8] {
        let batches = input.count / filter.depth
        return FastKernels.array(count: batches * filter.outChannels) { out in
            input.withUnsafeBufferPointer { run($0.baseAddress!, batches: batches, into: out) }
        }
    }

    /// The `batches` rows of outputs for the `batches × depth` values at `input`, written to `out`.
    func run(_ input: UnsafePointer<Int8>, batches: Int, into out: UnsafeMutablePointer<Int8>) {
        guard batches > 0 else { return }
        if let bytes = filter.bytes { return run(input, batches: batches, bytes: bytes, into: out) }
        let depth = filter.depth
        let widened = UnsafeMutablePointer<Int32>.allocate(capacity: batches * depth + batches)
        defer { widened.deallocate() }
        for i in 0..<(batches * depth) { widened[i] = Int32(input[i]) }
        let rowOffsets = widened + batches * depth
        if filterOffset != 0 { fillRowOffsets(input, batches: batches, into: rowOffsets) }
        FastKernels.multiply(widened, rows: batches, filter: filter, rowOffsets: filterOffset != 0 ? UnsafePointer(rowOffsets) : nil,
                             into: out)
    }

    /// The one-row product on signed bytes in place, when the C kernel takes this filter's rows as
    /// they are (no filter offset, a depth already a multiple of four).
    var signedRow: SignedRowProduct? {
        guard let bytes = filter.bytes, filterOffset == 0, filter.depth == bytes.paddedDepth else { return nil }
        return SignedRowProduct(bytes)
    }

    /// ``run(_:batches:into:)`` on the C byte product: rows of bytes `x + 128` padded to a multiple of four.
    private func run(_ input: UnsafePointer<Int8>, batches: Int, bytes: BytePackedFilter, into out: UnsafeMutablePointer<Int8>) {
        let depth = filter.depth, rowLength = bytes.paddedDepth
        // One row whose length needs no padding: read in place, with no copy and no allocation.
        if batches == 1, let row = signedRow { return row.run(input, into: out) }
        // One allocation: the rows, the accumulators (unused when the product fuses its output
        // stage) and the row offsets.
        let accumulatorCount = bytes.fusesOutputStage ? 0 : batches * bytes.stride
        let words = (batches * rowLength + 3) / 4 + accumulatorCount + batches
        let storage = UnsafeMutablePointer<Int32>.allocate(capacity: words)
        defer { storage.deallocate() }
        let accumulators = storage, rowOffsets = storage + accumulatorCount
        let rows = UnsafeMutableRawPointer(rowOffsets + batches).bindMemory(to: UInt8.self, capacity: batches * rowLength)
        for row in 0..<batches {
            FastKernels.offsetBytes(input + row * depth, count: depth, into: rows + row * rowLength)
            (rows + row * rowLength + depth).initialize(repeating: 0, count: rowLength - depth)
        }
        if filterOffset != 0 { fillRowOffsets(input, batches: batches, into: rowOffsets) }
        FastKernels.multiply(bytes: rows, rows: batches, filter: bytes, stage: filter.stage,
                             rowOffsets: filterOffset != 0 ? UnsafePointer(rowOffsets) : nil, scratch: accumulators, into: out)
    }

    /// `filterOffset · Σ_k (x + inputOffset)` for each row.
    private func fillRowOffsets(_ input: UnsafePointer<Int8>, batches: Int, into rowOffsets: UnsafeMutablePointer<Int32>) {
        let depth = filter.depth
        for row in 0..<batches {
            var sum = Int32(truncatingIfNeeded: depth) &* inputOffset
            for k in 0..<depth { sum &+= Int32(input[row * depth + k]) }
            rowOffsets[row] = filterOffset &* sum
        }
    }
}

/// FULLY_CONNECTED of one row of signed bytes, read in place by the C kernel, with the call's
/// operands resolved once: a planned run (``ArenaProgram``) calls C straight from its step, with no
/// Swift kernel, closure or reference count in between. On ad01, ten such layers an inference,
/// that overhead had been a tenth of the time.
///
/// The pointers lie in the packed filter's buffers: whoever holds this keeps the filter alive.
struct SignedRowProduct: @unchecked Sendable {
    private let variant: Int32
    private let weights: UnsafePointer<Int8>
    private let channels: Int
    private let depth: Int
    private let bias: UnsafePointer<Int32>
    private let stage: mote_int8_stage

    /// Nil where the C kernel does not read signed rows on this filter's variant.
    init?(_ filter: BytePackedFilter) {
        guard mote_int8_reads_signed_rows(filter.variant) != 0 else { return nil }
        variant = filter.variant
        weights = filter.weights.baseAddress
        channels = filter.outChannels
        depth = filter.paddedDepth
        bias = filter.bias.baseAddress
        stage = filter.stage.withStage { $0.pointee }
    }

    /// The `channels` outputs for the `depth` values at `x`.
    func run(_ x: UnsafePointer<Int8>, into out: UnsafeMutablePointer<Int8>) {
        withUnsafePointer(to: stage) { stage in
            _ = mote_int8_signed_row_requantize(variant, x, weights, channels, depth, bias, stage, out)
        }
    }
}
