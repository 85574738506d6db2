import Foundation
import Testing
import TensorEngine
@testable import DataPipeline

@Suite struct GeneratorTests {
    @Test func gesturesHaveTheDocumentedShape() throws {
        let data = try Dataset.gestures(perClass: 5, seed: 1)
        #expect(data.samples.shape == [20, 100, 6])
        #expect(data.classNames == ["wing", "ring", "slope", "idle"])
        #expect(data.classCounts == [5, 5, 5, 5])
        #expect(data.classIndices.prefix(8) == [0, 1, 2, 3, 0, 1, 2, 3])
        #expect(data.channels == ["ax", "ay", "az", "gx", "gy", "gz"])
        #expect(data.rate == 50)
        #expect(data.samples.scalars.allSatisfy { $0.isFinite })
        let other = try Dataset.gestures(perClass: 2, rate: 100, duration: 1.5, seed: 1)
        #expect(other.samples.shape == [8, 150, 6])
    }

    @Test func keywordsHaveTheDocumentedShape() throws {
        let data = try Dataset.keywords(perClass: 2, seed: 1)
        #expect(data.samples.shape == [8, 16000, 1])
        #expect(data.classNames == ["yes", "no", "silence", "unknown"])
        #expect(data.classCounts == [2, 2, 2, 2])
        #expect(data.rate == 16000)
        #expect(data.samples.scalars.allSatisfy { $0.isFinite })
        let short = try Dataset.keywords(words: ["go"], perClass: 1, rate: 8000, duration: 0.5, seed: 1)
        #expect(short.samples.shape == [3, 4000, 1])
        #expect(short.classNames == ["go", "silence", "unknown"])
    }

    @Test func vibrationHasTheDocumentedShape() throws {
        let data = try Dataset.vibration(normal: 10, anomalous: 4, seed: 1)
        #expect(data.samples.shape == [14, 1000, 3])
        #expect(data.classNames == ["normal", "anomaly"])
        #expect(data.classCounts == [10, 4])
        #expect(data.channels == ["x", "y", "z"])
        #expect(data.rate == 1000)
        #expect(data.samples.scalars.allSatisfy { $0.isFinite })
    }

