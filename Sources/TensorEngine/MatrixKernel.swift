/// The float matrix product every layer and `@` use: register-tiled SIMD loops, on two threads
/// for large products, bit-identical to the plain i-k-j loops of ``reference(_:_:into:rows:inner:columns:)``.
///
/// Each output is summed from zero over increasing `k` with one multiply and one add per term (no
/// fused multiply-add), exactly as the plain loops do; tiling only changes which outputs are
/// worked on together and keeps their partial sums in registers instead of memory. Threads take
/// disjoint bands of rows, so the result does not depend on how many there are.
package enum MatrixKernel {
    /// Rows and columns of one register tile: 4 × 8 partial sums.
    private static let tileRows = 4
    private typealias Lane = SIMD8<Float>

    /// `out[rows × columns] = a[rows × inner] · b[inner × columns]`, all row-major and contiguous.
    package static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                 into out: UnsafeMutablePointer<Float>, rows: Int, inner: Int, columns: Int) {
        guard rows > 0, columns > 0 else { return }
        guard inner > 0 else {
            out.initialize(repeating: 0, count: rows * columns)
            return
        }
        let tiles = (rows + tileRows - 1) / tileRows
        let shared = Unchecked((a, b, out))
        ParallelBands.run(tiles, work: rows * inner * columns) { tileRange in
            let (a, b, out) = shared.value
            let band = (tileRange.lowerBound * tileRows)..<min(rows, tileRange.upperBound * tileRows)
            multiplyRows(band, a, b, into: out, inner: inner, columns: columns)
        }
    }

    /// The rows `band` of the product, a column block of eight at a time.
    private static func multiplyRows(_ band: Range<Int>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                     into out: UnsafeMutablePointer<Float>, inner: Int, columns: Int) {
        let fullColumns = columns - columns % Lane.scalarCount
        var j = 0
        // Column blocks outside, rows inside: the block's slice of `b` stays in cache across rows.
        while j < fullColumns {
            var i = band.lowerBound
            while i + tileRows <= band.upperBound {
                tile(i, j, a, b, out, inner: inner, columns: columns)
                i += tileRows
            }
            while i < band.upperBound {
                row(i, j, a, b, out, inner: inner, columns: columns)
                i += 1
            }
            j += Lane.scalarCount
        }
        if fullColumns < columns {
            for i in band {
                for column in fullColumns..<columns {
                    var sum: Float = 0
                    for k in 0..<inner { sum += a[i * inner + k] * b[k * columns + column] }
                    out[i * columns + column] = sum
                }
            }
        }
    }

    /// Four rows by eight columns at `(i, j)`.
    @inline(__always)
    private static func tile(_ i: Int, _ j: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                             _ out: UnsafeMutablePointer<Float>, inner: Int, columns: Int) {
        var s0 = Lane(), s1 = Lane(), s2 = Lane(), s3 = Lane()
        let a0 = a + i * inner, a1 = a0 + inner, a2 = a1 + inner, a3 = a2 + inner
        var bRow = UnsafeRawPointer(b + j)
        let bStride = columns * MemoryLayout<Float>.stride
        for k in 0..<inner {
            let lane = bRow.loadUnaligned(as: Lane.self)
            s0 += Lane(repeating: a0[k]) * lane
            s1 += Lane(repeating: a1[k]) * lane
            s2 += Lane(repeating: a2[k]) * lane
            s3 += Lane(repeating: a3[k]) * lane
            bRow += bStride
        }
        let o = UnsafeMutableRawPointer(out + i * columns + j)
        let rowBytes = columns * MemoryLayout<Float>.stride
        o.storeBytes(of: s0, as: Lane.self)
        (o + rowBytes).storeBytes(of: s1, as: Lane.self)
        (o + 2 * rowBytes).storeBytes(of: s2, as: Lane.self)
        (o + 3 * rowBytes).storeBytes(of: s3, as: Lane.self)
    }

    /// One row by eight columns at `(i, j)`: the rows left over below the last full tile.
    @inline(__always)
    private static func row(_ i: Int, _ j: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                            _ out: UnsafeMutablePointer<Float>, inner: Int, columns: Int) {
        var sum = Lane()
        let aRow = a + i * inner
        var bRow = UnsafeRawPointer(b + j)
        let bStride = columns * MemoryLayout<Float>.stride
        for k in 0..<inner {
            sum += Lane(repeating: aRow[k]) * bRow.loadUnaligned(as: Lane.self)
            bRow += bStride
        }
        UnsafeMutableRawPointer(out + i * columns + j).storeBytes(of: sum, as: Lane.self)
    }

    /// The definition: i-k-j loops, each output accumulated from zero in increasing `k`.
    package static func reference(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                  into out: UnsafeMutablePointer<Float>, rows: Int, inner: Int, columns: Int) {
        out.initialize(repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for k in 0..<inner {
                let factor = a[i * inner + k]
                for j in 0..<columns { out[i * columns + j] += factor * b[k * columns + j] }
            }
        }
    }
}
