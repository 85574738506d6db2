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
        #expect(data.channels == ["ax", "ay", "az", "gx", "gy", "gz"])
        #expect(data.rate == 50)
        #expect(data.samples.scalars.allSatisfy { $0.isFinite })
    }

    @Test func keywordsHaveTheDocumentedShape() throws {
        let data = try Dataset.keywords(perClass: 2, seed: 1)
        #expect(data.samples.shape == [8, 16000, 1])
        #expect(data.classNames == ["yes", "no", "silence", "unknown"])
        #expect(data.classCounts == [2, 2, 2, 2])
        #expect(data.rate == 16000)
        #expect(data.samples.scalars.allSatisfy { $0.isFinite })
    }

    @Test func vibrationHasTheDocumentedShape() throws {
        let data = try Dataset.vibration(normal: 10, anomalous: 4, seed: 1)
        #expect(data.samples.shape == [14, 1000, 3])
        #expect(data.classNames == ["normal", "anomaly"])
        #expect(data.classCounts == [10, 4])
        #expect(data.channels == ["x", "y", "z"])
        #expect(data.samples.scalars.allSatisfy { $0.isFinite })
    }
}