    @Test func sameSeedGivesTheSameDataAndAnotherSeedDoesNot() throws {
        #expect(try Dataset.gestures(perClass: 3, seed: 9) == Dataset.gestures(perClass: 3, seed: 9))
        #expect(try Dataset.gestures(perClass: 3, seed: 9).samples != Dataset.gestures(perClass: 3, seed: 10).samples)
        #expect(try Dataset.keywords(perClass: 1, seed: 9) == Dataset.keywords(perClass: 1, seed: 9))
        #expect(try Dataset.keywords(perClass: 1, seed: 9).samples != Dataset.keywords(perClass: 1, seed: 10).samples)
        #expect(try Dataset.vibration(normal: 3, anomalous: 3, seed: 9) == Dataset.vibration(normal: 3, anomalous: 3, seed: 9))
        #expect(try Dataset.vibration(normal: 3, anomalous: 3, seed: 9).samples
                != Dataset.vibration(normal: 3, anomalous: 3, seed: 10).samples)
    }

    @Test func noiseArgumentChangesTheSpread() throws {
        // Idle windows are mostly sensor noise, so their spread follows `noise`.
        func spread(_ noise: Double) throws -> Float {
            let idle = try Dataset.gestures(classes: ["idle"], perClass: 10, noise: noise, seed: 4)
            let gx = stride(from: 3, to: idle.samples.count, by: 6).map { idle.samples.scalars[$0] }
            let mean = gx.reduce(0, +) / Float(gx.count)
            return (gx.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(gx.count)).squareRoot()
        }
        #expect(try spread(0.5) > 3 * spread(0.05))
    }

    @Test func unknownGestureNamesGetTheirOwnStableShapes() throws {
        let zigzag = StrokeShape(name: "zigzag").corners, tick = StrokeShape(name: "tick").corners
        #expect((3...6).contains(zigzag.count) && (3...6).contains(tick.count))
        #expect(zigzag.map(\.x) == StrokeShape(name: "zigzag").corners.map(\.x))
        #expect(zigzag.map(\.x) != tick.map(\.x))
        let data = try Dataset.gestures(classes: ["zigzag", "tick"], perClass: 60, seed: 5)
        #expect(data.classCounts == [60, 60])
        let accuracy = try nearestCentroidAccuracy(data.spectral())
        #expect(accuracy > 0.7, "nearest-centroid accuracy \(accuracy)")
    }

    /// Learnable but not trivial: a nearest-centroid classifier on z-scored spectral features,
    /// trained on half and tested on the other half, is far above chance (25 %) and below 100 %.
    @Test func gesturesAreLearnableButNotTrivial() throws {
        let accuracy = try nearestCentroidAccuracy(Dataset.gestures(perClass: 60, seed: 11).spectral())
        #expect(accuracy > 0.7 && accuracy < 0.99, "nearest-centroid accuracy \(accuracy)")
    }

    @Test func keywordsAreLearnable() throws {
        // Word vs silence vs unknown from the average MFCC frame: crude, but well above chance.
        let mfcc = try Dataset.keywords(perClass: 16, seed: 11).mfcc()
        let frames = mfcc.sampleShape[0], width = mfcc.sampleShape[1]
        let pooled = (0..<mfcc.count).flatMap { sample in
            (0..<width).map { c in
                (0..<frames).reduce(Float(0)) { $0 + mfcc.samples.scalars[(sample * frames + $1) * width + c] } / Float(frames)
            }
        }
        let data = try Dataset(samples: Tensor(shape: [mfcc.count, width], scalars: pooled), labels: mfcc.labels,
                               classNames: mfcc.classNames)
        let accuracy = try nearestCentroidAccuracy(data)
        #expect(accuracy > 0.45, "nearest-centroid accuracy \(accuracy)")
    }

    @Test func vibrationAnomaliesStandOut() throws {
        // Three kinds of fault make the anomalies no single cluster, so: nearest neighbour.
        let data = try Dataset.vibration(normal: 80, anomalous: 80, seed: 11).spectral(fft: 128)
        let accuracy = try nearestNeighbourAccuracy(data)
        #expect(accuracy > 0.62 && accuracy < 1, "nearest-neighbour accuracy \(accuracy)")
    }

    @Test func invalidArgumentsThrowInsteadOfTrapping() {
        #expect(throws: DatasetError.self) { try Dataset.gestures(perClass: -1, seed: 0) }
        #expect(throws: DatasetError.self) { try Dataset.gestures(rate: 0, seed: 0) }
        #expect(throws: DatasetError.self) { try Dataset.keywords(duration: .nan, seed: 0) }
        #expect(throws: DatasetError.self) { try Dataset.keywords(rate: 1e12, seed: 0) }
        #expect(throws: DatasetError.self) { try Dataset.vibration(normal: -5, seed: 0) }
    }

    @Test func edgeCasesStillGiveData() throws {
        #expect(try Dataset.gestures(classes: [], seed: 0).count == 0)
        #expect(try Dataset.gestures(perClass: 0, seed: 0).samples.shape == [0, 100, 6])
        // Every vocabulary word chosen: "unknown" still has words to say.
        let all = try Dataset.keywords(words: Phoneme.vocabulary, perClass: 0, seed: 0)
        #expect(all.classNames.count == Phoneme.vocabulary.count + 2)
        let odd = try Dataset.keywords(words: ["123", "zzz"], perClass: 1, seed: 0)
        #expect(odd.samples.scalars.allSatisfy { $0.isFinite })
    }

    /// Each sample of one half (stratified) takes the class of the nearest z-scored sample of the other.
    func nearestNeighbourAccuracy(_ data: Dataset) throws -> Double {
        let (train, test) = try data.split(0.5, seed: 1)
        let (trainFeatures, statistics) = try train.normalized()
        let testFeatures = try test.normalized(like: statistics).0
        let width = train.sampleShape.reduce(1, *)
        let a = trainFeatures.samples.scalars, b = testFeatures.samples.scalars
        var correct = 0
        for (sample, label) in testFeatures.classIndices.enumerated() {
            var best = (distance: Float.infinity, label: -1)
            for (other, otherLabel) in trainFeatures.classIndices.enumerated() {
                var distance: Float = 0
                for position in 0..<width {
                    let d = b[sample * width + position] - a[other * width + position]
                    distance += d * d
                }
                if distance < best.distance { best = (distance, otherLabel) }
            }
            if best.label == label { correct += 1 }
        }
        return Double(correct) / Double(test.count)
    }

    /// Half the data (stratified) gives class centroids of z-scored features; the other half is
    /// classified by the nearest one.
    func nearestCentroidAccuracy(_ data: Dataset) throws -> Double {
        let (train, test) = try data.split(0.5, seed: 1)
        let (trainFeatures, statistics) = try train.normalized()
        let testFeatures = try test.normalized(like: statistics).0
        let width = train.sampleShape.reduce(1, *)
        var centroids = [[Double]](repeating: [Double](repeating: 0, count: width), count: data.classNames.count)
        for (sample, label) in trainFeatures.classIndices.enumerated() {
            for position in 0..<width { centroids[label][position] += Double(trainFeatures.samples.scalars[sample * width + position]) }
        }
        let counts = trainFeatures.classCounts
        centroids = centroids.enumerated().map { label, sum in sum.map { $0 / Double(max(1, counts[label])) } }
        var correct = 0
        for (sample, label) in testFeatures.classIndices.enumerated() {
            let distances = centroids.map { centroid in
                (0..<width).reduce(0.0) { sum, position in
                    let d = Double(testFeatures.samples.scalars[sample * width + position]) - centroid[position]
                    return sum + d * d
                }
            }
            if distances.firstIndex(of: distances.min()!) == label { correct += 1 }
        }
        return Double(correct) / Double(test.count)
    }
}
