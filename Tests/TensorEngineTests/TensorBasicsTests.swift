import Testing
@testable import TensorEngine

@Suite("Tensor basics")
struct TensorBasicsTests {
    @Test func initialisersSetShapeRankAndCount() {
        let matrix = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(matrix.shape == [2, 3])
        #expect(matrix.rank == 2)
        #expect(matrix.count == 6)
        let scalar = Tensor(scalar: 7)
        #expect(scalar.shape == [])
        #expect(scalar.rank == 0)
        #expect(scalar.scalars == [7])
        #expect(scalar.scalar == 7)
        let vector = Tensor([1, 2, 3])
        #expect(vector.shape == [3])
        #expect(vector.scalar == nil)
        #expect(Tensor(shape: [2, 0], scalars: []).count == 0)
    }

    @Test func equalityNeedsSameShapeAndElements() {
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        #expect(a == Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))
        #expect(a != Tensor(shape: [4], scalars: [1, 2, 3, 4]))
        #expect(a != Tensor(shape: [2, 2], scalars: [1, 2, 3, 5]))
        #expect(Tensor(scalar: 0) == Tensor(scalar: -0.0))
        let withNaN = Tensor([1, .nan])
        let copy = withNaN
        #expect(withNaN != copy)
    }

    @Test func inPlaceWritesLeaveCopiesAlone() {
        let original = Tensor([1, 2, 3])
        var copy = original
        copy.withMutableScalars { $0[0] = 10 }
        #expect(copy == Tensor([10, 2, 3]))
        #expect(original == Tensor([1, 2, 3]))
    }

    @Test func filledConstructors() {
        #expect(Tensor.zeros([2, 3]) == Tensor(shape: [2, 3], scalars: [0, 0, 0, 0, 0, 0]))
        #expect(Tensor.ones([3]) == Tensor([1, 1, 1]))
        #expect(Tensor.filled([2], with: 2.5) == Tensor([2.5, 2.5]))
        #expect(Tensor.zeros([]) == Tensor(scalar: 0))
    }

    @Test func validateShapeRejectsNegativeAndOverflowingShapes() throws {
        try Tensor.validate(shape: [2, 0, 3])
        #expect(throws: TensorError.invalidShape([2, -1])) { try Tensor.validate(shape: [2, -1]) }
        #expect(throws: TensorError.invalidShape([1 << 40, 1 << 40])) {
            try Tensor.validate(shape: [1 << 40, 1 << 40])
        }
    }

    @Test func linspaceIncludesBothEnds() {
        #expect(Tensor.linspace(0, 1, count: 5) == Tensor([0, 0.25, 0.5, 0.75, 1]))
        #expect(Tensor.linspace(2, -2, count: 3) == Tensor([2, 0, -2]))
        #expect(Tensor.linspace(3, 9, count: 1) == Tensor([3]))
        #expect(Tensor.linspace(3, 9, count: 0).shape == [0])
        let fifty = Tensor.linspace(0, 1, count: 50)
        #expect(fifty.count == 50)
        #expect(fifty.scalars.last == 1)
        #expect(fifty.scalars[1] == Float(1.0 / 49.0))
    }

    @Test func arangeFollowsNumpy() throws {
        #expect(try Tensor.arange(0, 5) == Tensor([0, 1, 2, 3, 4]))
        #expect(try Tensor.arange(1, 2, step: 0.25) == Tensor([1, 1.25, 1.5, 1.75]))
        #expect(try Tensor.arange(5, 0, step: -2) == Tensor([5, 3, 1]))
        #expect(try Tensor.arange(5, 0).shape == [0])
        #expect(throws: TensorError.invalidArgument(operation: "arange", reason: "step must not be zero")) {
            try Tensor.arange(0, 1, step: 0)
        }
    }

    @Test func randnIsSeededAndRowMajor() {
        let a = Tensor.randn([3, 4], seed: 7)
        #expect(a == Tensor.randn([3, 4], seed: 7))
        #expect(a != Tensor.randn([3, 4], seed: 8))
        var generator = SeededGenerator(seed: 7)
        let drawn = (0..<12).map { _ in generator.nextNormal() }
        #expect(a.scalars == drawn)
    }

    @Test func uniformStaysInRange() {
        var generator = SeededGenerator(seed: 3)
        let samples = Tensor.uniform([1000], in: -2, 3, using: &generator)
        #expect(samples.scalars.allSatisfy { $0 >= -2 && $0 < 3 })
        #expect(abs((try! samples.mean()) - 0.5) < 0.2)
    }

    @Test func mapAndNegation() {
        let values = Tensor(shape: [2, 2], scalars: [1, -2, 3, -4])
        #expect(values.map { $0 * $0 } == Tensor(shape: [2, 2], scalars: [1, 4, 9, 16]))
        #expect(values.negated() == Tensor(shape: [2, 2], scalars: [-1, 2, -3, 4]))
    }

    @Test func errorDescriptionsNameTheShapes() {
        let mismatch = TensorError.shapeMismatch(operation: "add", lhs: [2, 3], rhs: [4])
        #expect(mismatch.description == "add: shapes [2, 3] and [4] are not compatible")
        #expect(TensorError.invalidReshape(from: [2, 3], to: [4]).description
            == "cannot reshape a tensor of shape [2, 3] (6 elements) to [4]")
        #expect(TensorError.indexOutOfRange(index: 5, count: 3).description
            == "index 5 is out of range for an axis of length 3")
        #expect(TensorError.rankMismatch(operation: "matmul", expected: "rank at least 1", shape: []).description
            == "matmul needs a tensor of rank at least 1, got shape []")
        #expect(TensorError.empty(operation: "max").description == "max of an empty tensor")
    }
}
