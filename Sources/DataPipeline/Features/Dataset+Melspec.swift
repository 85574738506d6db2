import Dispatch
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
        return try frames.dataset(from: self, width: filters, channels: FeatureChannels.names(FeatureChannels.mel, count: filters),
                                  source: "melspec(\(source))") { row, output in
            for index in output.indices { output[index] = row[index] }
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
        return try frames.dataset(from: self, width: coefficients, channels: FeatureChannels.names(FeatureChannels.cepstral, count: coefficients),
                                  source: "mfcc(\(source))") { row, output in
            dct.apply(row, into: output)
        }
    }
}

/// The framing and filterbank shared by `melspec` and `mfcc`, validated against one dataset.
struct LogMelFrames {
    static let floor: Float = 1e-6

    let windowLength: Int
    let strideLength: Int
    let frameCount: Int
    let steps: Int
    let rate: Double
    let spectrum: FramePowerSpectrum
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
        let hann = (0..<windowLength).map { 0.5 - 0.5 * Foundation.cos(2 * Double.pi * Double($0) / Double(windowLength)) }
        spectrum = FramePowerSpectrum(length: max(2, fftLength), window: hann)
        filterbank = MelFilterbank(count: filters, fftLength: fftLength, rate: rate, low: low, high: high)
    }

    /// A dataset of `[count, frames, width]`: each log-mel frame (`filters` values) is turned
    /// into `width` values by `emit`, which writes them to the buffer it is given.
    ///
    /// Clips are shared out in contiguous blocks over the machine's cores; each clip's values
    /// depend on that clip alone, so the result is the same whatever the number of cores.
    func dataset(from data: Dataset, width: Int, channels: [String], source: String,
                 emit: @escaping @Sendable ([Float], UnsafeMutableBufferPointer<Float>) -> Void) throws(FeatureError) -> Dataset {
        let count = data.count, perClip = frameCount * width
        var output = [Float](repeating: 0, count: count * perClip)
        // At least 32 clips per block, so that short datasets are not worth a thread.
        let blocks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / 32))
        data.samples.scalars.withUnsafeBufferPointer { all in
            output.withUnsafeMutableBufferPointer { output in
                let shared = SharedBuffers(input: all, output: output)
                DispatchQueue.concurrentPerform(iterations: blocks) { block in
                    let clips = (count * block / blocks)..<(count * (block + 1) / blocks)
                    logMel(clips: clips, from: shared.input, into: shared.output, width: width, emit: emit)
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

    /// The log-mel frames of `clips` (indices into `input`, which holds `steps` values per clip),
    /// each turned into `width` values by `emit` at its place in `output`.
    private func logMel(clips: Range<Int>, from input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
                        width: Int, emit: ([Float], UnsafeMutableBufferPointer<Float>) -> Void) {
        var logMel = [Float](repeating: 0, count: filterbank.count)
        var scratch = spectrum.makeScratch()
        var power = [Float](repeating: 0, count: spectrum.length / 2 + 1)
        for sample in clips {
            let clip = sample * steps
            for frame in 0..<frameCount {
                let start = clip + frame * strideLength
                power.withUnsafeMutableBufferPointer { power in
                    spectrum.power(input.baseAddress! + start, into: power.baseAddress!, scratch: &scratch)
                    logMel.withUnsafeMutableBufferPointer { logMel in
                        filterbank.apply(power.baseAddress!, into: logMel.baseAddress!)
                        for index in logMel.indices { logMel[index] = Foundation.logf(logMel[index] + Self.floor) }
                    }
                }
                let row = (sample * frameCount + frame) * width
                emit(logMel, UnsafeMutableBufferPointer(rebasing: output[row..<(row + width)]))
            }
        }
    }
}

/// The input and output of a feature pass, handed to the threads that share it out: each
/// thread reads all of `input` but writes only its own clips' part of `output`.
private struct SharedBuffers: @unchecked Sendable {
    let input: UnsafeBufferPointer<Float>
    let output: UnsafeMutableBufferPointer<Float>
}
