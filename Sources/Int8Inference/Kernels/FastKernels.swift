/// Fast int8 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED, bit-exact with ``ReferenceKernels``.
///
/// int32 accumulation wraps modulo 2^32, so any summation order gives the reference's accumulator:
/// filters are widened and packed once per graph, the input offset is folded into a per-channel
/// sum of weights (`Σ w·(x + off) = Σ w·x + off·Σ w`), padded taps read the input zero point (whose
/// offset-corrected value is 0), and the inner loops are plain SIMD multiply-adds. The output stage
/// is the reference's `MultiplyByQuantizedMultiplier`, offset and clamp, channel by channel.
///
/// Where the CPU has AVX2 or VNNI, the products of CONV_2D and FULLY_CONNECTED (and, on AVX-512,
/// depthwise filters up to four wide and ADD) run in C (`CInt8Kernels`, see ``ProductKernel``); the Swift loops here
/// are the fallback for other CPUs.
///
/// In the Swift loops activations are widened to int32 before the products on purpose: when the
/// compiler can prove both factors fit in 16 bits (activations kept as bytes, or weights widened by
/// ``widen(_:)``) it emits `vpmaddwd` with zeroed halves, which measured three to four times slower than `vpmulld`
/// in these loops on the benchmark machine (AMD EPYC).
package enum FastKernels {
    /// Lanes of one accumulator vector: eight output channels.
    static let lanes = 8
    typealias Lane = SIMD8<Int32>

    /// An array of `count` values that `body` writes: each kernel's array form over its pointer form.
    static func array(count: Int, _ body: (UnsafeMutablePointer<Int8>) -> Void) -> [Int8] {
        guard count > 0 else { return [] }
        return [Int8](unsafeUninitializedCapacity: count) { buffer, written in
            body(buffer.baseAddress!)
            written = count
        }
    }

    /// Eight signed bytes widened. A loop of scalar conversions, which the optimizer turns into
    /// one vector sign extension; the generic SIMD conversion can stay an out-of-line call. Not
    /// for factors of the matrix products (see above).
    @inline(__always)
    static func widen(_ v: SIMD8<Int8>) -> Lane {
        var r = Lane()
        for i in 0..<8 { r[i] = Int32(v[i]) }
        return r
    }

    /// Each lane clamped to `low...high`, as a loop for the same reason as ``widen(_:)``.
    @inline(__always)
    static func clamp(_ v: Lane, _ low: Int32, _ high: Int32) -> Lane {
        var r = v
        for i in 0..<8 { r[i] = Swift.min(high, Swift.max(low, v[i])) }
        return r
    }

    /// The low byte of each lane (little-endian, as on every platform Swift runs on): one shuffle.
    @inline(__always)
    static func narrow(_ v: Lane) -> SIMD8<Int8> {
        let bytes = unsafeBitCast(v, to: SIMD32<Int8>.self)
        return SIMD8<Int8>(bytes[0], bytes[4], bytes[8], bytes[12], bytes[16], bytes[20], bytes[24], bytes[28])
    }
}

/// The requantization of one output channel, split into the parts the output loop needs.
struct ChannelScale: Sendable, Hashable {
    /// The Q31 significand.
    var multiplier: Int32
    /// `1 << max(shift, 0)` as the reference computes it (wrapping).
    var leftFactor: Int32
    /// `max(-shift, 0)`.
    var rightShift: Int32
    /// `2^rightShift - 1` and half of it: `RoundingDivideByPOT`'s remainder mask and threshold.
    var mask: Int32
    var half: Int32

    /// The parts of `multiplier`, or nil when it is the one value whose product with itself
    /// saturates (never made by `quantizeMultiplier`): the reference handles that case.
    init?(_ multiplier: FixedPoint.Multiplier) {
        guard multiplier.multiplier != .min, multiplier.shift <= 31, multiplier.shift >= -31 else { return nil }
        let left = multiplier.shift > 0 ? multiplier.shift : 0
        let right = multiplier.shift > 0 ? 0 : -multiplier.shift
        self.multiplier = multiplier.multiplier
        leftFactor = 1 << left
        rightShift = Int32(right)
        mask = Int32(truncatingIfNeeded: (Int64(1) << right) - 1)
        half = mask >> 1
    }

