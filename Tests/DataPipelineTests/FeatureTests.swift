import Foundation
import Testing
import TensorEngine
@testable import DataPipeline

@Suite struct FeatureTests {
    /// `count` one-channel clips, clip `i` a sine of `frequency·(i + 1)` Hz.
    func clips(_ count: Int = 2, steps: Int = 16000, rate: Double? = 16000, frequency: Double = 440) throws -> Dataset {
        let r = rate ?? 1
        let scalars = (0..<(count * steps)).map { Float(0.5 * sin(2 * Double.pi * frequency * Double($0 / steps + 1) * Double($0 % steps) / r)) }
        return try Dataset(samples: Tensor(shape: [count, steps, 1], scalars: scalars), labels: .classes(Array(0..<count)),
                           classNames: (0..<count).map { "c\($0)" }, rate: rate, channels: ["audio"], source: "clips")
    }

    /// A one-sample dataset of `[steps, channels]` from a function of (step, channel).
    func series(steps: Int, channels: [String], rate: Double, _ value: (Int, Int) -> Double) throws -> Dataset {
        let scalars = (0..<(steps * channels.count)).map { Float(value($0 / channels.count, $0 % channels.count)) }
        return try Dataset(samples: Tensor(shape: [1, steps, channels.count], scalars: scalars), labels: .classes([0]),
                           classNames: ["a"], rate: rate, channels: channels)
    }

    // MARK: - melspec and mfcc

    @Test func melspecAndMFCCHaveMicroSpeechAndMLPerfShapes() throws {
        let data = try clips()
        let mel = try data.melspec()
        #expect(mel.samples.shape == [2, 49, 40])
        #expect(mel.rate == 50)
        #expect(mel.channels.count == 40 && mel.channels.first == "mel0")
        #expect(mel.classIndices == data.classIndices && mel.classNames == data.classNames)
        #expect(mel.source == "melspec(clips)")
        let mfcc = try data.mfcc()
        #expect(mfcc.samples.shape == [2, 49, 10])
        #expect(mfcc.channels == (0..<10).map { "c\($0)" })
        // [steps] samples (no channel axis) work too.
        let flat = try Dataset(samples: Tensor(shape: [2, 16000], scalars: data.samples.scalars), labels: data.labels,
                               classNames: data.classNames, rate: 16000)
        #expect(try flat.melspec() == mel.with(source: flat.melspec().source, channels: mel.channels))
    }

    @Test func frameCountFollowsWindowAndStride() throws {
        // 1 + (steps − window) / stride, rounded down.
        #expect(try clips(1, steps: 8000).melspec().sampleShape == [24, 40])
        #expect(try clips(1, steps: 480).melspec().sampleShape == [1, 40])
        #expect(try clips(1, steps: 16000).melspec(window: 0.025, stride: 0.010).sampleShape == [98, 40])
        #expect(try clips(1, steps: 16000).mfcc(filters: 20, coefficients: 13).sampleShape == [49, 13])
        let none = try Dataset(samples: .zeros([0, 16000, 1]), labels: .classes([]), classNames: ["a"], rate: 16000)
        #expect(try none.melspec().samples.shape == [0, 49, 40])
    }

    @Test func aToneLightsTheFilterAroundItsFrequency() throws {
        let mel = try clips(1, frequency: 1000).melspec()
        let frame = Array(mel.samples.scalars[(20 * 40)..<(21 * 40)])
        let loudest = frame.indices.max { frame[$0] < frame[$1] }!
        // HTK filter centres: the loudest filter's band contains 1 kHz.
        let edges = (0...41).map { MelFilterbank.hertz(MelFilterbank.mel(20) + (MelFilterbank.mel(8000) - MelFilterbank.mel(20)) * Double($0) / 41) }
        #expect(edges[loudest] < 1000 && 1000 < edges[loudest + 2])
    }

