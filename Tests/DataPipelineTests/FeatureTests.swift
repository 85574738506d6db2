import Foundation
import Testing
import TensorEngine
@testable import DataPipeline

@Suite struct FeatureTests {
    func clips(_ count: Int = 2, steps: Int = 16000, rate: Double? = 16000) throws -> Dataset {
        let scalars = (0..<(count * steps)).map { Float(sin(Double($0 % steps) * 0.3 + Double($0 / steps))) }
        return try Dataset(samples: Tensor(shape: [count, steps, 1], scalars: scalars), labels: .classes([Int](repeating: 0, count: count)),
                           classNames: ["a"], rate: rate, channels: ["audio"])
    }

    @Test func melspecAndMFCCHaveMicroSpeechAndMLPerfShapes() throws {
        let data = try clips()
        let mel = try data.melspec()
        #expect(mel.samples.shape == [2, 49, 40])
        #expect(mel.rate == 50)
        let mfcc = try data.mfcc()
        #expect(mfcc.samples.shape == [2, 49, 10])
        #expect(mfcc.classIndices == data.classIndices)
    }

    @Test func spectralGivesNamedFeaturesPerAxis() throws {
        let data = try Dataset.gestures(perClass: 2, seed: 3)
        let features = try data.spectral()
        #expect(features.samples.shape == [8, 6 * 15])
        #expect(features.channels.count == 90)
        #expect(features.channels.first == "ax.mean")
        #expect(features.channels.contains("gz.band_12.5-25Hz"))
    }

    @Test func normalizeKeepsStatisticsForReuse() throws {
        let data = try Dataset.gestures(perClass: 3, seed: 3).spectral()
        let (normalized, statistics) = try data.normalized()
        let again = try data.normalized(like: statistics).0
        #expect(again == normalized)
        #expect(statistics.shape == [90])
    }
}
