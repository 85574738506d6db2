import Testing
@testable import TensorEngine

@Suite("The tiled, threaded matrix product is bit-identical to the plain loops")
struct MatrixKernelTests {
    /// Shapes around the tile edges (5 × 16 and 4 × 8), degenerate ones, and products large enough
    /// to be split across two threads (rows × inner × columns ≥ 2²⁰).
    static let shapes: [(rows: Int, inner: Int, columns: Int)] = [
        (1, 1, 1), (3, 5, 7), (4, 1, 8), (4, 9, 8), (5, 3, 9), (7, 17, 15), (8, 8, 16), (13, 31, 33),
        (5, 7, 16), (6, 7, 16), (7, 3, 24), (12, 5, 40), (11, 6, 47), (17, 2, 32),
        (0, 4, 4), (4, 0, 4), (4000, 40, 64), (4001, 64, 67), (64, 4000, 64), (9, 20_000, 10), (7, 700, 19), (40, 513, 24),
    ]

    @Test(arguments: shapes.indices)
    func agreesWithTheReference(_ index: Int) {
        let (rows, inner, columns) = Self.shapes[index]
        var generator = SeededGenerator(seed: UInt64(index + 1))
        // Magnitudes over several orders, so a different summation order would show in the bits.
        let a = (0..<(rows * inner)).map { _ in generator.nextNormal() * Float(1 << generator.nextInt(upperBound: 12)) }
        let b = (0..<(inner * columns)).map { _ in generator.nextNormal() / Float(1 << generator.nextInt(upperBound: 12)) }
        var fast = [Float](repeating: .nan, count: rows * columns)
        var reference = fast
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                guard let a = a.baseAddress ?? UnsafePointer(bitPattern: 16),
                      let b = b.baseAddress ?? UnsafePointer(bitPattern: 16) else { return }
                fast.withUnsafeMutableBufferPointer {
                    MatrixKernel.multiply(a, b, into: $0.baseAddress!, rows: rows, inner: inner, columns: columns)
                }
                reference.withUnsafeMutableBufferPointer {
                    MatrixKernel.reference(a, b, into: $0.baseAddress!, rows: rows, inner: inner, columns: columns)
                }
            }
        }
        #expect(fast.map(\.bitPattern) == reference.map(\.bitPattern))
        // The same product from `a` stored as its transpose.
        var transposedA = [Float](repeating: 0, count: rows * inner)
        for i in 0..<rows { for k in 0..<inner { transposedA[k * rows + i] = a[i * inner + k] } }
        var fromTransposed = [Float](repeating: .nan, count: rows * columns)
        transposedA.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                guard let a = a.baseAddress ?? UnsafePointer(bitPattern: 16),
                      let b = b.baseAddress ?? UnsafePointer(bitPattern: 16) else { return }
                fromTransposed.withUnsafeMutableBufferPointer {
                    MatrixKernel.multiply(a, b, into: $0.baseAddress!, rows: rows, inner: inner, columns: columns,
                                          layout: .transposed)
                }
            }
        }
        #expect(fromTransposed.map(\.bitPattern) == reference.map(\.bitPattern))
    }

    @Test func infinityTimesZeroStaysNaN() throws {
        let a = Tensor(shape: [1, 2], scalars: [0, 1])
        let b = Tensor(shape: [2, 9], scalars: [Float](repeating: .infinity, count: 9) + [Float](repeating: 1, count: 9))
        let product = try a.matmul(b)
        #expect(product.scalars.allSatisfy { $0.isNaN })
    }
}
