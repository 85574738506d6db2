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
            for j in 0..<m {
                scratch.real[j] = 2 * j < signal.count ? signal[2 * j] : 0
                scratch.imaginary[j] = 2 * j + 1 < signal.count ? signal[2 * j + 1] : 0
            }
            packed.half.transform(&scratch.real, &scratch.imaginary)
            for k in 0...m {
                let first = k % m, second = (m - k) % m
                let ar = scratch.real[first], ai = scratch.imaginary[first]
                let br = scratch.real[second], bi = -scratch.imaginary[second]
                let evenReal = (ar + br) / 2, evenImaginary = (ai + bi) / 2
                let oddReal = (ai - bi) / 2, oddImaginary = -(ar - br) / 2
                let wr = packed.cosines[k], wi = packed.sines[k]
                real[k] = evenReal + wr * oddReal - wi * oddImaginary
                imaginary[k] = evenImaginary + wr * oddImaginary + wi * oddReal
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
struct Radix2: Sendable {
    let length: Int
    /// `e^(−2πi·k/n)` for `k < n/2`.
    private let cosines: [Double]
    private let sines: [Double]
    /// Index pairs to swap for the bit-reversed input order.
    private let swaps: [(Int, Int)]

    init(length: Int) {
        self.length = length
        let half = length / 2
        cosines = (0..<half).map { Foundation.cos(-2 * Double.pi * Double($0) / Double(length)) }
        sines = (0..<half).map { Foundation.sin(-2 * Double.pi * Double($0) / Double(length)) }
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
        let n = length
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                for (a, b) in swaps {
                    re.swapAt(a, b)
                    im.swapAt(a, b)
                }
                cosines.withUnsafeBufferPointer { cosines in
                    sines.withUnsafeBufferPointer { sines in
                        var size = 2
                        while size <= n {
                            let half = size / 2
                            let step = n / size
                            var start = 0
                            while start < n {
                                var twiddle = 0
                                for offset in 0..<half {
                                    let top = start + offset, bottom = top + half
                                    let wr = cosines[twiddle], wi = sines[twiddle]
                                    let tr = re[bottom] * wr - im[bottom] * wi
                                    let ti = re[bottom] * wi + im[bottom] * wr
                                    re[bottom] = re[top] - tr
                                    im[bottom] = im[top] - ti
                                    re[top] += tr
                                    im[top] += ti
                                    twiddle += step
                                }
                                start += size
                            }
                            size *= 2
                        }
                    }
                }
            }
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
