import Foundation

/// The discrete Fourier transform of real signals of any length.
///
/// Hand-written because no FFT package is available to Mote on Linux (Accelerate's vDSP is
/// Apple-only and no FFTW binding is among the chosen dependencies), and the sizes used for
/// audio and sensor features (tens to a few thousand points) need nothing more than this.
/// Powers of two use an iterative radix-2 transform; every other length uses Bluestein's
/// chirp-z algorithm on top of it, so primes cost O(n log n) too. A real signal of even length
/// is transformed as a complex signal of half the length (even samples real, odd imaginary) and
/// the halves separated afterwards, which halves the work. Arithmetic is in `Double` so that
/// feature values are accurate to Float32 precision.
public enum FFT {
    /// A precomputed transform of one length: make it once and reuse it for many frames.
    public struct Plan: Sendable {
        /// The number of points transformed.
        public let length: Int
        private let kind: Kind
        /// For an even length: the half-length complex transform and `e^(−2πi·k/n)`, `k ≤ n/2`.
        private let packed: (half: Kind, cosines: [Double], sines: [Double])?

        /// A complex transform of one length.
        private enum Kind: Sendable {
            case trivial
            case radix2(Radix2)
            case bluestein(Bluestein)

            init(length: Int) {
                if length == 1 {
                    self = .trivial
                } else if length & (length - 1) == 0 {
                    self = .radix2(Radix2(length: length))
                } else {
                    self = .bluestein(Bluestein(length: length))
                }
            }

            func transform(_ real: inout [Double], _ imaginary: inout [Double]) {
                switch self {
                case .trivial: return
                case .radix2(let radix2): radix2.transform(&real, &imaginary)
                case .bluestein(let bluestein): bluestein.transform(&real, &imaginary)
                }
            }

            /// The transform of the `count` points at `real` and `imaginary`, in place.
            func transform(_ real: UnsafeMutableBufferPointer<Double>, _ imaginary: UnsafeMutableBufferPointer<Double>) {
                switch self {
                case .trivial: return
                case .radix2(let radix2): radix2.transform(real.baseAddress!, imaginary.baseAddress!)
                case .bluestein(let bluestein):
                    var re = Array(real), im = Array(imaginary)
                    bluestein.transform(&re, &im)
                    _ = real.update(fromContentsOf: re)
                    _ = imaginary.update(fromContentsOf: im)
                }
            }
        }

        /// Buffers a plan reuses across real transforms, so that a loop over frames allocates nothing.
        package struct Scratch: Sendable {
            var real: [Double]
            var imaginary: [Double]
        }

        /// A plan for signals of `length` points.
        /// - Precondition: `length >= 1`.
        public init(length: Int) {
            precondition(length >= 1, "FFT.Plan: the length must be at least 1")
            self.length = length
            kind = Kind(length: length)
            if length % 2 == 0 {
                let angles = (0...(length / 2)).map { -2 * Double.pi * Double($0) / Double(length) }
                packed = (Kind(length: length / 2), angles.map { Foundation.cos($0) }, angles.map { Foundation.sin($0) })
            } else {
                packed = nil
            }
        }

        /// The forward complex DFT in place: `X[k] = Σ x[j]·e^(−2πi·jk/n)` (no scaling).
        /// - Precondition: both arrays hold `length` values.
        public func transform(real: inout [Double], imaginary: inout [Double]) {
            precondition(real.count == length && imaginary.count == length, "FFT.Plan: expected \(length) points")
            kind.transform(&real, &imaginary)
        }

        /// The DFT of a real signal: bins `0 ... length / 2` (the rest mirror them).
        /// A shorter signal is zero-padded to `length`.
        /// - Precondition: `signal.count <= length`.
        public func realSpectrum(_ signal: [Double]) -> (real: [Double], imaginary: [Double]) {
            var scratch = makeScratch()
            var real = [Double](), imaginary = [Double]()
            realTransform(signal, real: &real, imaginary: &imaginary, scratch: &scratch)
            return (real, imaginary)
        }

        /// `|X[k]|²` for bins `0 ... length / 2` of a real signal (zero-padded to `length`).
        public func powerSpectrum(_ signal: [Double]) -> [Double] {
            let (real, imaginary) = realSpectrum(signal)
            return zip(real, imaginary).map { $0 * $0 + $1 * $1 }
        }

        package func makeScratch() -> Scratch {
            let size = packed == nil ? length : length / 2
            return Scratch(real: [Double](repeating: 0, count: size), imaginary: [Double](repeating: 0, count: size))
        }

