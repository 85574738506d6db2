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
        if let bytes = filter.bytes { return run(input, bytes: bytes) }
        let batches = input.count / filter.depth
        let depth = filter.depth
        let widened = UnsafeMutablePointer<Int32>.allocate(capacity: max(batches * depth, 1) + batches)
        defer { widened.deallocate() }
        input.withUnsafeBufferPointer { source in
            for i in 0..<(batches * depth) { widened[i] = Int32(source[i]) }
        }
        let rowOffsets = widened + batches * depth
        if filterOffset != 0 { fillRowOffsets(input, batches: batches, into: rowOffsets) }
        return [Int8](unsafeUninitializedCapacity: batches * filter.outChannels) { buffer, count in
            if batches > 0 {
                FastKernels.multiply(widened, rows: batches, filter: filter, rowOffsets: filterOffset != 0 ? UnsafePointer(rowOffsets) : nil,
                                     into: buffer.baseAddress!)
            }
            count = batches * filter.outChannels
        }
    }

    /// ``run(_:)`` on the C byte product: rows of bytes `x + 128` padded to a multiple of four.
    private func run(_ input: [Int8], bytes: BytePackedFilter) -> [Int8] {
        let depth = filter.depth, batches = input.count / depth, rowLength = bytes.paddedDepth
        guard batches > 0 else { return [] }
        let rows = UnsafeMutablePointer<UInt8>.allocate(capacity: batches * rowLength)
        rows.initialize(repeating: 0, count: batches * rowLength)
        let accumulators = UnsafeMutablePointer<Int32>.allocate(capacity: batches * (bytes.stride + 1))
        defer { rows.deallocate(); accumulators.deallocate() }
        input.withUnsafeBufferPointer { source in
            for row in 0..<batches {
                FastKernels.offsetBytes(source.baseAddress! + row * depth, count: depth, into: rows + row * rowLength)
            }
        }
        let rowOffsets = accumulators + batches * bytes.stride
        if filterOffset != 0 { fillRowOffsets(input, batches: batches, into: rowOffsets) }
        return [Int8](unsafeUninitializedCapacity: batches * filter.outChannels) { buffer, count in
            FastKernels.multiply(bytes: rows, rows: batches, filter: bytes, stage: filter.stage,
                                 rowOffsets: filterOffset != 0 ? UnsafePointer(rowOffsets) : nil, scratch: accumulators,
                                 into: buffer.baseAddress!)
            count = batches * filter.outChannels
        }
    }

    /// `filterOffset · Σ_k (x + inputOffset)` for each row.
    private func fillRowOffsets(_ input: [Int8], batches: Int, into rowOffsets: UnsafeMutablePointer<Int32>) {
        let depth = filter.depth
        for row in 0..<batches {
            var sum = Int32(truncatingIfNeeded: depth) &* inputOffset
            for k in 0..<depth { sum &+= Int32(input[row * depth + k]) }
            rowOffsets[row] = filterOffset &* sum
        }
    }
}
