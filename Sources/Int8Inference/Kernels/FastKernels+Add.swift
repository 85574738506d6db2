/// ADD of two int8 tensors of the same shape on the fast path: ``ReferenceKernels/add(_:_:_:)``
/// eight elements at a time, each `MultiplyByQuantizedMultiplier` done by ``BlockScale``.
struct FastAdd: Sendable, Hashable {
    let parameters: AddParameters
    let input1: BlockScale
    let input2: BlockScale
    let output: BlockScale

    /// Prepares the op, or nil when a multiplier is one the fast path leaves to the reference.
    init?(_ parameters: AddParameters) {
        guard parameters.leftShift >= 0, parameters.leftShift < 31,
              let input1 = ChannelScale(parameters.input1), let input2 = ChannelScale(parameters.input2),
              let output = ChannelScale(parameters.output) else { return nil }
        self.parameters = parameters
        self.input1 = BlockScale(repeating: input1)
        self.input2 = BlockScale(repeating: input2)
        self.output = BlockScale(repeating: output)
    }

    /// The element-wise sum of `a` and `b` (the same count).
    func run(_ a: [Int8], _ b: [Int8]) -> [Int8] {
        typealias Lane = FastKernels.Lane
        let count = min(a.count, b.count)
        let p = parameters
        let offset1 = Lane(repeating: p.input1Offset), offset2 = Lane(repeating: p.input2Offset)
        let outputOffset = Lane(repeating: p.outputOffset)
        let shift = Lane(repeating: Int32(p.leftShift))
        return [Int8](unsafeUninitializedCapacity: count) { out, written in
            a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                var i = 0
                while i + 8 <= count {
                    let shifted1 = (FastKernels.widen(x.loadUnaligned(fromByteOffset: i, as: SIMD8<Int8>.self)) &+ offset1) &<< shift
                    let shifted2 = (FastKernels.widen(y.loadUnaligned(fromByteOffset: i, as: SIMD8<Int8>.self)) &+ offset2) &<< shift
                    let sum = input1.scale(shifted1) &+ input2.scale(shifted2)
                    let bytes = FastKernels.narrow(FastKernels.clamp(output.scale(sum) &+ outputOffset, p.range.minimum, p.range.maximum))
                    UnsafeMutableRawPointer(out.baseAddress! + i).storeBytes(of: bytes, as: SIMD8<Int8>.self)
                    i += 8
                }
                while i < count {
                    out[i] = ReferenceKernels.add(a[i], b[i], p)
                    i += 1
                }
            }
            }
            written = count
        }
    }
}