    /// `MultiplyByQuantizedMultiplier(accumulator, M, shift)`, the reference's double rounding.
    ///
    /// highMultiply: `SaturatingRoundingDoublingHighMul(a, M)` adds a nudge of 2^30 (1 - 2^30 below
    /// zero) to `p = a·M` and divides by 2^31 truncating toward zero. For `p < 0` that truncation is
    /// `floor((p + 1 - 2^30 + 2^31 - 1) / 2^31)`, so both signs come to `floor((p + 2^30) / 2^31)`:
    /// one add and one arithmetic shift, no comparison. (The saturating case `M = INT32_MIN` is
    /// refused by `init`.)
    @inline(__always)
    func scale(_ accumulator: Int32) -> Int32 {
        let product = Int64(accumulator &* leftFactor) * Int64(multiplier)
        let high = Int32(truncatingIfNeeded: (product + (1 << 30)) >> 31)  // see highMultiply
        // RoundingDivideByPOT: ties away from zero.
        let remainder = high & mask
        let threshold = half &+ (high < 0 ? 1 : 0)
        return (high >> rightShift) &+ (remainder > threshold ? 1 : 0)
    }
}

/// The requantization of eight consecutive channels, lane by lane (``ChannelScale``'s parts).
struct BlockScale: Sendable, Hashable {
    typealias Lane = FastKernels.Lane
    var multiplier = Lane(), leftFactor = Lane(repeating: 1), rightShift = Lane(), mask = Lane(), half = Lane()

    /// Lanes giving zero.
    init() {}

    /// The same channel scale in every lane (a per-tensor multiplier).
    init(repeating scale: ChannelScale) {
        multiplier = Lane(repeating: scale.multiplier)
        leftFactor = Lane(repeating: scale.leftFactor)
        rightShift = Lane(repeating: scale.rightShift)
        mask = Lane(repeating: scale.mask)
        half = Lane(repeating: scale.half)
    }

    /// `MultiplyByQuantizedMultiplier` on eight lanes, without comparisons: signs are taken by
    /// arithmetic shifts so the loop stays in vector registers.
    @inline(__always)
    func scale(_ accumulator: Lane) -> Lane {
        typealias Wide = SIMD8<Int64>
        // Element loops rather than the generic conversions, which can stay out-of-line calls.
        let shifted = accumulator &* leftFactor
        var product = Wide()
        for i in 0..<8 { product[i] = Int64(shifted[i]) * Int64(multiplier[i]) }
        var high = Lane()
        for i in 0..<8 { high[i] = Int32(truncatingIfNeeded: (product[i] &+ (1 << 30)) &>> 31) }  // see ChannelScale.highMultiply
        // RoundingDivideByPOT: round up when the remainder passes half (half + 1 below zero).
        let remainder = high & mask
        let threshold = half &- (high &>> 31)
        return (high &>> rightShift) &- ((threshold &- remainder) &>> 31)
    }
}

/// Per-channel requantization, output offset and activation clamp of a convolution-like op.
struct OutputStage: Sendable, Hashable {
    /// The multipliers of eight output channels per entry (a per-tensor one repeated); lanes past
    /// the last channel give zero.
    let blocks: [BlockScale]
    let outputOffset: Int32
    let minimum: Int32
    let maximum: Int32

    /// The stage for `channels` outputs, or nil when the parameters leave the int8 range or hold a
    /// multiplier the fast path does not take (the reference then runs).
    init?(_ q: Requantization, channels count: Int) {
        guard q.multipliers.count == 1 || q.multipliers.count >= count,
              q.range.minimum >= -128, q.range.maximum <= 127, q.range.minimum <= q.range.maximum else { return nil }
        var blocks = [BlockScale](repeating: BlockScale(), count: (count + FastKernels.lanes - 1) / FastKernels.lanes)
        for channel in 0..<count {
            guard let scale = ChannelScale(q.multipliers.count == 1 ? q.multipliers[0] : q.multipliers[channel]) else { return nil }
            let (block, lane) = channel.quotientAndRemainder(dividingBy: FastKernels.lanes)
            blocks[block].multiplier[lane] = scale.multiplier
            blocks[block].leftFactor[lane] = scale.leftFactor
            blocks[block].rightShift[lane] = scale.rightShift
            blocks[block].mask[lane] = scale.mask
            blocks[block].half[lane] = scale.half
        }
        self.blocks = blocks
        outputOffset = q.outputOffset
        minimum = q.range.minimum
        maximum = q.range.maximum
    }

    /// Rescales, offsets and clamps the accumulators of channel block `block`, writing the first
    /// `count` (at most eight) to `output`.
    @inline(__always)
    func write(_ accumulators: FastKernels.Lane, block: UnsafePointer<BlockScale>, count: Int, to output: UnsafeMutablePointer<Int8>) {
        let scaled = block.pointee.scale(accumulators) &+ FastKernels.Lane(repeating: outputOffset)
        let bytes = FastKernels.narrow(scaled.clamped(lowerBound: FastKernels.Lane(repeating: minimum),
                                                      upperBound: FastKernels.Lane(repeating: maximum)))
        if count == FastKernels.lanes {
            UnsafeMutableRawPointer(output).storeBytes(of: bytes, as: SIMD8<Int8>.self)
        } else {
            for j in 0..<count { output[j] = bytes[j] }
        }
    }
}
