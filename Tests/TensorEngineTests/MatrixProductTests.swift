import Testing
import TensorEngine

@Suite("Matrix product")
struct MatrixProductTests {
    let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let b = Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])

    @Test func vectorDotVectorIsRankZero() throws {
        let dot = try Tensor([1, 2, 3]).matmul(Tensor([4, 5, 6]))
        #expect(dot == Tensor(scalar: 32))
    }

    @Test func matrixTimesMatrix() throws {
        // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
        #expect(try a.matmul(b) == Tensor(shape: [2, 2], scalars: [58, 64, 139, 154]))
        #expect(try b.matmul(a) == Tensor(shape: [3, 3], scalars: [39, 54, 69, 49, 68, 87, 59, 82, 105]))
    }

    @Test func matrixTimesVector() throws {
        #expect(try a.matmul(Tensor([1, 0, -1])) == Tensor([-2, -2]))
    }

    @Test func vectorTimesMatrix() throws {
        #expect(try Tensor([1, -1]).matmul(a) == Tensor([-3, -3, -3]))
    }

    @Test func batchedWithBroadcastBatchAxes() throws {
        // Two left matrices against one shared right matrix.
        let stack = try Tensor.stacked([a, a.map { $0 * 2 }])
        let product = try stack.matmul(b)
        #expect(product == Tensor(shape: [2, 2, 2], scalars: [58, 64, 139, 154, 116, 128, 278, 308]))
        // Batch axes [2, 1] and [3] broadcast to [2, 3].
        let left = Tensor(shape: [2, 1, 1, 2], scalars: [1, 0, 0, 1])
        let right = Tensor(shape: [3, 2, 1], scalars: [1, 2, 3, 4, 5, 6])
        let batched = try left.matmul(right)
        #expect(batched.shape == [2, 3, 1, 1])
        #expect(batched.scalars == [1, 3, 5, 2, 4, 6])
    }

    @Test func vectorAgainstBatch() throws {
        let batch = try Tensor.stacked([b, b.negated()])
        let product = try Tensor([1, 1, 1]).matmul(batch)
        #expect(product == Tensor(shape: [2, 2], scalars: [27, 30, -27, -30]))
        let firstRows = try batch.matmul(Tensor([1, 0]))
        #expect(firstRows == Tensor(shape: [2, 3], scalars: [7, 9, 11, -7, -9, -11]))
    }

    @Test func mismatchedInnerLengthsNameBothShapes() {
        #expect(throws: TensorError.shapeMismatch(operation: "matmul", lhs: [2, 3], rhs: [2, 3])) {
            try a.matmul(a)
        }
        #expect(throws: TensorError.shapeMismatch(operation: "matmul", lhs: [2, 2, 3], rhs: [3, 3, 2])) {
            try Tensor.zeros([2, 2, 3]).matmul(Tensor.zeros([3, 3, 2]))
        }
        #expect(throws: TensorError.rankMismatch(operation: "matmul", expected: "rank at least 1", shape: [])) {
            try Tensor(scalar: 2).matmul(a)
        }
    }

    @Test func emptyInnerAxisGivesZeros() throws {
        let product = try Tensor.zeros([2, 0]).matmul(Tensor.zeros([0, 3]))
        #expect(product == Tensor.zeros([2, 3]))
    }

    @Test func largerProductMatchesNaiveDefinition() throws {
        let left = Tensor.randn([7, 13], seed: 1)
        let right = Tensor.randn([13, 5], seed: 2)
        let product = try left.matmul(right)
        for i in 0..<7 {
            for j in 0..<5 {
                var expected: Float = 0
                for k in 0..<13 { expected += left.scalars[i * 13 + k] * right.scalars[k * 5 + j] }
                #expect(product.scalars[i * 5 + j] == expected)
            }
        }
    }
}
