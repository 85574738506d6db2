import Testing
import TensorEngine

@Suite("Element-wise arithmetic and broadcasting")
struct BroadcastingTests {
    @Test func equalShapes() throws {
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = Tensor(shape: [2, 2], scalars: [10, 20, 30, 40])
        #expect(try a.combined(with: b, .add) == Tensor(shape: [2, 2], scalars: [11, 22, 33, 44]))
        #expect(try b.combined(with: a, .subtract) == Tensor(shape: [2, 2], scalars: [9, 18, 27, 36]))
        #expect(try a.combined(with: b, .multiply) == Tensor(shape: [2, 2], scalars: [10, 40, 90, 160]))
        #expect(try b.combined(with: a, .divide) == Tensor(shape: [2, 2], scalars: [10, 10, 10, 10]))
        #expect(try a.combined(with: a, .power) == Tensor(shape: [2, 2], scalars: [1, 4, 27, 256]))
    }

    @Test func scalarOnEitherSide() throws {
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let two = Tensor(scalar: 2)
        #expect(try a.combined(with: two, .power) == Tensor(shape: [2, 2], scalars: [1, 4, 9, 16]))
        #expect(try two.combined(with: a, .subtract) == Tensor(shape: [2, 2], scalars: [1, 0, -1, -2]))
        #expect(try two.combined(with: two, .multiply) == Tensor(scalar: 4))
        // A one-element tensor of higher rank still raises the result's rank.
        let one = Tensor(shape: [1, 1, 1], scalars: [1])
        #expect(try Tensor([1, 2]).combined(with: one, .add) == Tensor(shape: [1, 1, 2], scalars: [2, 3]))
    }

    @Test func rowAgainstColumn() throws {
        let column = Tensor(shape: [3, 1], scalars: [1, 2, 3])
        let row = Tensor(shape: [1, 4], scalars: [10, 20, 30, 40])
        let expected = Tensor(shape: [3, 4], scalars: [11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43])
        #expect(try column.combined(with: row, .add) == expected)
        #expect(try row.combined(with: column, .add) == expected)
        let matrix = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(try matrix.combined(with: Tensor([1, 2, 3]), .multiply)
            == Tensor(shape: [2, 3], scalars: [1, 4, 9, 4, 10, 18]))
        #expect(try matrix.combined(with: Tensor(shape: [2, 1], scalars: [1, 2]), .subtract)
            == Tensor(shape: [2, 3], scalars: [0, 1, 2, 2, 3, 4]))
    }

    @Test func threeDimensionalAgainstMatrix() throws {
        let a = Tensor(shape: [2, 1, 3], scalars: [0, 1, 2, 100, 101, 102])
        let b = Tensor(shape: [4, 3], scalars: (0..<12).map { Float($0) * 10 })
        let sum = try a.combined(with: b, .add)
        #expect(sum.shape == [2, 4, 3])
        var expected: [Float] = []
        for block in 0..<2 {
            for row in 0..<4 {
                for column in 0..<3 {
                    expected.append(Float(block * 100 + column) + Float(row * 3 + column) * 10)
                }
            }
        }
        #expect(sum.scalars == expected)
    }

    @Test func broadcastingBothWaysInHigherRank() throws {
        // [2, 1, 2, 1] with [3, 1, 2]: every axis broadcasts somewhere.
        let a = Tensor(shape: [2, 1, 2, 1], scalars: [1, 2, 3, 4])
        let b = Tensor(shape: [3, 1, 2], scalars: [10, 20, 30, 40, 50, 60])
        let product = try a.combined(with: b, .multiply)
        #expect(product.shape == [2, 3, 2, 2])
        #expect(Array(product.scalars.prefix(8)) == [10, 20, 20, 40, 30, 40, 60, 80])
        #expect(product.scalars[product.count - 1] == 240)
    }

    @Test func incompatibleShapesNameBoth() {
        let a = Tensor.zeros([2, 3])
        let b = Tensor.zeros([4])
        #expect(throws: TensorError.shapeMismatch(operation: "add", lhs: [2, 3], rhs: [4])) {
            try a.combined(with: b, .add)
        }
        #expect(throws: TensorError.shapeMismatch(operation: "divide", lhs: [4], rhs: [2, 3])) {
            try b.combined(with: a, .divide)
        }
    }

    @Test func broadcastShapeRules() {
        #expect(Tensor.broadcastShape([2, 1, 3], [4, 3]) == [2, 4, 3])
        #expect(Tensor.broadcastShape([], [5]) == [5])
        #expect(Tensor.broadcastShape([0], [1]) == [0])
        #expect(Tensor.broadcastShape([2], [3]) == nil)
    }

    @Test func emptyTensorsBroadcast() throws {
        let empty = Tensor(shape: [0, 3], scalars: [])
        #expect(try empty.combined(with: Tensor([1, 2, 3]), .add).shape == [0, 3])
    }

    @Test func minimumMaximumAndIEEECases() throws {
        let a = Tensor([1, 5, .nan, -1])
        let b = Tensor([3, 2, 0, .nan])
        let low = try a.combined(with: b, .minimum)
        let high = try a.combined(with: b, .maximum)
        #expect(Array(low.scalars.prefix(2)) == [1, 2])
        #expect(Array(high.scalars.prefix(2)) == [3, 5])
        #expect(low.scalars[2].isNaN && low.scalars[3].isNaN)
        #expect(high.scalars[2].isNaN && high.scalars[3].isNaN)
        let quotient = try Tensor([1, -1, 0]).combined(with: Tensor(scalar: 0), .divide)
        #expect(quotient.scalars[0] == .infinity)
        #expect(quotient.scalars[1] == -.infinity)
        #expect(quotient.scalars[2].isNaN)
    }
}
