import Testing
@testable import Int8Inference

/// The vectorised QUANTIZE and DEQUANTIZE of `predict` against the reference loops, bit for bit:
/// ties on both sides of zero and their neighbouring floats, ±0, ±∞, NaNs, huge and subnormal
/// values, zero points at both int8 extremes (and ±256, the widest the C path takes), counts that
/// leave tails after the sixteen- and eight-lane blocks.
@Suite struct ConversionTests {
    static let zeroPoints: [Int32] = [-128, 127, 0, -1, 1, 37, -256, 256, 300, -100_000]
    static let scales: [Float] = [1, 0.5, 0.1, 1.0 / 3, 0.003_921_568_6, 1e-6, 1e-30, .leastNonzeroMagnitude, 3.7, 1e6, 1e30,
                                  .greatestFiniteMagnitude]

    /// Values around every tie `(k + ½)·scale` for k in −300…300, where a rounding error shows,
    /// plus the special values.
    static func edgeValues(scale: Float) -> [Float] {
        var values: [Float] = [0, -0, .infinity, -.infinity, .nan, -.nan, .signalingNaN, .greatestFiniteMagnitude,
                               -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                               .leastNormalMagnitude, 1e12, -1e12, 8_388_608.5, 16_777_217, -16_777_217, 0.499_999_97, -0.499_999_97]
        for k in -300...300 {
            let tie = (Float(k) + 0.5) * scale
            values += [tie, tie.nextUp, tie.nextDown, Float(k) * scale, (Float(k) * scale).nextUp]
        }
        return values
    }

    @Test(arguments: scales)
    func quantizeMatchesReference(scale: Float) {
        var rng = SplitMixGenerator(state: UInt64(scale.bitPattern))
        // Random bit patterns cover every exponent, NaN payloads and subnormals.
        let random = (0..<4_000).map { _ in Float(bitPattern: UInt32.random(in: .min ... .max, using: &rng)) }
        let values = Self.edgeValues(scale: scale) + random
        for zeroPoint in Self.zeroPoints {
            for count in [values.count, 1, 7, 9, 17, 25, 31] {
                let input = Array(values.prefix(count))
                let expected = ReferenceKernels.quantize(input, scale: scale, zeroPoint: zeroPoint)
                let fast = input.withUnsafeBufferPointer { FastKernels.quantize($0, scale: scale, zeroPoint: zeroPoint) }
                let mismatch = zip(input, zip(fast, expected)).first { $0.1.0 != $0.1.1 }
                #expect(mismatch == nil, "scale \(scale), zero point \(zeroPoint): \(String(describing: mismatch))")
            }
        }
    }

    /// Every float whose quotient lands near a tie for scale 1, exhaustively over ±2^10: all
    /// 2^23 · 2 · 11 values would be too many, so every float in [−1024, 1024] with its low 12 bits
    /// zero or all ones (the neighbours of the halves) and every half exactly.
    @Test func quantizeMatchesReferenceOnHalvesAndTheirNeighbours() {
        var values: [Float] = []
        for half in -2048...2048 { let tie = Float(half) / 2; values += [tie, tie.nextUp, tie.nextDown] }
        var bits = Float(-1024).bitPattern
        while Float(bitPattern: bits) < 0 { values.append(Float(bitPattern: bits)); bits &-= 4096 }
        bits = 0
        while Float(bitPattern: bits) <= 1024 { values.append(Float(bitPattern: bits)); bits &+= 4096 }
        for zeroPoint: Int32 in [-128, 127, 0] {
            let expected = ReferenceKernels.quantize(values, scale: 1, zeroPoint: zeroPoint)
            let fast = values.withUnsafeBufferPointer { FastKernels.quantize($0, scale: 1, zeroPoint: zeroPoint) }
            #expect(fast == expected, "zero point \(zeroPoint)")
        }
    }

    @Test(arguments: scales + [0, -1, .infinity, .nan, .leastNormalMagnitude, .leastNormalMagnitude.nextDown])
    func dequantizeMatchesReference(scale: Float) {
        let all = (Int8.min...Int8.max).map { $0 }
        for zeroPoint in Self.zeroPoints {
            let expected = ReferenceKernels.dequantize(all, scale: scale, zeroPoint: zeroPoint)
            var fast = [Float](repeating: 1, count: all.count + 2)
            fast.withUnsafeMutableBufferPointer { FastKernels.dequantize(all, scale: scale, zeroPoint: zeroPoint, into: $0.baseAddress! + 1) }
            #expect(fast.first == 1 && fast.last == 1, "writes exactly its count")
            let same = zip(fast.dropFirst(), expected).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
            #expect(same, "scale \(scale), zero point \(zeroPoint)")
        }
        var untouched: Float = 7
        FastKernels.dequantize([], scale: scale, zeroPoint: 0, into: &untouched)
        #expect(untouched == 7)
    }
}
