import Foundation

/// The floating-point types the layer kernels are written over.
///
/// Training runs in `Float`; the same generic kernels run in `Double` for the finite-difference
/// gradient checks, so the code that is checked is the code that trains. Elementary functions come
/// from the platform's C library, which is deterministic on a given machine.
package protocol EngineScalar: BinaryFloatingPoint, SIMDScalar, Sendable {
    /// `e^x`.
    static func exponential(_ x: Self) -> Self
    /// The natural logarithm of `x`.
    static func logarithm(_ x: Self) -> Self
    /// The hyperbolic tangent of `x`.
    static func hyperbolicTangent(_ x: Self) -> Self
    /// `out[rows × columns] = A · b[inner × columns]`, row-major, accumulated from zero over
    /// increasing `k` (the order every kernel here is defined by); `A` is `a` read per `layout`.
    static func multiplyMatrices(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>,
                                 into out: UnsafeMutablePointer<Self>, rows: Int, inner: Int, columns: Int,
                                 layout: MatrixKernel.LeftLayout)
}

extension EngineScalar {
    /// The generic i-k-j product; `Float` uses the tensor module's kernel, which sums in the same order.
    package static func multiplyMatrices(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>,
                                         into out: UnsafeMutablePointer<Self>,
                                         rows: Int, inner: Int, columns: Int, layout: MatrixKernel.LeftLayout) {
        out.initialize(repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for k in 0..<inner {
                let factor = switch layout {
                case .rowMajor: a[i * inner + k]
                case .transposed: a[k * rows + i]
                }
                for j in 0..<columns {
                    out[i * columns + j] += factor * b[k * columns + j]
                }
            }
        }
    }
}

extension Float: EngineScalar {
    package static func exponential(_ x: Float) -> Float { Foundation.exp(x) }
    package static func logarithm(_ x: Float) -> Float { Foundation.log(x) }
    package static func hyperbolicTangent(_ x: Float) -> Float { Foundation.tanh(x) }
    package static func multiplyMatrices(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                         into out: UnsafeMutablePointer<Float>,
                                         rows: Int, inner: Int, columns: Int, layout: MatrixKernel.LeftLayout) {
        MatrixKernel.multiply(a, b, into: out, rows: rows, inner: inner, columns: columns, layout: layout)
    }
}

extension Double: EngineScalar {
    package static func exponential(_ x: Double) -> Double { Foundation.exp(x) }
    package static func logarithm(_ x: Double) -> Double { Foundation.log(x) }
    package static func hyperbolicTangent(_ x: Double) -> Double { Foundation.tanh(x) }
}

/// Matrix helpers over flat row-major arrays.
package enum MatrixMath {
    /// `a[rows × inner] · b[inner × columns]` as a new flat array; with `layout: .transposed`, `a`
    /// is `[inner × rows]` and the product is `aᵀ · b`.
    package static func product<S: EngineScalar>(_ a: [S], _ b: [S], rows: Int, inner: Int, columns: Int,
                                                 layout: MatrixKernel.LeftLayout = .rowMajor) -> [S] {
        precondition(a.count == rows * inner && b.count == inner * columns, "MatrixMath.product: sizes")
        guard rows * columns > 0 else { return [] }
        guard inner > 0 else { return [S](repeating: 0, count: rows * columns) }
        return [S](unsafeUninitializedCapacity: rows * columns) { out, initialized in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    S.multiplyMatrices(pa.baseAddress!, pb.baseAddress!, into: out.baseAddress!,
                                       rows: rows, inner: inner, columns: columns, layout: layout)
                }
            }
            initialized = rows * columns
        }
    }

    /// The transpose of a `rows × columns` row-major matrix.
    package static func transpose<S: EngineScalar>(_ a: [S], rows: Int, columns: Int) -> [S] {
        [S](unsafeUninitializedCapacity: rows * columns) { out, initialized in
            a.withUnsafeBufferPointer { source in
                for row in 0..<rows {
                    for column in 0..<columns {
                        out[column * rows + row] = source[row * columns + column]
                    }
                }
            }
            initialized = rows * columns
        }
    }
}
