/// A filter `[outChannels, depth]` packed for ``FastKernels``' matrix product: eight channels side
/// by side for every depth index (widened as they are loaded), with the input offset folded into
/// the bias; or, when the CPU has 8/16-bit multiply-adds, packed for the C byte product
/// (``BytePackedFilter``), the Swift form then left empty.
struct PackedFilter: Sendable, Hashable {
    let outChannels: Int
    let depth: Int
    /// `ceil(outChannels / 8)` blocks of `depth × 8` values; channels past the end are zero.
    let weights: [Int8]
    /// `bias[c] + inputOffset · Σ_k w[c, k]` (wrapping), padded like the weights.
    let bias: [Int32]
    let stage: OutputStage
    /// The byte form, when `kernel` is not ``ProductKernel/widened``.
    let bytes: BytePackedFilter?

    var blocks: Int { (outChannels + FastKernels.lanes - 1) / FastKernels.lanes }

    /// Packs `filter` (row `c` is output channel `c`, `depth` values) for `kernel`, which must be
    /// supported by the CPU.
    init(filter: [Int8], outChannels: Int, depth: Int, bias: [Int32]?, inputOffset: Int32, stage: OutputStage,
         kernel: ProductKernel = .best) {
        self.outChannels = outChannels
        self.depth = depth
        self.stage = stage
        if let variant = kernel.variant {
            bytes = BytePackedFilter(filter: filter, outChannels: outChannels, depth: depth, bias: bias, inputOffset: inputOffset,
                                     stage: stage, variant: variant)
            weights = []
            self.bias = []
            return
        }
        bytes = nil
        let lanes = FastKernels.lanes
        let blocks = (outChannels + lanes - 1) / lanes
        var weights = [Int8](repeating: 0, count: blocks * depth * lanes)
        var folded = [Int32](repeating: 0, count: blocks * lanes)
        for channel in 0..<outChannels {
            let (block, lane) = channel.quotientAndRemainder(dividingBy: lanes)
            var sum: Int32 = 0
            for k in 0..<depth {
                let w = filter[channel * depth + k]
                weights[(block * depth + k) * lanes + lane] = w
                sum &+= Int32(w)
            }
            folded[channel] = (bias?[channel] ?? 0) &+ inputOffset &* sum
        }
        self.weights = weights
        self.bias = folded
    }
}

