import CInt8Kernels

/// The implementations of the int8 matrix product behind CONV_2D and FULLY_CONNECTED.
///
/// The byte variants are C (`CInt8Kernels`): the 8- and 16-bit multiply-add instructions they
/// use are out of reach of Swift's portable SIMD types. All give the reference's accumulators.
package enum ProductKernel: Sendable, Hashable, CaseIterable {
    /// Swift SIMD multiply-adds on int32-widened values (any CPU).
    case widened
    /// Plain C loops on bytes (any CPU; the reference point of the byte variants).
    case portableBytes
    /// `vpmaddwd` on 16-bit widened bytes (x86-64 with AVX2).
    case avx2
    /// `vpdpbusd` on 256-bit registers (x86-64 with AVX-VNNI).
    case avxVNNI
    /// `vpdpbusd` on 512-bit registers (x86-64 with AVX-512 VNNI).
    case avx512VNNI

    /// The C variant number, nil for the Swift loops.
    var variant: Int32? {
        switch self {
        case .widened: nil
        case .portableBytes: Int32(MOTE_INT8_PORTABLE)
        case .avx2: Int32(MOTE_INT8_AVX2)
        case .avxVNNI: Int32(MOTE_INT8_AVXVNNI)
        case .avx512VNNI: Int32(MOTE_INT8_AVX512VNNI)
        }
    }

    /// Whether this CPU runs the kernel.
    package var isSupported: Bool {
        guard let variant else { return true }
        return mote_int8_variant_supported(variant) != 0
    }

    /// The kernel the fast path uses: the best byte variant the CPU has, chosen once per process;
    /// the Swift loops where only the portable C one runs (they are faster than it).
    package static let best: ProductKernel = {
        switch mote_int8_best_variant() {
        case Int32(MOTE_INT8_AVX512VNNI): .avx512VNNI
        case Int32(MOTE_INT8_AVXVNNI): .avxVNNI
        case Int32(MOTE_INT8_AVX2): .avx2
        default: .widened
        }
    }()
}

/// A filter `[outChannels, depth]` packed for the C byte product: blocks of 16 channels × 4 depth
/// bytes, depth padded to a multiple of 4 with zero weights.
///
/// The product reads activations as unsigned bytes `x + 128`, so `Σ w·(x + off) = Σ w·(x + 128) +
/// (off − 128)·Σ w`: the second term is folded into the bias (wrapping, like every int32 sum here).
struct BytePackedFilter: Sendable, Hashable {
    let variant: Int32
    let outChannels: Int
    let depth: Int
    /// `depth` rounded up to a multiple of 4: the length of one activation row.
    let paddedDepth: Int
    /// Accumulators per row: `outChannels` rounded up to 16.
    let stride: Int
    let weights: AlignedBuffer<Int8>
    /// `bias[c] + (inputOffset − 128) · Σ_k w[c, k]`, zero past the last channel.
    let bias: AlignedBuffer<Int32>
    /// The output stage channel by channel, for the variants that fuse it into the product.
    let stage: FlatStage
    var fusesOutputStage: Bool { mote_int8_fuses_output_stage(variant) != 0 }

    init(filter: [Int8], outChannels: Int, depth: Int, bias: [Int32]?, inputOffset: Int32, stage: OutputStage, variant: Int32) {
        self.variant = variant
        self.outChannels = outChannels
        self.depth = depth
        paddedDepth = mote_int8_padded_depth(depth)
        stride = (outChannels + 15) / 16 * 16
        weights = AlignedBuffer(count: mote_int8_packed_size(outChannels, depth)) { buffer in
            filter.withUnsafeBufferPointer { mote_int8_pack_filter($0.baseAddress!, outChannels, depth, buffer.baseAddress!) }
        }
        var folded = [Int32](repeating: 0, count: stride)
        for channel in 0..<outChannels {
            var sum: Int32 = 0
            for k in 0..<depth { sum &+= Int32(filter[channel * depth + k]) }
            folded[channel] = (bias?[channel] ?? 0) &+ (inputOffset &- 128) &* sum
        }
        self.bias = AlignedBuffer(folded)
        self.stage = FlatStage(stage, channels: outChannels)
    }
}

/// An ``OutputStage`` as the C kernels read it: each part (multiplier, left factor, right shift,
/// mask, half) channel by channel, `stride` (the channels rounded up to 16) values each.
struct FlatStage: Sendable, Hashable {
    let stride: Int
    let scales: AlignedBuffer<Int32>
    let outputOffset: Int32
    let minimum: Int32
    let maximum: Int32

