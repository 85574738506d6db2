import Foundation
import Testing
import TensorEngine
@testable import DataPipeline

/// The synthetic sources' contract: a small reference model, trained with fixed seeds, lands in
/// the accuracy band each generator documents — learnable, but not trivially (never 100 %).
///
/// Each test holds out enough samples that one mistake moves accuracy by at most half a point,
/// so "below 99 %" means at least a couple of held-out samples are wrong.
@Suite struct LearnabilityTests {
    /// The documented band for every source: between 85 % and 99 % of held-out samples right.
    static let band: ClosedRange<Double> = 0.85...0.99

    /// The magic-wand 1-D CNN of the language reference on raw IMU windows [100, 6].
    @Test func gesturesLandInTheirBand() throws {
        let data = try Dataset.gestures(perClass: 125, seed: 21)
        let accuracy = try heldOutAccuracy(data, trainFraction: 0.6, layers: [
            .conv1d(filters: 8, kernel: 5, activation: .relu), .maxPool(2),
            .conv1d(filters: 16, kernel: 3, activation: .relu), .globalAveragePool,
            .dense(units: 4, activation: .softmax),
        ], epochs: 20, learningRate: 0.005)
        #expect(Self.band.contains(accuracy), "gestures: a small 1-D CNN got \(accuracy) of held-out windows right")
    }

    /// A small 1-D CNN over the MFCC frames [49, 10] of two words plus silence and unknown.
    @Test func keywordsLandInTheirBand() throws {
        let clips = try Dataset.keywords(perClass: 100, seed: 21)
        let accuracy = try heldOutAccuracy(clips.mfcc(), trainFraction: 0.6, normalize: true, layers: [
            .conv1d(filters: 16, kernel: 3, activation: .relu), .maxPool(2),
            .conv1d(filters: 32, kernel: 3, activation: .relu), .globalAveragePool,
            .dense(units: 4, activation: .softmax),
        ], epochs: 20, learningRate: 0.005)
        #expect(Self.band.contains(accuracy), "keywords: a small CNN on mfcc got \(accuracy) of held-out clips right")
    }

    /// A small dense network on z-scored `spectral(fft: 128)` features tells normal from anomalous windows.
    @Test func vibrationLandsInItsBand() throws {
        let data = try Dataset.vibration(normal: 300, anomalous: 150, seed: 21).spectral(fft: 128)
        let accuracy = try heldOutAccuracy(data, trainFraction: 0.6, normalize: true, layers: [
            .flatten, .dense(units: 16, activation: .relu), .dense(units: 2, activation: .softmax),
        ], epochs: 40, learningRate: 0.005)
        #expect(Self.band.contains(accuracy), "vibration: a dense network on spectral features got \(accuracy) right")
    }

    /// Trains `layers` on a stratified `trainFraction` of `data` (seeds fixed) and returns the
    /// accuracy on the rest, in inference mode.
    func heldOutAccuracy(_ data: Dataset, trainFraction: Double, normalize: Bool = false, layers: [LayerSpec],
                         epochs: Int, learningRate: Float) throws -> Double {
        var (train, test) = try data.split(trainFraction, seed: 1)
        if normalize {
            let statistics: Normalization
            (train, statistics) = try train.normalized()
            test = try test.normalized(like: statistics).0
        }
        var model = try Model.build(input: train.sampleShape, layers: layers, seed: 1)
        _ = try Trainer.fit(&model, inputs: train.samples, targets: Tensor(train.classIndices.map(Float.init)),
                            options: TrainingOptions(epochs: epochs, batchSize: 32,
                                                     optimizer: .adam(learningRate: learningRate), seed: 1))
        return Metrics.accuracy(outputs: try model.predict(test.samples), labels: Tensor(test.classIndices.map(Float.init)))
    }
}

@Suite struct FeatureMapSampleTests {
    /// melspec and mfcc samples say what their second axis counts; other samples do not.
    @Test func featureSamplesNameTheirBinAxis() throws {
        let clips = try Dataset.keywords(perClass: 1, seed: 2)
        #expect(try clips.melspec().sample(at: 0).featureAxis == "mel filter")
        #expect(try clips.mfcc().sample(at: 0).featureAxis == "coefficient")
        #expect(try clips.sample(at: 0).featureAxis == nil)
        #expect(try Dataset.gestures(perClass: 1, seed: 2).sample(at: 0).featureAxis == nil)
    }
}