extension FastKernels {
    /// `out[m, c] = stage(Σ_k a[m, k] · w[c, k] + bias[c] + rowOffsets[m])` for `rows` rows of `a`
    /// (`rows × depth`, widened), written row-major `rows × outChannels`.
    ///
    /// Register tiles of four rows by sixteen channels: each loaded weight vector serves four rows,
    /// each broadcast input value sixteen channels.
    static func multiply(_ a: UnsafePointer<Int32>, rows: Int, filter: PackedFilter, rowOffsets: UnsafePointer<Int32>? = nil,
                         into out: UnsafeMutablePointer<Int8>) {
        let depth = filter.depth, n = filter.outChannels, blocks = filter.blocks
        if rows == 1 { return multiplyRow(a, filter: filter, rowOffset: rowOffsets?.pointee ?? 0, into: out) }
        filter.weights.withUnsafeBufferPointer { weights in
        filter.bias.withUnsafeBufferPointer { bias in
        filter.stage.blocks.withUnsafeBufferPointer { scales in
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 4 * 2 * lanes) { scratch in
            let w = weights.baseAddress!, b = bias.baseAddress!, s = scales.baseAddress!, acc = scratch.baseAddress!
            var block = 0
            while block < blocks {
                let pair = block + 1 < blocks
                let firstChannel = block * lanes
                let width = min(n - firstChannel, pair ? 2 * lanes : lanes)
                let w0 = w + block * depth * lanes
                var row = 0
                while row + 4 <= rows {
                    if pair {
                        tile4x16(a + row * depth, depth: depth, w0, w0 + depth * lanes, b + firstChannel, acc)
                    } else {
                        tile4x8(a + row * depth, depth: depth, w0, b + firstChannel, acc)
                    }
                    for r in 0..<4 {
                        if let rowOffsets { addOffset(rowOffsets[row + r], to: acc + r * 2 * lanes) }
                        write(acc + r * 2 * lanes, width: width, stage: filter.stage, scales: s + block, to: out + (row + r) * n + firstChannel)
                    }
                    row += 4
                }
                while row < rows {
                    tile1(a + row * depth, depth: depth, w0, pair ? w0 + depth * lanes : nil, b + firstChannel, acc)
                    if let rowOffsets { addOffset(rowOffsets[row], to: acc) }
                    write(acc, width: width, stage: filter.stage, scales: s + block, to: out + row * n + firstChannel)
                    row += 1
                }
                block += pair ? 2 : 1
            }
        }
        }
        }
        }
    }

    /// One row (a matrix-vector product, as FULLY_CONNECTED on one sample): four blocks of
    /// channels per pass, so each broadcast input value serves 32 channels.
    private static func multiplyRow(_ a: UnsafePointer<Int32>, filter: PackedFilter, rowOffset: Int32, into out: UnsafeMutablePointer<Int8>) {
        let depth = filter.depth, n = filter.outChannels, blocks = filter.blocks
        filter.weights.withUnsafeBufferPointer { weights in
        filter.bias.withUnsafeBufferPointer { bias in
        filter.stage.blocks.withUnsafeBufferPointer { scales in
            let w = weights.baseAddress!, s = scales.baseAddress!
            let offset = Lane(repeating: rowOffset)
            func store(_ sum: Lane, _ block: Int) {
                filter.stage.write(sum &+ offset, block: s + block, count: min(lanes, n - block * lanes), to: out + block * lanes)
            }
            var block = 0
            while block + 4 <= blocks {
                let p0 = UnsafeRawPointer(w + block * depth * lanes), step = depth * lanes
                let p1 = p0 + step, p2 = p1 + step, p3 = p2 + step
                let biases = UnsafeRawPointer(bias.baseAddress! + block * lanes)
                var s0 = biases.loadUnaligned(as: Lane.self), s1 = biases.loadUnaligned(fromByteOffset: 32, as: Lane.self)
                var s2 = biases.loadUnaligned(fromByteOffset: 64, as: Lane.self), s3 = biases.loadUnaligned(fromByteOffset: 96, as: Lane.self)
                for k in 0..<depth {
                    let x = Lane(repeating: a[k])
                    s0 &+= x &* widened(p0, k * 8)
                    s1 &+= x &* widened(p1, k * 8)
                    s2 &+= x &* widened(p2, k * 8)
                    s3 &+= x &* widened(p3, k * 8)
                }
                store(s0, block); store(s1, block + 1); store(s2, block + 2); store(s3, block + 3)
                block += 4
            }
            while block < blocks {
                store(dot(a, depth: depth, w + block * depth * lanes, bias: bias.baseAddress! + block * lanes), block)
                block += 1
            }
        }
        }
        }
    }

    /// The output stage for one row of a tile: `width` channels (up to sixteen) from `acc`.
    @inline(__always)
    private static func write(_ acc: UnsafeMutablePointer<Int32>, width: Int, stage: OutputStage, scales: UnsafePointer<BlockScale>,
                              to out: UnsafeMutablePointer<Int8>) {
        let raw = UnsafeRawPointer(acc)
        stage.write(raw.loadUnaligned(as: Lane.self), block: scales, count: min(width, lanes), to: out)
        if width > lanes {
            stage.write(raw.loadUnaligned(fromByteOffset: 32, as: Lane.self), block: scales + 1, count: width - lanes, to: out + lanes)
        }
    }

    /// Adds a row's offset to its sixteen accumulators.
    @inline(__always)
    private static func addOffset(_ offset: Int32, to acc: UnsafeMutablePointer<Int32>) {
        for j in 0..<(2 * lanes) { acc[j] &+= offset }
    }

    /// Eight weights widened from int8.
    @inline(__always)
    private static func widened(_ p: UnsafeRawPointer, _ offset: Int = 0) -> Lane {
        Lane(truncatingIfNeeded: p.loadUnaligned(fromByteOffset: offset, as: SIMD8<Int8>.self))
    }

    /// Four rows by two blocks of eight channels; results (bias added) at `acc[r * 16 + j]`.
    @inline(__always)
    private static func tile4x16(_ a: UnsafePointer<Int32>, depth: Int, _ wa: UnsafePointer<Int8>, _ wb: UnsafePointer<Int8>,
                                 _ bias: UnsafePointer<Int32>, _ acc: UnsafeMutablePointer<Int32>) {
        let biasA = UnsafeRawPointer(bias).loadUnaligned(as: Lane.self)
        let biasB = UnsafeRawPointer(bias + lanes).loadUnaligned(as: Lane.self)
        var s00 = biasA, s01 = biasB, s10 = biasA, s11 = biasB, s20 = biasA, s21 = biasB, s30 = biasA, s31 = biasB
        let a0 = a, a1 = a0 + depth, a2 = a1 + depth, a3 = a2 + depth
        var pa = UnsafeRawPointer(wa), pb = UnsafeRawPointer(wb)
        for k in 0..<depth {
            let x = widened(pa), y = widened(pb)
            let v0 = Lane(repeating: a0[k]), v1 = Lane(repeating: a1[k]), v2 = Lane(repeating: a2[k]), v3 = Lane(repeating: a3[k])
            s00 &+= v0 &* x; s01 &+= v0 &* y
            s10 &+= v1 &* x; s11 &+= v1 &* y
            s20 &+= v2 &* x; s21 &+= v2 &* y
            s30 &+= v3 &* x; s31 &+= v3 &* y
            pa += 8; pb += 8
        }
        let o = UnsafeMutableRawPointer(acc)
        o.storeBytes(of: s00, toByteOffset: 0, as: Lane.self); o.storeBytes(of: s01, toByteOffset: 32, as: Lane.self)
        o.storeBytes(of: s10, toByteOffset: 64, as: Lane.self); o.storeBytes(of: s11, toByteOffset: 96, as: Lane.self)
        o.storeBytes(of: s20, toByteOffset: 128, as: Lane.self); o.storeBytes(of: s21, toByteOffset: 160, as: Lane.self)
        o.storeBytes(of: s30, toByteOffset: 192, as: Lane.self); o.storeBytes(of: s31, toByteOffset: 224, as: Lane.self)
    }

    /// Four rows by one block of eight channels; results at `acc[r * 16 + j]`.
    @inline(__always)
    private static func tile4x8(_ a: UnsafePointer<Int32>, depth: Int, _ wa: UnsafePointer<Int8>,
                                _ bias: UnsafePointer<Int32>, _ acc: UnsafeMutablePointer<Int32>) {
        let biasA = UnsafeRawPointer(bias).loadUnaligned(as: Lane.self)
        var s0 = biasA, s1 = biasA, s2 = biasA, s3 = biasA
        let a0 = a, a1 = a0 + depth, a2 = a1 + depth, a3 = a2 + depth
        var pa = UnsafeRawPointer(wa)
        for k in 0..<depth {
            let x = widened(pa)
            s0 &+= Lane(repeating: a0[k]) &* x
            s1 &+= Lane(repeating: a1[k]) &* x
            s2 &+= Lane(repeating: a2[k]) &* x
            s3 &+= Lane(repeating: a3[k]) &* x
            pa += 8
        }
        let o = UnsafeMutableRawPointer(acc)
        o.storeBytes(of: s0, toByteOffset: 0, as: Lane.self)
        o.storeBytes(of: s1, toByteOffset: 64, as: Lane.self)
        o.storeBytes(of: s2, toByteOffset: 128, as: Lane.self)
        o.storeBytes(of: s3, toByteOffset: 192, as: Lane.self)
    }

    /// One row by one or two blocks; results at `acc[j]`.
    @inline(__always)
    private static func tile1(_ a: UnsafePointer<Int32>, depth: Int, _ wa: UnsafePointer<Int8>, _ wb: UnsafePointer<Int8>?,
                              _ bias: UnsafePointer<Int32>, _ acc: UnsafeMutablePointer<Int32>) {
        let o = UnsafeMutableRawPointer(acc)
        o.storeBytes(of: dot(a, depth: depth, wa, bias: bias), as: Lane.self)
        if let wb { o.storeBytes(of: dot(a, depth: depth, wb, bias: bias + lanes), toByteOffset: 32, as: Lane.self) }
    }

    /// One row against one block of eight channels. Four partial sums over interleaved depth
    /// indices hide the multiply latency of a single long chain.
    @inline(__always)
    private static func dot(_ a: UnsafePointer<Int32>, depth: Int, _ filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>) -> Lane {
        var s0 = UnsafeRawPointer(bias).loadUnaligned(as: Lane.self), s1 = Lane(), s2 = Lane(), s3 = Lane()
        let p = UnsafeRawPointer(filter)
        var k = 0
        while k + 4 <= depth {
            s0 &+= Lane(repeating: a[k]) &* widened(p, k * 8)
            s1 &+= Lane(repeating: a[k + 1]) &* widened(p, (k + 1) * 8)
            s2 &+= Lane(repeating: a[k + 2]) &* widened(p, (k + 2) * 8)
            s3 &+= Lane(repeating: a[k + 3]) &* widened(p, (k + 3) * 8)
            k += 4
        }
        while k < depth {
            s0 &+= Lane(repeating: a[k]) &* widened(p, k * 8)
            k += 1
        }
        return (s0 &+ s1) &+ (s2 &+ s3)
    }
}
