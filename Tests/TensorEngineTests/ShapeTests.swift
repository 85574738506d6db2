import Testing
import TensorEngine

@Suite("Shape operations, indexing and joining")
struct ShapeTests {
    let sixes = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])

    @Test func reshapeKeepsOrder() throws {
        #expect(try sixes.reshaped([3, 2]) == Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]))
        #expect(try sixes.reshaped([-1]) == Tensor([1, 2, 3, 4, 5, 6]))
        #expect(try sixes.reshaped([3, -1]).shape == [3, 2])
        #expect(try sixes.reshaped([1, -1, 1]).shape == [1, 6, 1])
        #expect(try Tensor(scalar: 5).reshaped([1, 1]).shape == [1, 1])
        #expect(try Tensor.zeros([0, 4]).reshaped([-1, 4]).shape == [0, 4])
        #expect(sixes.flattened() == Tensor([1, 2, 3, 4, 5, 6]))
    }

    @Test func reshapeErrors() {
        #expect(throws: TensorError.invalidReshape(from: [2, 3], to: [4])) { try sixes.reshaped([4]) }
        #expect(throws: TensorError.invalidReshape(from: [2, 3], to: [-1, -1])) { try sixes.reshaped([-1, -1]) }
        #expect(throws: TensorError.invalidReshape(from: [2, 3], to: [4, -1])) { try sixes.reshaped([4, -1]) }
        #expect(throws: TensorError.invalidReshape(from: [2, 3], to: [-2, -3])) { try sixes.reshaped([-2, -3]) }
        #expect(throws: TensorError.invalidReshape(from: [2, 3], to: [0, -1])) { try sixes.reshaped([0, -1]) }
    }

    @Test func transposeAndPermute() throws {
        #expect(sixes.transposed() == Tensor(shape: [3, 2], scalars: [1, 4, 2, 5, 3, 6]))
        #expect(Tensor([1, 2]).transposed() == Tensor([1, 2]))
        let cube = Tensor(shape: [2, 3, 4], scalars: (0..<24).map { Float($0) })
        let moved = try cube.permuted([2, 0, 1])
        #expect(moved.shape == [4, 2, 3])
        // moved[k, i, j] == cube[i, j, k]
        for i in 0..<2 {
            for j in 0..<3 {
                for k in 0..<4 {
                    #expect(moved.scalars[k * 6 + i * 3 + j] == cube.scalars[i * 12 + j * 4 + k])
                }
            }
        }
        #expect(try cube.permuted([-1, 0, 1]) == moved)
        #expect(try cube.transposed().permuted([2, 1, 0]) == cube)
        // A large transpose crosses tile boundaries.
        let wide = Tensor(shape: [33, 70], scalars: (0..<2310).map { Float($0) })
        let tall = wide.transposed()
        #expect(tall.shape == [70, 33])
        #expect(tall.scalars[69 * 33 + 32] == wide.scalars[32 * 70 + 69])
        #expect(tall.transposed() == wide)
    }

    @Test func permutationErrors() {
        #expect(throws: TensorError.invalidPermutation(axes: [0, 0], rank: 2)) { try sixes.permuted([0, 0]) }
        #expect(throws: TensorError.invalidPermutation(axes: [0], rank: 2)) { try sixes.permuted([0]) }
        #expect(throws: TensorError.invalidPermutation(axes: [0, 2], rank: 2)) { try sixes.permuted([0, 2]) }
    }

    @Test func indexingWithNegativeIndices() throws {
        #expect(try sixes.element(at: 0) == Tensor([1, 2, 3]))
        #expect(try sixes.element(at: -1) == Tensor([4, 5, 6]))
        #expect(try Tensor([7, 8, 9]).element(at: -3) == Tensor(scalar: 7))
        #expect(throws: TensorError.indexOutOfRange(index: 2, count: 2)) { try sixes.element(at: 2) }
        #expect(throws: TensorError.indexOutOfRange(index: -3, count: 2)) { try sixes.element(at: -3) }
        #expect(throws: TensorError.rankMismatch(operation: "indexing", expected: "rank at least 1", shape: [])) {
            try Tensor(scalar: 1).element(at: 0)
        }
    }

    @Test func slicingFollowsPython() throws {
        let values = Tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(try values.sliced(2, 5) == Tensor([2, 3, 4]))
        #expect(try values.sliced(nil, 3) == Tensor([0, 1, 2]))
        #expect(try values.sliced(7, nil) == Tensor([7, 8, 9]))
        #expect(try values.sliced(-3, nil) == Tensor([7, 8, 9]))
        #expect(try values.sliced(-4, -2) == Tensor([6, 7]))
        #expect(try values.sliced(-100, 2) == Tensor([0, 1]))
        #expect(try values.sliced(8, 100) == Tensor([8, 9]))
        #expect(try values.sliced(5, 2).shape == [0])
        #expect(try values.sliced(100, nil).shape == [0])
        #expect(try values.sliced(nil, nil) == values)
        let rows = try sixes.sliced(1, nil)
        #expect(rows == Tensor(shape: [1, 3], scalars: [4, 5, 6]))
        #expect(try sixes.sliced(2, 2).shape == [0, 3])
        #expect(throws: TensorError.rankMismatch(operation: "slicing", expected: "rank at least 1", shape: [])) {
            try Tensor(scalar: 1).sliced(0, 1)
        }
    }

    @Test func stackAddsALeadingAxis() throws {
        let stacked = try Tensor.stacked([Tensor([1, 2]), Tensor([3, 4]), Tensor([5, 6])])
        #expect(stacked == Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]))
        #expect(try Tensor.stacked([Tensor(scalar: 1), Tensor(scalar: 2)]) == Tensor([1, 2]))
        #expect(throws: TensorError.shapeMismatch(operation: "stack", lhs: [2], rhs: [3])) {
            try Tensor.stacked([Tensor([1, 2]), Tensor([1, 2, 3])])
        }
        #expect(throws: TensorError.empty(operation: "stack")) { try Tensor.stacked([]) }
    }

    @Test func concatenateAlongAnyAxis() throws {
        let other = Tensor(shape: [1, 3], scalars: [7, 8, 9])
        #expect(try Tensor.concatenated([sixes, other])
            == Tensor(shape: [3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9]))
        let column = Tensor(shape: [2, 1], scalars: [0, 0])
        #expect(try Tensor.concatenated([sixes, column], axis: -1)
            == Tensor(shape: [2, 4], scalars: [1, 2, 3, 0, 4, 5, 6, 0]))
        #expect(try Tensor.concatenated([Tensor([1]), Tensor([]), Tensor([2, 3])]) == Tensor([1, 2, 3]))
        #expect(throws: TensorError.shapeMismatch(operation: "concatenate", lhs: [2, 3], rhs: [2, 1])) {
            try Tensor.concatenated([sixes, column], axis: 0)
        }
        #expect(throws: TensorError.shapeMismatch(operation: "concatenate", lhs: [2, 3], rhs: [3])) {
            try Tensor.concatenated([sixes, Tensor([1, 2, 3])])
        }
        #expect(throws: TensorError.invalidAxis(axis: 2, rank: 2)) { try Tensor.concatenated([sixes], axis: 2) }
        #expect(throws: TensorError.empty(operation: "concatenate")) { try Tensor.concatenated([]) }
    }
}