    @Test func silenceIsTheFloor() throws {
        let silent = try Dataset(samples: .zeros([1, 16000, 1]), labels: .classes([0]), classNames: ["a"], rate: 16000)
        let mel = try silent.melspec()
        #expect(mel.samples.scalars.allSatisfy { $0 == Float(log(1e-6)) })
        let mfcc = try silent.mfcc()
        // The DCT of a constant frame is all in c0: √N·value.
        #expect(abs(mfcc.samples.scalars[0] - Float(log(1e-6) * 40.0.squareRoot())) < 1e-3)
        #expect(mfcc.samples.scalars[1...9].allSatisfy { abs($0) < 1e-4 })
    }

    @Test func melspecErrorsSayWhatIsWrong() throws {
        let noRate = try clips(1, rate: nil)
        #expect(throws: FeatureError.self) { try noRate.melspec() }
        #expect(performing: { try noRate.melspec() }, throws: { ($0 as? FeatureError)?.message.contains("rate") == true })
        let short = try clips(1, steps: 400)
        #expect(throws: FeatureError("melspec: the 30 ms window (480 samples) is longer than the 25 ms clips (400 samples)")) {
            try short.melspec()
        }
        let stereo = try series(steps: 16000, channels: ["l", "r"], rate: 16000) { _, _ in 0 }
        #expect(throws: FeatureError.self) { try stereo.melspec() }
        #expect(throws: FeatureError.self) { try clips(1).mfcc(filters: 8, coefficients: 9) }
        #expect(throws: FeatureError.self) { try clips(1).melspec(filters: 0) }
        #expect(throws: FeatureError.self) { try clips(1).melspec(stride: 0) }
        #expect(throws: FeatureError.self) { try clips(1).melspec(window: .infinity) }
        #expect(throws: FeatureError.self) { try clips(1).melspec(high: 9000) }
    }

    // MARK: - spectral

    @Test func spectralGivesNamedFeaturesPerAxis() throws {
        let data = try Dataset.gestures(perClass: 2, seed: 3)
        let features = try data.spectral()
        #expect(features.samples.shape == [8, 6 * 15])
        #expect(features.channels.count == 90)
        #expect(Array(features.channels.prefix(15)) == [
            "ax.mean", "ax.rms", "ax.skewness", "ax.kurtosis", "ax.peak1_hz", "ax.peak1_power", "ax.peak2_hz",
            "ax.peak2_power", "ax.peak3_hz", "ax.peak3_power", "ax.band_0.8-1.6Hz", "ax.band_1.6-3.1Hz",
            "ax.band_3.1-6.3Hz", "ax.band_6.3-12.5Hz", "ax.band_12.5-25Hz",
        ])
        #expect(features.rate == nil)
        #expect(features.classIndices == data.classIndices)
        #expect(try data.spectral(fft: 16).sampleShape == [6 * (10 + 3)])
    }

    @Test func spectralMeasuresASineWithAnOffset() throws {
        // 2 + sin(2π·5t) at 50 Hz for 2 s; a second channel 0.1·sin(2π·20t).
        let data = try series(steps: 100, channels: ["a", "b"], rate: 50) { step, channel in
            let t = Double(step) / 50
            return channel == 0 ? 2 + sin(2 * Double.pi * 5 * t) : 0.1 * sin(2 * Double.pi * 20 * t)
        }
        let features = try data.spectral(fft: 64)
        let named = Dictionary(uniqueKeysWithValues: zip(features.channels, features.samples.scalars.map(Double.init)))
        #expect(abs(named["a.mean"]! - 2) < 1e-5)
        #expect(abs(named["a.rms"]! - 0.5.squareRoot()) < 1e-4)
        #expect(abs(named["a.skewness"]!) < 1e-3)
        #expect(abs(named["a.kurtosis"]! + 1.5) < 1e-2)  // a sine's excess kurtosis
        #expect(abs(named["a.peak1_hz"]! - 5) <= 50.0 / 64)  // within one bin
        #expect(abs(named["b.peak1_hz"]! - 20) <= 50.0 / 64)
        // The 3.1–6.3 Hz band holds about all of the variance, 0.5; the bands above hold little.
        #expect(abs(named["a.band_3.1-6.3Hz"]! - log10(0.5)) < 0.1)
        #expect(named["a.band_12.5-25Hz"]! < log10(0.5) - 3)
        #expect(abs(named["b.band_12.5-25Hz"]! - log10(0.005)) < 0.1)
    }

    @Test func spectralOfAConstantIsQuiet() throws {
        let data = try series(steps: 64, channels: ["x"], rate: 10) { _, _ in 3 }
        let values = try data.spectral(fft: 32).samples.scalars
        #expect(values[0] == 3 && values[1] == 0 && values[2] == 0 && values[3] == 0)
        // No peaks: 0 Hz at the floor; bands at the floor.
        #expect(values[4] == 0 && values[5] == -10)
        #expect(values[10...].allSatisfy { $0 == -10 })
    }

    @Test func spectralErrorsSayWhatIsWrong() throws {
        let data = try Dataset.gestures(perClass: 1, seed: 0)
        #expect(throws: FeatureError.self) { try data.spectral(fft: 60) }
        #expect(throws: FeatureError.self) { try data.spectral(fft: 2) }
        #expect(throws: FeatureError.self) { try data.spectral(fft: 128) }  // longer than 100 steps
        var noRate = data
        noRate.rate = nil
        #expect(throws: FeatureError.self) { try noRate.spectral() }
    }

    // MARK: - normalize

    @Test func normalizeKeepsStatisticsForReuse() throws {
        let data = try Dataset.gestures(perClass: 3, seed: 3).spectral()
        let (normalized, statistics) = try data.normalized()
        #expect(statistics.shape == [90])
        #expect(try data.normalized(like: statistics).0 == normalized)
        #expect(normalized.channels == data.channels && normalized.classIndices == data.classIndices)
        // Every position now has mean 0 and standard deviation 1 (or is constant 0).
        let width = 90, count = data.count
        for position in 0..<width {
            let column = (0..<count).map { Double(normalized.samples.scalars[$0 * width + position]) }
            let mean = column.reduce(0, +) / Double(count)
            let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count)
            #expect(abs(mean) < 1e-4)
            #expect(abs(variance - 1) < 1e-3 || (variance == 0 && statistics.std[position] == 1))
        }
        // Other data with the training statistics: not mean 0 in general.
        let other = try Dataset.gestures(perClass: 3, seed: 4).spectral()
        let (applied, same) = try other.normalized(like: statistics)
        #expect(same == statistics)
        #expect(applied.samples.scalars[0] == (other.samples.scalars[0] - statistics.mean[0]) / statistics.std[0])
    }

    @Test func normalizationAppliesToASampleOrABatch() throws {
        let samples = Tensor(shape: [3, 2], scalars: [1, 10, 3, 10, 5, 10])
        let statistics = try Normalization(fitting: samples)
        #expect(statistics.mean == [3, 10])
        #expect(statistics.std[0] == Float((8.0 / 3).squareRoot()))
        #expect(statistics.std[1] == 1)  // constant: kept at 1
        #expect(try statistics.apply(to: Tensor([3, 12])).scalars == [0, 2])
        #expect(try statistics.apply(to: samples).shape == [3, 2])
        #expect(throws: FeatureError.self) { try statistics.apply(to: Tensor([1, 2, 3])) }
        let empty = try Dataset(samples: .zeros([0, 2]), labels: .classes([]), classNames: ["a"])
        #expect(throws: FeatureError.self) { try empty.normalized() }
        let wide = try Dataset(samples: .zeros([2, 3]), labels: .classes([0, 0]), classNames: ["a"])
        #expect(throws: FeatureError.self) { try wide.normalized(like: statistics) }
        let given = try Normalization(shape: [2], mean: [3, 10], std: [2, 1])
        #expect(try given.apply(to: Tensor([5, 9])).scalars == [1, -1])
        #expect(throws: FeatureError.self) { try Normalization(shape: [2], mean: [0], std: [1]) }
        #expect(throws: FeatureError.self) { try Normalization(shape: [1], mean: [0], std: [0]) }
        #expect(throws: FeatureError.self) { try Normalization(shape: [1], mean: [.nan], std: [1]) }
    }
}

extension Dataset {
    /// A copy with another source and channel names, for comparing everything else.
    func with(source: String, channels: [String]) -> Dataset {
        var copy = self
        copy.source = source
        copy.channels = channels
        return copy
    }
}