    init(_ stage: OutputStage, channels: Int) {
        stride = (channels + 15) / 16 * 16
        var scales = [Int32](repeating: 0, count: 5 * stride)
        for channel in 0..<stride {
            // Lanes past the last channel (never stored) get a zero multiplier with a left factor of
            // 1 and a right shift of 1, so that a last block in part keeps the usual form.
            var parts: [Int32] = [0, 1, 1, 1, 0]
            if channel < channels {
                let (block, lane) = channel.quotientAndRemainder(dividingBy: FastKernels.lanes)
                let b = stage.blocks[block]
                parts = [b.multiplier[lane], b.leftFactor[lane], b.rightShift[lane], b.mask[lane], b.half[lane]]
            }
            for (part, value) in parts.enumerated() { scales[part * stride + channel] = value }
        }
        self.scales = AlignedBuffer(scales)
        outputOffset = stage.outputOffset
        minimum = stage.minimum
        maximum = stage.maximum
    }

    /// Runs `body` with the C view of the stage.
    func withStage<R>(_ body: (UnsafePointer<mote_int8_stage>) -> R) -> R {
        let s = scales.baseAddress
        var stage = mote_int8_stage(multiplier: s, leftFactor: s + stride, rightShift: s + 2 * stride, mask: s + 3 * stride,
                                    half: s + 4 * stride, outputOffset: outputOffset, minimum: minimum, maximum: maximum)
        return body(&stage)
    }
}

extension FastKernels {
    /// `out[m, c] = stage(Σ_k a[m, k] · w[c, k] + bias[c] + rowOffsets[m])` for `rows` rows of
    /// `a` (bytes `x + 128`, `filter.paddedDepth` per row), written row-major `rows × outChannels`.
    /// `scratch` holds `rows × filter.stride` accumulators.
    static func multiply(bytes a: UnsafePointer<UInt8>, rows: Int, filter: BytePackedFilter, stage: OutputStage,
                         rowOffsets: UnsafePointer<Int32>? = nil, scratch: UnsafeMutablePointer<Int32>,
                         into out: UnsafeMutablePointer<Int8>) {
        let n = filter.outChannels, stride = filter.stride
        if filter.fusesOutputStage { return multiplyFused(bytes: a, rows: rows, filter: filter, rowOffsets: rowOffsets, into: out) }
        mote_int8_gemm(filter.variant, a, rows, filter.paddedDepth, filter.weights.baseAddress, n, filter.paddedDepth,
                       filter.bias.baseAddress, scratch, stride)
        stage.blocks.withUnsafeBufferPointer { scales in
            let s = scales.baseAddress!
            for row in 0..<rows {
                let acc = UnsafeRawPointer(scratch + row * stride), target = out + row * n
                let offset = Lane(repeating: rowOffsets?[row] ?? 0)
                var block = 0
                while block * lanes < n {
                    stage.write(acc.loadUnaligned(fromByteOffset: block * lanes * 4, as: Lane.self) &+ offset, block: s + block,
                                count: min(lanes, n - block * lanes), to: target + block * lanes)
                    block += 1
                }
            }
        }
    }

    /// ``multiply(bytes:rows:filter:stage:rowOffsets:scratch:into:)`` with the output stage in the
    /// C kernel, straight from its registers.
    private static func multiplyFused(bytes a: UnsafePointer<UInt8>, rows: Int, filter: BytePackedFilter,
                                      rowOffsets: UnsafePointer<Int32>?, into out: UnsafeMutablePointer<Int8>) {
        filter.stage.withStage { stage in
            mote_int8_gemm_requantize(filter.variant, a, rows, filter.paddedDepth, filter.weights.baseAddress, filter.outChannels,
                                      filter.paddedDepth, filter.bias.baseAddress, stage, rowOffsets, out, filter.outChannels)
        }
    }

    /// Copies `count` values as the byte product reads them, `x + 128` (the sign bit flipped),
    /// sixteen at a time.
    @inline(__always)
    static func offsetBytes(_ source: UnsafePointer<Int8>, count: Int, into target: UnsafeMutablePointer<UInt8>) {
        var i = 0
        let flip = SIMD16<UInt8>(repeating: 0x80)
        while i + 16 <= count {
            let v = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD16<UInt8>.self)
            UnsafeMutableRawPointer(target + i).storeBytes(of: v ^ flip, as: SIMD16<UInt8>.self)
            i += 16
        }
        while i < count {
            target[i] = UInt8(bitPattern: source[i]) ^ 0x80
            i += 1
        }
    }
}

/// What the Swift im2col writes (int32-widened values; the byte product has its im2col in C).
protocol PatchElement {
    /// `count` input values converted.
    static func copy(_ source: UnsafePointer<Int8>, count: Int, into target: UnsafeMutablePointer<Self>)
    /// The element of a tap outside the image, whose input value is `value`.
    init(padding value: Int32)
}

extension Int32: PatchElement {
    @inline(__always)
    static func copy(_ source: UnsafePointer<Int8>, count: Int, into target: UnsafeMutablePointer<Int32>) {
        var i = 0
        while i + 8 <= count {
            UnsafeMutableRawPointer(target + i).storeBytes(
                of: FastKernels.Lane(truncatingIfNeeded: UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<Int8>.self)),
                as: FastKernels.Lane.self)
            i += 8
        }
        while i < count {
            target[i] = Int32(source[i])
            i += 1
        }
    }

    init(padding value: Int32) { self = value }
}