        /// Bins `0 ... length / 2` of a real signal into `real` and `imaginary` (resized to fit).
        /// - Precondition: `signal.count <= length`; `scratch` comes from this plan.
        package func realTransform(_ signal: [Double], real: inout [Double], imaginary: inout [Double],
                                   scratch: inout Scratch) {
            precondition(signal.count <= length, "FFT.Plan: \(signal.count) points do not fit a \(length)-point transform")
            let bins = length / 2 + 1
            if real.count != bins { real = [Double](repeating: 0, count: bins) }
            if imaginary.count != bins { imaginary = [Double](repeating: 0, count: bins) }
            guard let packed else {
                for index in 0..<length {
                    scratch.real[index] = index < signal.count ? signal[index] : 0
                    scratch.imaginary[index] = 0
                }
                kind.transform(&scratch.real, &scratch.imaginary)
                for bin in 0..<bins {
                    real[bin] = scratch.real[bin]
                    imaginary[bin] = scratch.imaginary[bin]
                }
                return
            }
            // z[j] = x[2j] + i·x[2j+1]; Z = DFT(z) holds the even and odd halves' spectra E and O:
            // E[k] = (Z[k] + conj Z[m−k]) / 2, O[k] = (Z[k] − conj Z[m−k]) / 2i, X[k] = E[k] + w^k·O[k].
            let m = length / 2
            let count = signal.count
            scratch.real.withUnsafeMutableBufferPointer { zr in
                scratch.imaginary.withUnsafeMutableBufferPointer { zi in
                    signal.withUnsafeBufferPointer { x in
                        if count == length {
                            for j in 0..<m {
                                zr[j] = x[2 * j]
                                zi[j] = x[2 * j + 1]
                            }
                        } else {
                            for j in 0..<m {
                                zr[j] = 2 * j < count ? x[2 * j] : 0
                                zi[j] = 2 * j + 1 < count ? x[2 * j + 1] : 0
                            }
                        }
                    }
                    packed.half.transform(zr, zi)
                    real.withUnsafeMutableBufferPointer { outReal in
                        imaginary.withUnsafeMutableBufferPointer { outImaginary in
                            packed.cosines.withUnsafeBufferPointer { cosines in
                                packed.sines.withUnsafeBufferPointer { sines in
                                    for k in 0...m {
                                        let first = k == m ? 0 : k, second = k == 0 ? 0 : m - k
                                        let ar = zr[first], ai = zi[first]
                                        let br = zr[second], bi = -zi[second]
                                        let evenReal = (ar + br) / 2, evenImaginary = (ai + bi) / 2
                                        let oddReal = (ai - bi) / 2, oddImaginary = -(ar - br) / 2
                                        let wr = cosines[k], wi = sines[k]
                                        outReal[k] = evenReal + wr * oddReal - wi * oddImaginary
                                        outImaginary[k] = evenImaginary + wr * oddImaginary + wi * oddReal
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The DFT bins `0 ... n / 2` of a real signal of any length `n >= 1`.
    public static func realSpectrum(_ signal: [Double]) -> (real: [Double], imaginary: [Double]) {
        Plan(length: max(1, signal.count)).realSpectrum(signal.isEmpty ? [0] : signal)
    }

    /// `|X[k]|²` for bins `0 ... n / 2` of a real signal of any length `n >= 1`.
    public static func powerSpectrum(_ signal: [Double]) -> [Double] {
        Plan(length: max(1, signal.count)).powerSpectrum(signal.isEmpty ? [0] : signal)
    }
}

/// Iterative in-place radix-2 decimation-in-time FFT for a power-of-two length.
///
/// The first two stages are done together as radix-4 butterflies, whose twiddles are 1 and −i
/// (no multiplications). Every later stage reads its twiddles from a table of its own, laid out
/// in order, so the butterfly loop walks memory contiguously and vectorises.
struct Radix2: Sendable {
    let length: Int
    /// For each stage of size `s ≥ 8`, in order: `e^(−2πi·j/s)` for `j < s/2`, concatenated.
    private let cosines: [Double]
    private let sines: [Double]
    /// Index pairs to swap for the bit-reversed input order.
    private let swaps: [(Int, Int)]

    init(length: Int) {
        self.length = length
        let half = length / 2
        var cosines = [Double](), sines = [Double]()
        var size = 8
        while size <= length {
            for j in 0..<(size / 2) {
                // The same angle as `j·(n/s)` steps of `e^(−2πi/n)`, so values match a shared table.
                let angle = -2 * Double.pi * Double(j * (length / size)) / Double(length)
                cosines.append(Foundation.cos(angle))
                sines.append(Foundation.sin(angle))
            }
            size *= 2
        }
        self.cosines = cosines
        self.sines = sines
        var swaps = [(Int, Int)]()
        var reversed = 0
        for index in 0..<length {
            if index < reversed { swaps.append((index, reversed)) }
            // Increment `reversed` as a bit-reversed counter.
            var bit = half
            while bit > 0 && reversed & bit != 0 {
                reversed ^= bit
                bit >>= 1
            }
            reversed |= bit
        }
        self.swaps = swaps
    }

    func transform(_ real: inout [Double], _ imaginary: inout [Double]) {
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                transform(re.baseAddress!, im.baseAddress!)
            }
        }
    }

    /// The transform of `length` points at `re` and `im`, in place.
    func transform(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>) {
        let n = length
        for (a, b) in swaps {
            swap(&re[a], &re[b])
            swap(&im[a], &im[b])
        }
        if firstTwoStages(re, im, count: n) { return }
        cosines.withUnsafeBufferPointer { cosines in
            sines.withUnsafeBufferPointer { sines in
                // Stage tables start where the previous stages' end: stage size s begins at s/2 − 4.
                let wr = cosines.baseAddress!, wi = sines.baseAddress!
                var size = 8
                // An odd number of stages left: one radix-2 stage first, then two at a time.
                if (n.trailingZeroBitCount - 2) % 2 == 1 {
                    radix2Stage(re, im, size: 8, wr: wr, wi: wi)
                    size = 16
                }
                while size * 2 <= n {
                    radix4Stages(re, im, size: size, wr2: wr + size / 2 - 4, wi2: wi + size / 2 - 4,
                                 wr4: wr + size - 4, wi4: wi + size - 4)
                    size *= 4
                }
            }
        }
    }

    /// One radix-2 stage: blocks of `size` from sub-transforms of `size / 2`.
    private func radix2Stage(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, size: Int,
                             wr: UnsafePointer<Double>, wi: UnsafePointer<Double>) {
        let half = size / 2
        var start = 0
        while start < length {
            let topRe = re + start, topIm = im + start
            let bottomRe = topRe + half, bottomIm = topIm + half
            for j in 0..<half {
                let tr = bottomRe[j] * wr[j] - bottomIm[j] * wi[j]
                let ti = bottomRe[j] * wi[j] + bottomIm[j] * wr[j]
                bottomRe[j] = topRe[j] - tr
                bottomIm[j] = topIm[j] - ti
                topRe[j] += tr
                topIm[j] += ti
            }
            start += 2 * half
        }
    }

    /// The stages of sizes `size` and `2·size` in one pass over memory: blocks of `2·size` from
    /// four sub-transforms of `size / 2` (A, B, C, D). With w₂ = e^(−2πi·j/size) and
    /// w₄ = e^(−2πi·j/2size): A′ = A + w₂B, B′ = A − w₂B, C′ = C + w₂D, D′ = C − w₂D, then
    /// X₀ = A′ + w₄C′, X₂ = A′ − w₄C′, X₁ = B′ − i·w₄D′, X₃ = B′ + i·w₄D′.
    private func radix4Stages(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, size: Int,
                              wr2: UnsafePointer<Double>, wi2: UnsafePointer<Double>,
                              wr4: UnsafePointer<Double>, wi4: UnsafePointer<Double>) {
        let quarter = size / 2
        var start = 0
        while start < length {
            let aRe = re + start, aIm = im + start
            let bRe = aRe + quarter, bIm = aIm + quarter
            let cRe = bRe + quarter, cIm = bIm + quarter
            let dRe = cRe + quarter, dIm = cIm + quarter
            for j in 0..<quarter {
                let w2r = wr2[j], w2i = wi2[j], w4r = wr4[j], w4i = wi4[j]
                // First stage.
                let br = bRe[j] * w2r - bIm[j] * w2i, bi = bRe[j] * w2i + bIm[j] * w2r
                let dr = dRe[j] * w2r - dIm[j] * w2i, di = dRe[j] * w2i + dIm[j] * w2r
                let a1r = aRe[j] + br, a1i = aIm[j] + bi, b1r = aRe[j] - br, b1i = aIm[j] - bi
                let c1r = cRe[j] + dr, c1i = cIm[j] + di, d1r = cRe[j] - dr, d1i = cIm[j] - di
                // Second stage.
                let cr = c1r * w4r - c1i * w4i, ci = c1r * w4i + c1i * w4r
                let tr = d1r * w4r - d1i * w4i, ti = d1r * w4i + d1i * w4r
                aRe[j] = a1r + cr; aIm[j] = a1i + ci
                cRe[j] = a1r - cr; cIm[j] = a1i - ci
                // −i·(tr + i·ti) = ti − i·tr.
                bRe[j] = b1r + ti; bIm[j] = b1i - tr
                dRe[j] = b1r - ti; dIm[j] = b1i + tr
            }
            start += 4 * quarter
        }
    }
}

/// Bluestein's algorithm: a DFT of any length `n` as a circular convolution of length
/// `m >= 2n − 1` (a power of two), using `jk = (j² + k² − (k − j)²) / 2`.
struct Bluestein: Sendable {
    let length: Int
    private let inner: Radix2
    /// The chirp `w[k] = e^(−πi·k²/n)`.
    private let chirpReal: [Double]
    private let chirpImaginary: [Double]
    /// The DFT of the conjugate chirp, laid out circularly over `m` points.
    private let kernelReal: [Double]
    private let kernelImaginary: [Double]

    init(length: Int) {
        self.length = length
        var size = 1
        while size < 2 * length - 1 { size *= 2 }
        inner = Radix2(length: size)
        // k² mod 2n keeps the angle small, so the chirp stays accurate for large k.
        let angles = (0..<length).map { k -> Double in
            let square = (k * k) % (2 * length)
            return Double.pi * Double(square) / Double(length)
        }
        chirpReal = angles.map { Foundation.cos($0) }
        chirpImaginary = angles.map { -Foundation.sin($0) }
        var kernelReal = [Double](repeating: 0, count: size)
        var kernelImaginary = [Double](repeating: 0, count: size)
        for k in 0..<length {
            kernelReal[k] = chirpReal[k]
            kernelImaginary[k] = -chirpImaginary[k]
            if k > 0 {
                kernelReal[size - k] = chirpReal[k]
                kernelImaginary[size - k] = -chirpImaginary[k]
            }
        }
        inner.transform(&kernelReal, &kernelImaginary)
        self.kernelReal = kernelReal
        self.kernelImaginary = kernelImaginary
    }

    func transform(_ real: inout [Double], _ imaginary: inout [Double]) {
        let n = length, m = inner.length
        var ar = [Double](repeating: 0, count: m), ai = [Double](repeating: 0, count: m)
        for k in 0..<n {
            ar[k] = real[k] * chirpReal[k] - imaginary[k] * chirpImaginary[k]
            ai[k] = real[k] * chirpImaginary[k] + imaginary[k] * chirpReal[k]
        }
        inner.transform(&ar, &ai)
        // Multiply by the kernel's spectrum and conjugate, so the forward transform inverts it.
        for k in 0..<m {
            let r = ar[k] * kernelReal[k] - ai[k] * kernelImaginary[k]
            let i = ar[k] * kernelImaginary[k] + ai[k] * kernelReal[k]
            ar[k] = r
            ai[k] = -i
        }
        inner.transform(&ar, &ai)
        let scale = 1 / Double(m)
        for k in 0..<n {
            // Undo the conjugation and the scale of the inverse, then apply the chirp again.
            let cr = ar[k] * scale, ci = -ai[k] * scale
            real[k] = cr * chirpReal[k] - ci * chirpImaginary[k]
            imaginary[k] = cr * chirpImaginary[k] + ci * chirpReal[k]
        }
    }
}

/// The first two stages of an in-place radix-2 transform of `count` bit-reversed points, whose
/// twiddles are 1 and −i, as one radix-4 pass without multiplications: X0 = a + c, X2 = a − c,
/// X1 = b − i·d, X3 = b + i·d with a = x0 + x1, b = x0 − x1, c = x2 + x3, d = x2 − x3. Shared by the
/// Double transform and the Float32 frame spectrum. Returns whether the transform is complete
/// (`count` ≤ 2).
@inline(__always)
func firstTwoStages<T: FloatingPoint>(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, count: Int) -> Bool {
    if count == 1 { return true }
    if count == 2 {
        let r = re[1], i = im[1]
        re[1] = re[0] - r; im[1] = im[0] - i
        re[0] += r; im[0] += i
        return true
    }
    var start = 0
    while start < count {
        let ar = re[start] + re[start + 1], ai = im[start] + im[start + 1]
        let br = re[start] - re[start + 1], bi = im[start] - im[start + 1]
        let cr = re[start + 2] + re[start + 3], ci = im[start + 2] + im[start + 3]
        let dr = re[start + 2] - re[start + 3], di = im[start + 2] - im[start + 3]
        re[start] = ar + cr; im[start] = ai + ci
        re[start + 2] = ar - cr; im[start + 2] = ai - ci
        re[start + 1] = br + di; im[start + 1] = bi - dr
        re[start + 3] = br - di; im[start + 3] = bi + dr
        start += 4
    }
    return count == 4
}
