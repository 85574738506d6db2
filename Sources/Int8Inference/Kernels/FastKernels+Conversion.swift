import CInt8Kernels

/// QUANTIZE and DEQUANTIZE of whole buffers, bit-exact with ``ReferenceKernels/quantize(_:scale:zeroPoint:)``
/// and ``ReferenceKernels/dequantize(_:scale:zeroPoint:)``: what `predict` does around the kernels
/// for every sample.
extension FastKernels {
    /// `clamp(round(x / scale) + zeroPoint, −128, 127)` for each `x` of `input` into `output`: eight
    /// lanes at a time in C where the CPU has AVX2 (the rounding from `trunc` and the exact
    /// fraction, so ties go away from zero as in the reference). Zero points outside −256…256
    /// (never an int8 one) take the reference loop.
    package static func quantize(_ input: UnsafeBufferPointer<Float>, scale: Float, zeroPoint: Int32,
                                 into output: UnsafeMutablePointer<Int8>) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        guard (-256...256).contains(zeroPoint) else {
            let values = ReferenceKernels.quantize(Array(input), scale: scale, zeroPoint: zeroPoint)
            output.update(from: values, count: values.count)
            return
        }
        mote_int8_quantize(base, input.count, scale, zeroPoint, output)
    }

    /// ``quantize(_:scale:zeroPoint:into:)`` into a new array.
    package static func quantize(_ input: UnsafeBufferPointer<Float>, scale: Float, zeroPoint: Int32) -> [Int8] {
        guard !input.isEmpty else { return [] }
        return [Int8](unsafeUninitializedCapacity: input.count) { buffer, count in
            quantize(input, scale: scale, zeroPoint: zeroPoint, into: buffer.baseAddress!)
            count = input.count
        }
    }

    /// `(q − zeroPoint) · scale` for each `q` of `input` into `output`. One float32 multiply
    /// rounds the exact product once, as the reference's double product (exact: 24 × 9 bits)
    /// rounded to float32 does, so the bits are the same; zero points past ±2^23 take the
    /// reference loop.
    package static func dequantize(_ input: [Int8], scale: Float, zeroPoint: Int32, into output: UnsafeMutablePointer<Float>) {
        input.withUnsafeBufferPointer { dequantize($0, scale: scale, zeroPoint: zeroPoint, into: output) }
    }

    /// ``dequantize(_:scale:zeroPoint:into:)`` of values in place.
    package static func dequantize(_ input: UnsafeBufferPointer<Int8>, scale: Float, zeroPoint: Int32,
                                   into output: UnsafeMutablePointer<Float>) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        guard abs(Int64(zeroPoint)) < 1 << 23 else {
            let values = ReferenceKernels.dequantize(Array(input), scale: scale, zeroPoint: zeroPoint)
            output.update(from: values, count: values.count)
            return
        }
        mote_int8_dequantize(base, input.count, scale, zeroPoint, output)
    }
}
