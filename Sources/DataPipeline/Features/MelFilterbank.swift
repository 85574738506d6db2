import Foundation

/// Triangular mel filters over the bins of a power spectrum, and the DCT that turns log-mel
/// energies into cepstral coefficients.
///
/// Hand-written (there is no DSP package for Swift on Linux among Mote's dependencies). The mel
/// scale is HTK's, `mel(f) = 2595·log10(1 + f/700)`, as in TensorFlow's
/// `linear_to_mel_weight_matrix` (used by MLPerf Tiny's keyword spotting); the filters are the
/// same as librosa's `filters.mel(htk=True, norm=None)`: `filters + 2` edges equally spaced in
/// mel between `low` and `high`, each filter rising linearly in Hz from its left edge to its
/// centre and falling to its right edge, peak 1, no area normalisation.
package struct MelFilterbank: Sendable {
    /// Every filter's weights from its first non-zero bin to its last, one filter after another,
    /// in Float as the feature path sums them (one flat array, so applying them touches no
    /// reference counts).
    private let weights: [Float]
    /// For filter `i`: its first bin, and where its weights start in `weights` (`i + 1`'s start ends them).
    private let firstBins: [Int]
    private let starts: [Int]

    /// The number of filters.
    var count: Int { firstBins.count }

    package static func mel(_ hertz: Double) -> Double { 2595 * Foundation.log10(1 + hertz / 700) }
    package static func hertz(_ mel: Double) -> Double { 700 * (Foundation.pow(10, mel / 2595) - 1) }

    /// `count` filters for an `fftLength`-point spectrum of a signal sampled at `rate`, spanning
    /// `low ... high` Hz.
    package init(count: Int, fftLength: Int, rate: Double, low: Double, high: Double) {
        let lowMel = Self.mel(low), highMel = Self.mel(high)
        let edges = (0..<(count + 2)).map { Self.hertz(lowMel + (highMel - lowMel) * Double($0) / Double(count + 1)) }
        let bins = fftLength / 2 + 1
        let binHertz = (0..<bins).map { Double($0) * rate / Double(fftLength) }
        var weights = [Float](), firstBins = [Int](), starts = [0]
        for index in 0..<count {
            let left = edges[index], centre = edges[index + 1], right = edges[index + 2]
            let filter = binHertz.map { f in
                max(0, min((f - left) / (centre - left), (right - f) / (right - centre)))
            }
            if let first = filter.firstIndex(where: { $0 > 0 }), let last = filter.lastIndex(where: { $0 > 0 }) {
                firstBins.append(first)
                weights += filter[first...last].map { Float($0) }
            } else {
                firstBins.append(0)  // a filter narrower than a bin collects nothing
            }
            starts.append(weights.count)
        }
        self.weights = weights
        self.firstBins = firstBins
        self.starts = starts
    }

    /// The energy each filter collects from `power` (bins `0 ... fftLength/2`), written to `output`.
    /// - Precondition: `output` holds `count` values.
    func apply(_ power: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        weights.withUnsafeBufferPointer { weights in
            firstBins.withUnsafeBufferPointer { firstBins in
                starts.withUnsafeBufferPointer { starts in
                    for filter in firstBins.indices {
                        let bins = power + firstBins[filter] - starts[filter]
                        var sum: Float = 0
                        for offset in starts[filter]..<starts[filter + 1] { sum += weights[offset] * bins[offset] }
                        output[filter] = sum
                    }
                }
            }
        }
    }
}

/// The orthonormal DCT-II, keeping the first `coefficients` outputs:
/// `c[k] = s(k)·Σ x[n]·cos(π·k·(2n + 1) / 2N)` with `s(0) = √(1/N)`, `s(k) = √(2/N)` —
/// SciPy's `dct(type=2, norm="ortho")`.
package struct CosineTransform: Sendable {
    let inputs: Int
    let coefficients: Int
    /// The basis `[inputs, coefficients]` (input-major, so one input's terms for every coefficient
    /// lie side by side), scale included, computed in Double and rounded to Float.
    private let basis: [Float]

    package init(inputs: Int, coefficients: Int) {
        self.inputs = inputs
        self.coefficients = coefficients
        var basis = [Float](repeating: 0, count: inputs * coefficients)
        for k in 0..<coefficients {
            let scale = (k == 0 ? 1.0 : 2.0) / Double(inputs)
            for n in 0..<inputs {
                basis[n * coefficients + k] = Float(scale.squareRoot() * Foundation.cos(Double.pi * Double(k) * Double(2 * n + 1) / Double(2 * inputs)))
            }
        }
        self.basis = basis
    }

    /// The first `coefficients` DCT outputs of `input`, written to `output`. Each coefficient
    /// sums its terms in input order; the loop runs over inputs outside and coefficients inside,
    /// so the coefficients' sums advance together as one vector.
    func apply(_ input: [Float], into output: UnsafeMutableBufferPointer<Float>) {
        output.update(repeating: 0)
        basis.withUnsafeBufferPointer { basis in
            input.withUnsafeBufferPointer { input in
                for n in 0..<inputs {
                    let value = input[n], row = basis.baseAddress! + n * coefficients
                    for k in 0..<coefficients { output[k] += row[k] * value }
                }
            }
        }
    }
}
