import Foundation
import Testing
import TensorEngine
@testable import DataPipeline

@Suite struct DatasetTests {
    /// Six samples of shape [2], classes a a a b b c.
    func sample() throws -> Dataset {
        try Dataset(samples: Tensor(shape: [6, 2], scalars: (0..<12).map(Float.init)), labels: .classes([0, 0, 0, 1, 1, 2]),
                    classNames: ["a", "b", "c"], rate: 50, channels: ["x", "y"])
    }

    @Test func validatesLabels() {
        #expect(throws: DatasetError.labelCount(samples: 2, labels: 1)) {
            try Dataset(samples: .zeros([2, 3]), labels: .classes([0]), classNames: ["a"])
        }
        #expect(throws: DatasetError.classIndex(2, classes: 2)) {
            try Dataset(samples: .zeros([1, 3]), labels: .classes([2]), classNames: ["a", "b"])
        }
    }

    @Test func selectsSlicesAndFilters() throws {
        let data = try sample()
        #expect(data.count == 6 && data.sampleShape == [2])
        #expect(data.classCounts == [3, 2, 1])
        let picked = data.selecting([5, 0])
        #expect(picked.samples.scalars == [10, 11, 0, 1])
        #expect(picked.classIndices == [2, 0])
        #expect(data.sliced(-2, nil).classIndices == [1, 2])
        #expect(data.taking(100).count == 6)
        #expect(try data.filtered(toClass: "b").samples.scalars == [6, 7, 8, 9])
        #expect(throws: DatasetError.unknownClass("d", known: ["a", "b", "c"])) { try data.filtered(toClass: "d") }
        #expect(data.sampleDuration == 2.0 / 50)
    }

    @Test func splitIsStratifiedAndSeeded() throws {
        let labels = (0..<100).map { $0 < 80 ? 0 : 1 }
        let data = try Dataset(samples: Tensor(shape: [100, 1], scalars: (0..<100).map(Float.init)), labels: .classes(labels),
                               classNames: ["many", "few"])
        let (train, test) = try data.split(0.75, seed: 1)
        #expect(train.classCounts == [60, 15])
        #expect(test.classCounts == [20, 5])
        #expect(Set(train.samples.scalars).isDisjoint(with: test.samples.scalars))
        let again = try data.split(0.75, seed: 1)
        #expect(again.0 == train && again.1 == test)
        #expect(try data.split(0.75, seed: 2).0 != train)
        #expect(throws: DatasetError.fraction(1.5)) { try data.split(1.5, seed: 0) }
    }

    @Test func mergeMatchesClassesByName() throws {
        let first = try Dataset(samples: .zeros([1, 2]), labels: .classes([0]), classNames: ["idle"])
        let second = try Dataset(samples: .ones([2, 2]), labels: .classes([1, 0]), classNames: ["wave", "idle"])
        let merged = try Dataset.merged([first, second])
        #expect(merged.classNames == ["idle", "wave"])
        #expect(merged.classIndices == [0, 0, 1])  // "idle", then "idle" and "wave" from the second
        #expect(throws: DatasetError.shapes([2], [3])) {
            try Dataset.merged([first, try Dataset(samples: .zeros([1, 3]), labels: .classes([0]), classNames: ["x"])])
        }
    }

    @Test func sineIsSeededAndBounded() throws {
        let data = try Dataset.sine(count: 500, noise: 0, seed: 3)
        #expect(data == (try Dataset.sine(count: 500, noise: 0, seed: 3)))
        guard case .targets(let ys) = data.labels else { Issue.record("sine is regression"); return }
        for (x, y) in zip(data.samples.scalars, ys.scalars) {
            #expect(x >= 0 && x <= 2 * .pi)
            #expect(abs(Double(y) - sin(Double(x))) < 1e-6)
        }
    }
}
