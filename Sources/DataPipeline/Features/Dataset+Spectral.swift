import Foundation
import TensorEngine

extension Dataset {
    /// Spectral features of every time series, a flat vector per sample whose names are the
    /// new `channels` (e.g. `"ax.rms"`, `"ax.peak1_hz"`, `"ax.band_1.6-3.1Hz"`).
    ///
    /// Per channel (axis), in this order:
    /// - `mean`, and `rms`, `skewness`, `kurtosis` of the signal with its mean removed
    ///   (skewness and kurtosis are 0 for a constant signal);
    /// - `peak1_hz`, `peak1_power`, … `peak3_*`: the three highest local maxima of the power
    ///   spectral density (a peak is 0 Hz with power `log10(10⁻¹⁰)` when there are fewer);
    /// - one `band_*` per octave of the spectrum, from 1 bin up to the Nyquist frequency
    ///   (`log2(fft / 2)` bands: 5 for `fft: 64`).
    ///
    /// The density is Welch's: Hann-windowed segments of `fft` points, half overlapping, mean
    /// removed, averaged, one-sided, scaled so that the bands add up to the variance (about).
    /// Powers are `log10(power + 10⁻¹⁰)`.
    /// - Throws: `FeatureError` without a rate, for `fft` not a power of two in `4 ... 65536`, or
    ///   when `fft` is longer than the series.
    public func spectral(fft: Int = 64) throws(FeatureError) -> Dataset {
        guard let rate, rate > 0, rate.isFinite else { throw .noRate("spectral") }
        guard fft >= 4, fft <= 65536, fft & (fft - 1) == 0 else {
            throw FeatureError("spectral: fft must be a power of two between 4 and 65536, not \(fft)")
        }
        let shape = sampleShape
        guard shape.count == 1 || shape.count == 2 else {
            throw FeatureError("spectral needs time series ([steps] or [steps, channels] per sample), not \(shape)")
        }
        let steps = shape[0], channelCount = shape.count == 2 ? shape[1] : 1
        guard fft <= steps else { throw .windowTooLong("spectral", window: fft, steps: steps, rate: rate) }
        let names = channels.count == channelCount ? channels : (0..<channelCount).map { "ch\($0)" }
        let analysis = SpectralAnalysis(fft: fft, rate: rate)
        let featureNames = names.flatMap { axis in analysis.names.map { "\(axis).\($0)" } }
        var output = [Float]()
        output.reserveCapacity(count * featureNames.count)
        var series = [Double](repeating: 0, count: steps)
        samples.scalars.withUnsafeBufferPointer { all in
            for sample in 0..<count {
                for channel in 0..<channelCount {
                    for step in 0..<steps { series[step] = Double(all[(sample * steps + step) * channelCount + channel]) }
                    output.append(contentsOf: analysis.features(of: series).lazy.map { Float($0) })
                }
            }
        }
        do {
            return try Dataset(samples: Tensor(shape: [count, featureNames.count], scalars: output), labels: labels,
                               classNames: classNames, rate: nil, channels: featureNames, source: "spectral(\(source))")
        } catch {
            throw FeatureError("could not build the feature dataset: \(error)")
        }
    }
}

/// The per-channel computation behind `spectral`, for one FFT length and rate.
struct SpectralAnalysis {
    static let floor = 1e-10
    static let peakCount = 3

    let fft: Int
    let rate: Double
    let plan: FFT.Plan
    let hann: [Double]
    /// Bin ranges of the octave bands: `[1, 2), [2, 4), … [fft/4, fft/2]`.
    let bands: [ClosedRange<Int>]
    let names: [String]

    init(fft: Int, rate: Double) {
        self.fft = fft
        self.rate = rate
        plan = FFT.Plan(length: fft)
        hann = (0..<fft).map { 0.5 - 0.5 * Foundation.cos(2 * Double.pi * Double($0) / Double(fft)) }
        var bands = [ClosedRange<Int>]()
        var lower = 1
        while lower < fft / 2 {
            bands.append(lower...(2 * lower == fft / 2 ? fft / 2 : 2 * lower - 1))
            lower *= 2
        }
        self.bands = bands
        let binHertz = rate / Double(fft)
        func hertz(_ value: Double) -> String {
            let rounded = (value * 10).rounded() / 10
            return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        }
        names = ["mean", "rms", "skewness", "kurtosis"]
            + (1...Self.peakCount).flatMap { ["peak\($0)_hz", "peak\($0)_power"] }
            + bands.map { "band_\(hertz(Double($0.lowerBound) * binHertz))-\(hertz(Double(min($0.upperBound + 1, fft / 2)) * binHertz))Hz" }
    }

    func features(of series: [Double]) -> [Double] {
        let n = Double(series.count)
        let mean = series.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for value in series {
            let d = value - mean, d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
        }
        m2 /= n; m3 /= n; m4 /= n
        let constant = m2 <= 1e-24 * max(1, mean * mean)
        let skewness = constant ? 0 : m3 / Foundation.pow(m2, 1.5)
        let kurtosis = constant ? 0 : m4 / (m2 * m2) - 3
        let density = welch(series, mean: mean)
        var result = [mean, m2.squareRoot(), skewness, kurtosis]
        // Local maxima above DC, highest first; ties keep the lower frequency.
        var peaks = [(bin: Int, power: Double)]()
        for bin in 1..<(density.count - 1) where density[bin] > density[bin - 1] && density[bin] >= density[bin + 1] {
            peaks.append((bin, density[bin]))
        }
        peaks.sort { $0.power != $1.power ? $0.power > $1.power : $0.bin < $1.bin }
        for rank in 0..<Self.peakCount {
            if rank < peaks.count {
                result += [Double(peaks[rank].bin) * rate / Double(fft), Foundation.log10(peaks[rank].power + Self.floor)]
            } else {
                result += [0, Foundation.log10(Self.floor)]
            }
        }
        let binHertz = rate / Double(fft)
        for band in bands {
            let power = band.reduce(0.0) { $0 + density[$1] } * binHertz
            result.append(Foundation.log10(power + Self.floor))
        }
        return result
    }

    /// Welch's one-sided power spectral density (units² per Hz), bins `0 ... fft/2`.
    private func welch(_ series: [Double], mean: Double) -> [Double] {
        let hop = fft / 2
        let segments = 1 + (series.count - fft) / hop
        var density = [Double](repeating: 0, count: fft / 2 + 1)
        var frame = [Double](repeating: 0, count: fft)
        var real = [Double](), imaginary = [Double](), scratch = plan.makeScratch()
        for segment in 0..<segments {
            let start = segment * hop
            for index in 0..<fft { frame[index] = (series[start + index] - mean) * hann[index] }
            plan.realTransform(frame, real: &real, imaginary: &imaginary, scratch: &scratch)
            for bin in density.indices { density[bin] += real[bin] * real[bin] + imaginary[bin] * imaginary[bin] }
        }
        let windowEnergy = hann.reduce(0) { $0 + $1 * $1 }
        let scale = 1 / (rate * windowEnergy * Double(segments))
        for bin in density.indices {
            let oneSided = bin == 0 || bin == fft / 2 ? 1.0 : 2.0
            density[bin] *= scale * oneSided
        }
        return density
    }
}
