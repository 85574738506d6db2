import CInt8Kernels

/// ADD of two int8 tensors of the same shape on the fast path: ``ReferenceKernels/add(_:_:_:)``
/// eight elements at a time, each `MultiplyByQuantizedMultiplier` done by ``BlockScale``; sixteen
/// at a time in C where the CPU has AVX-512 (64-bit lane multiplies that AVX2 lacks); and, where
/// it checks out, 64 at a time in the ``AddAffineForm``.
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
        func parts(_ s: ChannelScale) -> mote_int8_scale {
            mote_int8_scale(multiplier: s.multiplier, leftFactor: s.leftFactor, rightShift: s.rightShift, mask: s.mask, half: s.half)
        }
        affine = AddAffineForm(parameters)
        c = CAddParameters(value: mote_int8_add_parameters(
            input1Offset: parameters.input1Offset, input2Offset: parameters.input2Offset, outputOffset: parameters.outputOffset,
            leftShift: Int32(parameters.leftShift), minimum: parameters.range.minimum, maximum: parameters.range.maximum,
            input1: parts(input1), input2: parts(input2), output: parts(output)))
    }

    /// The parameters as the C kernel takes them.
    let c: CAddParameters
    /// The op as one affine form, where it checks out against the reference for every pair of inputs.
    let affine: AddAffineForm?

    /// The element-wise sum of `a` and `b` (the same count).
    func run(_ a: [Int8], _ b: [Int8]) -> [Int8] {
        let count = min(a.count, b.count)
        return FastKernels.array(count: count) { out in
            a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in run(a.baseAddress!, b.baseAddress!, count: count, into: out) } }
        }
    }

    /// The element-wise sum of the `count` values at `a` and at `b`, written to `out`.
    func run(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, count: Int, into out: UnsafeMutablePointer<Int8>) {
        typealias Lane = FastKernels.Lane
        let p = parameters
        let offset1 = Lane(repeating: p.input1Offset), offset2 = Lane(repeating: p.input2Offset)
        let outputOffset = Lane(repeating: p.outputOffset)
        let shift = Lane(repeating: Int32(p.leftShift))
        var parameters = c.value
        var i = affine?.run(a, b, count: count, into: out) ?? 0
        if count - i >= 16 { i += mote_int8_add(a + i, b + i, count - i, &parameters, out + i) }
        let (x, y) = (UnsafeRawPointer(a), UnsafeRawPointer(b))
        while i + 8 <= count {
            let shifted1 = (FastKernels.widen(x.loadUnaligned(fromByteOffset: i, as: SIMD8<Int8>.self)) &+ offset1) &<< shift
            let shifted2 = (FastKernels.widen(y.loadUnaligned(fromByteOffset: i, as: SIMD8<Int8>.self)) &+ offset2) &<< shift
            let sum = input1.scale(shifted1) &+ input2.scale(shifted2)
            let bytes = FastKernels.narrow(FastKernels.clamp(output.scale(sum) &+ outputOffset, p.range.minimum, p.range.maximum))
            UnsafeMutableRawPointer(out + i).storeBytes(of: bytes, as: SIMD8<Int8>.self)
            i += 8
        }
        while i < count {
            out[i] = ReferenceKernels.add(a[i], b[i], p)
            i += 1
        }
    }
}

/// `mote_int8_add_parameters`, compared and hashed by value (C structs are neither).
struct CAddParameters: Sendable, Hashable {
    let value: mote_int8_add_parameters

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.fields == rhs.fields }
    func hash(into hasher: inout Hasher) { hasher.combine(fields) }

    private var fields: [Int32] {
        let v = value
        return [v.input1Offset, v.input2Offset, v.outputOffset, v.leftShift, v.minimum, v.maximum]
            + [v.input1, v.input2, v.output].flatMap { [$0.multiplier, $0.leftFactor, $0.rightShift, $0.mask, $0.half] }
    }
}
