import Testing
import TensorEngine

@Suite("Reductions")
struct ReductionTests {
    let matrix = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])

    @Test func wholeTensorReductions() throws {
        #expect(matrix.sum() == 21)
        #expect(try matrix.mean() == 3.5)
        #expect(try matrix.min() == 1)
        #expect(try matrix.max() == 6)
        #expect(try matrix.argmax() == 5)
        #expect(try matrix.argmin() == 0)
        #expect(Tensor(scalar: 4).sum() == 4)
    }

    @Test func argmaxTakesTheFirstTieAndNaN() throws {
        #expect(try Tensor([1, 3, 3, 2]).argmax() == 1)
        #expect(try Tensor([1, .nan, 3, .nan]).argmax() == 1)
        #expect(try Tensor([1, .nan, 3]).max().isNaN)
        #expect(try Tensor([1, .nan, 3]).min().isNaN)
    }

    @Test func emptyTensors() {
        let empty = Tensor(shape: [0], scalars: [])
        #expect(empty.sum() == 0)
        #expect(throws: TensorError.empty(operation: "mean")) { try empty.mean() }
        #expect(throws: TensorError.empty(operation: "min")) { try empty.min() }
        #expect(throws: TensorError.empty(operation: "max")) { try empty.max() }
        #expect(throws: TensorError.empty(operation: "argmax")) { try empty.argmax() }
    }

    @Test func pairwiseSumIsAccurate() {
        // 100 000 copies of 0.1: naive float accumulation drifts to about 9999.9 or worse.
        let tenths = Tensor.filled([100_000], with: 0.1)
        #expect(abs(tenths.sum() - 10_000) < 0.01)
        // Odd lengths exercise the unrolled block and its remainder.
        for length in [1, 7, 8, 9, 127, 128, 129, 1000, 1001] {
            let ramp = Tensor((0..<length).map { Float($0) })
            #expect(ramp.sum() == Float(length * (length - 1) / 2))
        }
    }

    @Test func axisSums() throws {
        #expect(try matrix.sum(axis: 0) == Tensor([5, 7, 9]))
        #expect(try matrix.sum(axis: 1) == Tensor([9, 12]))
        #expect(try matrix.sum(axis: -1) == Tensor([9, 12]))
        let cube = Tensor(shape: [2, 3, 2], scalars: (0..<12).map { Float($0) })
        #expect(try cube.sum(axis: 1) == Tensor(shape: [2, 2], scalars: [6, 9, 24, 27]))
        #expect(try cube.sum(axis: 0) == Tensor(shape: [3, 2], scalars: [6, 8, 10, 12, 14, 16]))
        #expect(try Tensor([1, 2, 3]).sum(axis: 0) == Tensor(scalar: 6))
        #expect(try Tensor.zeros([2, 0]).sum(axis: 1) == Tensor([0, 0]))
    }

    @Test func longAxisSumUsesPairwiseSlices() throws {
        let tall = Tensor.filled([1000, 3], with: 0.1)
        let sums = try tall.sum(axis: 0)
        #expect(sums.shape == [3])
        #expect(sums.scalars.allSatisfy { abs($0 - 100) < 0.001 })
        let ramp = try Tensor((0..<1000).map { Float($0) }).reshaped([500, 2]).sum(axis: 0)
        #expect(ramp == Tensor([249_500, 250_000]))
    }

    @Test func axisMeanMaxArgmax() throws {
        #expect(try matrix.mean(axis: 0) == Tensor([2.5, 3.5, 4.5]))
        #expect(try matrix.mean(axis: 1) == Tensor([3, 4]))
        #expect(try matrix.max(axis: 0) == Tensor([4, 5, 6]))
        #expect(try matrix.max(axis: 1) == Tensor([5, 6]))
        #expect(try matrix.min(axis: -1) == Tensor([1, 2]))
        #expect(try matrix.argmax(axis: 0) == Tensor([1, 0, 1]))
        #expect(try matrix.argmax(axis: -1) == Tensor([1, 2]))
        #expect(try matrix.argmin(axis: 1) == Tensor([0, 1]))
        let cube = Tensor(shape: [2, 2, 2], scalars: [1, 8, 3, 4, 5, 6, 7, 2])
        #expect(try cube.argmax(axis: 1) == Tensor(shape: [2, 2], scalars: [1, 0, 1, 0]))
    }

    @Test func axisErrors() {
        #expect(throws: TensorError.invalidAxis(axis: 2, rank: 2)) { try matrix.sum(axis: 2) }
        #expect(throws: TensorError.invalidAxis(axis: -3, rank: 2)) { try matrix.max(axis: -3) }
        #expect(throws: TensorError.invalidAxis(axis: 0, rank: 0)) { try Tensor(scalar: 1).sum(axis: 0) }
        #expect(throws: TensorError.empty(operation: "max")) { try Tensor.zeros([2, 0]).max(axis: 1) }
        #expect(throws: TensorError.empty(operation: "mean")) { try Tensor.zeros([0, 2]).mean(axis: 0) }
    }
}
