import Foundation
import TensorEngine

extension Dataset {
    /// The log-mel spectrogram of every clip: samples `[count, frames, filters]`.
    ///
    /// Each frame is `window` seconds of the clip, `stride` seconds after the previous one (both
    /// rounded to whole samples; no padding: `frames = 1 + (steps − window) / stride`, rounded down, so 1 s at 16 kHz with the
    /// defaults gives 49 frames of 40 filters, as TensorFlow Lite Micro's micro_speech). A frame is
    /// multiplied by a periodic Hann window, zero-padded to the next power of two, and its power
    /// spectrum `|X[k]|²` is collected by HTK-scale triangular mel filters spanning `low ... high`
    /// Hz (high defaults to half the rate). The result is `ln(energy + 10⁻⁶)`: the floor keeps
    /// silence finite, as in MLPerf Tiny's keyword spotting. The frame rate becomes the new `rate`.
    /// - Throws: `FeatureError` without a rate, for clips of more than one channel, or when the
    ///   window is longer than the clips.
    public func melspec(window: Double = 0.030, stride: Double = 0.020, filters: Int = 40,
                        low: Double = 20, high: Double? = nil) throws(FeatureError) -> Dataset {
        let frames = try LogMelFrames(self, feature: "melspec", window: window, stride: stride, filters: filters,
                                      low: low, high: high)
        return try frames.dataset(from: self, width: filters, channels: (0..<filters).map { "mel\($0)" },
                                  source: "melspec(\(source))") { row, output in
            output.append(contentsOf: row.lazy.map { Float($0) })
        }
    }

    /// Mel-frequency cepstral coefficients of every clip: samples `[count, frames, coefficients]`.
    ///
    /// The first `coefficients` outputs of the orthonormal DCT-II of each log-mel frame (see
    /// ``melspec(window:stride:filters:low:high:)``); the defaults give 49×10 for 1 s at 16 kHz, the
    /// input of MLPerf Tiny's keyword-spotting model. No liftering, and c0 is kept.
    /// - Throws: `FeatureError` as `melspec`, or when `coefficients` is not in `1 ... filters`.
    public func mfcc(window: Double = 0.030, stride: Double = 0.020, filters: Int = 40, coefficients: Int = 10,
                     low: Double = 20, high: Double? = nil) throws(FeatureError) -> Dataset {
        guard coefficients >= 1, coefficients <= filters else {
            throw FeatureError("mfcc: coefficients must be between 1 and the number of filters (\(filters)), not \(coefficients)")
        }
        let frames = try LogMelFrames(self, feature: "mfcc", window: window, stride: stride, filters: filters,
                                      low: low, high: high)
        let dct = CosineTransform(inputs: filters, coefficients: coefficients)
        return try frames.dataset(from: self, width: coefficients, channels: (0..<coefficients).map { "c\($0)" },
                                  source: "mfcc(\(source))") { row, output in
            output.append(contentsOf: dct.apply(row).lazy.map { Float($0) })
        }
    }
}

/// The framing and filterbank shared by `melspec` and `mfcc`, validated against one dataset.
struct LogMelFrames {
    static let floor = 1e-6

    let windowLength: Int
    let strideLength: Int
    let frameCount: Int
    let steps: Int
    let rate: Double
    let plan: FFT.Plan
    let hann: [Double]
    let filterbank: MelFilterbank

    init(_ data: Dataset, feature: String, window: Double, stride: Double, filters: Int,
         low: Double, high: Double?) throws(FeatureError) {
        guard let rate = data.rate, rate > 0, rate.isFinite else { throw .noRate(feature) }
        let shape = data.sampleShape
        guard shape.count == 1 || (shape.count == 2 && shape[1] == 1) else {
            throw FeatureError("\(feature) needs clips of one channel ([steps] or [steps, 1] per sample), not \(shape)")
        }
        guard window > 0, window.isFinite, stride > 0, stride.isFinite else {
            throw FeatureError("\(feature): window and stride must be positive durations, not \(window) s and \(stride) s")
        }
        guard filters >= 1, filters <= 1024 else { throw FeatureError("\(feature): filters must be between 1 and 1024, not \(filters)") }
        let nyquist = rate / 2
        let high = high ?? nyquist
        guard low >= 0, low < high, high <= nyquist else {
            throw FeatureError("\(feature): the filters must span 0 ≤ low < high ≤ \(nyquist) Hz (half the rate), not \(low) to \(high) Hz")
        }
        steps = shape[0]
        // Sample counts beyond the clip are rejected below, so the conversions cannot overflow.
        let windowSamples = (window * rate).rounded(), strideSamples = (stride * rate).rounded()
        guard windowSamples <= Double(steps) else {
            throw .windowTooLong(feature, window: Int(min(windowSamples, 1e15)), steps: steps, rate: rate)
        }
        guard windowSamples >= 1, strideSamples >= 1 else {
            throw FeatureError("\(feature): window and stride must each span at least one sample at \(rate) Hz")
        }
        let windowLength = Int(windowSamples)
        self.windowLength = windowLength
        strideLength = Int(min(strideSamples, Double(steps)))
        frameCount = 1 + (steps - windowLength) / strideLength
        self.rate = rate
        var fftLength = 1
        while fftLength < windowLength { fftLength *= 2 }
        plan = FFT.Plan(length: fftLength)
        hann = (0..<windowLength).map { 0.5 - 0.5 * Foundation.cos(2 * Double.pi * Double($0) / Double(windowLength)) }
        filterbank = MelFilterbank(count: filters, fftLength: fftLength, rate: rate, low: low, high: high)
    }

    /// A dataset of `[count, frames, width]`: each log-mel frame (`filters` values) is turned
    /// into `width` values by `emit`, which appends them to the output.
    func dataset(from data: Dataset, width: Int, channels: [String], source: String,
                 emit: ([Double], inout [Float]) -> Void) throws(FeatureError) -> Dataset {
        let count = data.count
        var output = [Float]()
        output.reserveCapacity(count * frameCount * width)
        var logMel = [Double](repeating: 0, count: filterbank.filters.count)
        var energies = logMel
        var windowed = [Double](repeating: 0, count: windowLength)
        var real = [Double](), imaginary = [Double](), scratch = plan.makeScratch()
        var power = [Double](repeating: 0, count: plan.length / 2 + 1)
        data.samples.scalars.withUnsafeBufferPointer { all in
            for sample in 0..<count {
                let clip = sample * steps
                for frame in 0..<frameCount {
                    let start = clip + frame * strideLength
                    for index in 0..<windowLength { windowed[index] = Double(all[start + index]) * hann[index] }
                    plan.realTransform(windowed, real: &real, imaginary: &imaginary, scratch: &scratch)
                    for bin in power.indices { power[bin] = real[bin] * real[bin] + imaginary[bin] * imaginary[bin] }
                    power.withUnsafeBufferPointer { filterbank.apply($0, into: &energies) }
                    for index in logMel.indices { logMel[index] = Foundation.log(energies[index] + Self.floor) }
                    emit(logMel, &output)
                }
            }
        }
        do {
            return try Dataset(samples: Tensor(shape: [count, frameCount, width], scalars: output), labels: data.labels,
                               classNames: data.classNames, rate: rate / Double(strideLength), channels: channels,
                               source: source)
        } catch {
            throw FeatureError("could not build the feature dataset: \(error)")
        }
    }
}
