import Foundation

/// `|X[k]|²` of windowed real frames, in Float32 with explicit vector butterflies: the hot loop of
/// `melspec` and `mfcc`, where one call works through tens of thousands of frames.
///
/// Hand-written for the same reason as ``FFT`` (no FFT package here), and by the same method as
/// `FFT.Plan.realTransform` — the real frame of `n` points packed as a complex signal of
/// `m = n/2` points, a radix-2 transform, the halves separated afterwards — with three changes
/// for speed: Float32, so a vector holds twice the lanes; the bit-reversed order is produced
/// while packing instead of by a swap pass; and every stage from size 8 on runs eight (or four)
/// butterflies per instruction. Float32 keeps the log-mel values within 1e-5 of the
/// Double path: the `1e-6` energy floor bounds the relative error that reaches the logarithm.
/// Results do not depend on the vector width the CPU offers: every lane computes what a scalar
/// loop would, in the same order, with no fused multiply-add.
package struct FramePowerSpectrum: Sendable {
    /// The transform length `n`, a power of two of at least 2.
    package let length: Int
    /// The window, applied to the first `window.count` samples of each frame (the rest is zero padding).
    private let window: [Float]
    /// For each sample pair `j` of the frame, where it lands in the bit-reversed complex signal.
    private let destination: [Int]
    /// For each stage of size `s ≥ 8`, in order: `e^(−2πi·j/s)` for `j < s/2`, concatenated.
    private let stageCosines: [Float]
    private let stageSines: [Float]
    /// `e^(−2πi·k/n)` for `k < m`, to separate the even and odd halves' spectra.
    private let splitCosines: [Float]
    private let splitSines: [Float]

    /// Buffers reused from frame to frame, so a loop over frames allocates nothing: the complex
    /// signal's `m` points and one more, a copy of the first, so that `Z[m − k]` is in reach for `k = 0`.
    package struct Scratch: Sendable {
        fileprivate var real: [Float]
        fileprivate var imaginary: [Float]
    }

    /// - Precondition: `length` is a power of two, at least 2, and at least `window.count`.
    package init(length: Int, window: [Double]) {
        precondition(length >= 2 && length & (length - 1) == 0, "FramePowerSpectrum: \(length) is not a power of two ≥ 2")
        precondition(window.count <= length, "FramePowerSpectrum: a \(window.count)-point window does not fit \(length) points")
        self.length = length
        self.window = window.map { Float($0) }
        let m = length / 2
        let bits = m.trailingZeroBitCount
        destination = (0..<m).map { j in bits == 0 ? 0 : Int(UInt(j).bitReversed(within: bits)) }
        var cosines = [Float](), sines = [Float]()
        var size = 8
        while size <= m {
            for j in 0..<(size / 2) {
                let angle = -2 * Double.pi * Double(j) / Double(size)
                cosines.append(Float(cos(angle)))
                sines.append(Float(sin(angle)))
            }
            size *= 2
        }
        stageCosines = cosines
        stageSines = sines
        let split = (0..<m).map { -2 * Double.pi * Double($0) / Double(length) }
        splitCosines = split.map { Float(cos($0)) }
        splitSines = split.map { Float(sin($0)) }
    }

    package func makeScratch() -> Scratch {
        let zeros = [Float](repeating: 0, count: length / 2 + 1)
        return Scratch(real: zeros, imaginary: zeros)
    }

    /// `|X[k]|²` for bins `0 ... n/2` of `window[j]·signal[j]`, written to `power`.
    /// - Precondition: `signal` holds `window.count` values, `power` room for `n/2 + 1`; `scratch` is this plan's.
    package func power(_ signal: UnsafePointer<Float>, into power: UnsafeMutablePointer<Float>, scratch: inout Scratch) {
        let m = length / 2
        scratch.real.withUnsafeMutableBufferPointer { zr in
            scratch.imaginary.withUnsafeMutableBufferPointer { zi in
                pack(signal, real: zr.baseAddress!, imaginary: zi.baseAddress!)
                transform(zr.baseAddress!, zi.baseAddress!)
                zr[m] = zr[0]
                zi[m] = zi[0]
                separate(real: zr.baseAddress!, imaginary: zi.baseAddress!, into: power)
            }
        }
    }

    /// `z[j] = w[2j]·x[2j] + i·w[2j+1]·x[2j+1]`, stored at the bit reversal of `j`; zero beyond the window.
    private func pack(_ signal: UnsafePointer<Float>, real: UnsafeMutablePointer<Float>, imaginary: UnsafeMutablePointer<Float>) {
        let count = window.count, pairs = count / 2
        window.withUnsafeBufferPointer { window in
            destination.withUnsafeBufferPointer { destination in
                for j in 0..<pairs {
                    real[destination[j]] = signal[2 * j] * window[2 * j]
                    imaginary[destination[j]] = signal[2 * j + 1] * window[2 * j + 1]
                }
                for j in pairs..<destination.count {
                    real[destination[j]] = 2 * j < count ? signal[2 * j] * window[2 * j] : 0
                    imaginary[destination[j]] = 0
                }
            }
        }
    }

    /// The forward DFT of the `m` bit-reversed points at `re` and `im`, in place.
    private func transform(_ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>) {
        let m = length / 2
        if firstTwoStages(re, im, count: m) { return }
        stageCosines.withUnsafeBufferPointer { cosines in
            stageSines.withUnsafeBufferPointer { sines in
                var size = 8, table = 0
                while size <= m {
                    let wr = cosines.baseAddress! + table, wi = sines.baseAddress! + table
                    if size == 8 {
                        Self.stage(re, im, count: m, size: size, wr: wr, wi: wi, lanes: SIMD4<Float>.self)
                    } else {
                        Self.stage(re, im, count: m, size: size, wr: wr, wi: wi, lanes: SIMD8<Float>.self)
                    }
                    table += size / 2
                    size *= 2
                }
            }
        }
    }

    /// One radix-2 stage over `count` points: blocks of `size` from two halves, `V.scalarCount`
    /// butterflies at a time (`size / 2` is a multiple of it).
    @inline(__always)
    private static func stage<V: SIMD>(_ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, count: Int,
                                       size: Int, wr: UnsafePointer<Float>, wi: UnsafePointer<Float>,
                                       lanes: V.Type) where V.Scalar == Float {
        let half = size / 2
        var start = 0
        while start < count {
            var j = 0
            while j < half {
                let top = start + j, bottom = top + half
                let cr = V.load(wr + j), ci = V.load(wi + j)
                let br = V.load(re + bottom), bi = V.load(im + bottom)
                let tr = br * cr - bi * ci, ti = br * ci + bi * cr
                let ar = V.load(re + top), ai = V.load(im + top)
                (ar - tr).store(re + bottom)
                (ai - ti).store(im + bottom)
                (ar + tr).store(re + top)
                (ai + ti).store(im + top)
                j += V.scalarCount
            }
            start += size
        }
    }

    /// `|X[k]|²` from `Z = DFT(z)`: `E[k] = (Z[k] + conj Z[m−k]) / 2`, `O[k] = (Z[k] − conj Z[m−k]) / 2i`,
    /// `X[k] = E[k] + w^k·O[k]` for `k < m`, and `X[m] = E[0] − O[0]` (`Z[m]` holds `Z[0]`).
    private func separate(real zr: UnsafePointer<Float>, imaginary zi: UnsafePointer<Float>, into power: UnsafeMutablePointer<Float>) {
        let m = length / 2
        splitCosines.withUnsafeBufferPointer { cosines in
            splitSines.withUnsafeBufferPointer { sines in
                if m >= 8 {
                    for k in stride(from: 0, to: m, by: 8) {
                        let ar = SIMD8<Float>.load(zr + k), ai = SIMD8<Float>.load(zi + k)
                        // Z[m − k − j] for lanes j = 0 ..< 8: the eight points ending at m − k, reversed.
                        let br = SIMD8<Float>.load(zr + m - k - 7).reversed, bi = -SIMD8<Float>.load(zi + m - k - 7).reversed
                        let evenReal = (ar + br) * 0.5, evenImaginary = (ai + bi) * 0.5
                        let oddReal = (ai - bi) * 0.5, oddImaginary = (br - ar) * 0.5
                        let wr = SIMD8<Float>.load(cosines.baseAddress! + k), wi = SIMD8<Float>.load(sines.baseAddress! + k)
                        let real = evenReal + (wr * oddReal - wi * oddImaginary)
                        let imaginary = evenImaginary + (wr * oddImaginary + wi * oddReal)
                        (real * real + imaginary * imaginary).store(power + k)
                    }
                } else {
                    // Too short for a vector: the same arithmetic one bin at a time.
                    for k in 0..<m {
                        let ar = zr[k], ai = zi[k], br = zr[m - k], bi = -zi[m - k]
                        let evenReal = (ar + br) * 0.5, evenImaginary = (ai + bi) * 0.5
                        let oddReal = (ai - bi) * 0.5, oddImaginary = (br - ar) * 0.5
                        let real = evenReal + (cosines[k] * oddReal - sines[k] * oddImaginary)
                        let imaginary = evenImaginary + (cosines[k] * oddImaginary + sines[k] * oddReal)
                        power[k] = real * real + imaginary * imaginary
                    }
                }
            }
        }
        power[m] = (zr[0] - zi[0]) * (zr[0] - zi[0])
    }
}

private extension SIMD8 where Scalar == Float {
    /// The lanes in reverse order.
    @inline(__always)
    var reversed: Self { Self(self[7], self[6], self[5], self[4], self[3], self[2], self[1], self[0]) }
}

private extension SIMD where Scalar == Float {
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }

    @inline(__always)
    func store(_ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self)
    }
}

private extension UInt {
    /// The low `bits` bits of this value in reverse order.
    func bitReversed(within bits: Int) -> UInt {
        bitReversed >> (UInt.bitWidth - bits)
    }

    var bitReversed: UInt {
        var value = self, result: UInt = 0
        for _ in 0..<UInt.bitWidth {
            result = result << 1 | value & 1
            value >>= 1
        }
        return result
    }
}
