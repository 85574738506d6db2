/// The float matrix product every layer and `@` use: register-tiled SIMD loops, on two threads
/// for large products, bit-identical to the plain i-k-j loops of ``reference(_:_:into:rows:inner:columns:)``.
///
/// Each output is summed from zero over increasing `k` with one multiply and one add per term (no
/// fused multiply-add), exactly as the plain loops do; tiling only changes which outputs are
/// worked on together and keeps their partial sums in registers instead of memory. A long inner
/// dimension is cut into blocks whose slices of `a` and `b` stay in the first-level cache; a
/// block's partial sums are stored and the next block resumes from them, which continues the same
/// sequence of additions. Threads take disjoint bands of rows, so the result does not depend on
/// how many there are.
package enum MatrixKernel {
    /// How the left operand lies in memory.
    package enum LeftLayout: Sendable {
        /// `a[rows × inner]`, row-major.
        case rowMajor
        /// `a` stored as its transpose, `[inner × rows]` row-major: the product is `aᵀ · b` of
        /// that array, as a weight gradient `xᵀ · dz` needs, without copying the transpose out.
        case transposed
    }

    /// Rows of the main register tile, 5 × 16 partial sums: ten independent vector sums keep the
    /// adds busy (four, as in a 4 × 8 tile, leave them waiting on their own latency), and with the
    /// two `b` vectors, one broadcast and one product they fit the sixteen AVX2 registers (a sixth
    /// row spills).
    private static let tileRows = 5
    /// Rows of the tile for a last block of eight columns.
    private static let narrowTileRows = 4
    /// Inner-dimension block: 256 rows of a 16-column slice of `b` are 16 KiB.
    private static let innerBlock = 256
    private typealias Lane = SIMD8<Float>
    private static let wideColumns = 2 * Lane.scalarCount

    /// Where the left operand's `A[i][k]` lies: `a + i · rowStride + k · innerStride`.
    private struct Left {
        let base: UnsafePointer<Float>
        let rowStride: Int
        let innerStride: Int

        init(_ base: UnsafePointer<Float>, layout: LeftLayout, rows: Int, inner: Int) {
            self.base = base
            switch layout {
            case .rowMajor: (rowStride, innerStride) = (inner, 1)
            case .transposed: (rowStride, innerStride) = (1, rows)
            }
        }

        @inline(__always) func row(_ i: Int) -> UnsafePointer<Float> { base + i * rowStride }
    }

    /// `out[rows × columns] = A · b[inner × columns]`, where `A` is `a` read per `layout`; `b`
    /// and `out` are row-major and contiguous.
    package static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                 into out: UnsafeMutablePointer<Float>, rows: Int, inner: Int, columns: Int,
                                 layout: LeftLayout = .rowMajor) {
        guard rows > 0, columns > 0 else { return }
        guard inner > 0 else {
            out.initialize(repeating: 0, count: rows * columns)
            return
        }
        let left = Left(a, layout: layout, rows: rows, inner: inner)
        let tiles = (rows + tileRows - 1) / tileRows
        let shared = Unchecked((left, b, out))
        ParallelBands.run(tiles, work: rows * inner * columns) { tileRange in
            let (left, b, out) = shared.value
            let band = (tileRange.lowerBound * tileRows)..<min(rows, tileRange.upperBound * tileRows)
            var k = 0
            while k < inner {
                let block = k..<min(inner, k + innerBlock)
                multiplyRows(band, block, left, b, into: out, columns: columns)
                k = block.upperBound
            }
        }
    }

    /// The rows `band` of the product over the inner indices `block`, a column block of sixteen
    /// (then eight) at a time; sums start from zero in the first block and from `out` after it.
    private static func multiplyRows(_ band: Range<Int>, _ block: Range<Int>, _ a: Left, _ b: UnsafePointer<Float>,
                                     into out: UnsafeMutablePointer<Float>, columns: Int) {
        let resume = block.lowerBound > 0
        var j = 0
        // Column blocks outside, rows inside: the block's slice of `b` stays in cache across rows.
        while j + wideColumns <= columns {
            var i = band.lowerBound
            while i + tileRows <= band.upperBound {
                wideTile(i, j, block, a, b, out, columns: columns, resume: resume)
                i += tileRows
            }
            while i < band.upperBound {
                row(i, j, block, a, b, out, columns: columns, resume: resume)
                row(i, j + Lane.scalarCount, block, a, b, out, columns: columns, resume: resume)
                i += 1
            }
            j += wideColumns
        }
        if j + Lane.scalarCount <= columns {
            var i = band.lowerBound
            while i + narrowTileRows <= band.upperBound {
                tile(i, j, block, a, b, out, columns: columns, resume: resume)
                i += narrowTileRows
            }
            while i < band.upperBound {
                row(i, j, block, a, b, out, columns: columns, resume: resume)
                i += 1
            }
            j += Lane.scalarCount
        }
        for i in band {
            for column in j..<columns {
                var sum: Float = resume ? out[i * columns + column] : 0
                let aRow = a.row(i)
                for k in block { sum += aRow[k * a.innerStride] * b[k * columns + column] }
                out[i * columns + column] = sum
            }
        }
    }

    @inline(__always)
    private static func start(_ o: UnsafeMutableRawPointer, _ resume: Bool) -> Lane {
        resume ? o.loadUnaligned(as: Lane.self) : Lane()
    }

    /// Five rows by sixteen columns at `(i, j)`.
    @inline(__always)
    private static func wideTile(_ i: Int, _ j: Int, _ block: Range<Int>, _ a: Left, _ b: UnsafePointer<Float>,
                                 _ out: UnsafeMutablePointer<Float>, columns: Int, resume: Bool) {
        let rowBytes = columns * MemoryLayout<Float>.stride
        let half = Lane.scalarCount * MemoryLayout<Float>.stride
        let o = UnsafeMutableRawPointer(out + i * columns + j)
        var s00 = start(o, resume), s01 = start(o + half, resume)
        var s10 = start(o + rowBytes, resume), s11 = start(o + rowBytes + half, resume)
        var s20 = start(o + 2 * rowBytes, resume), s21 = start(o + 2 * rowBytes + half, resume)
        var s30 = start(o + 3 * rowBytes, resume), s31 = start(o + 3 * rowBytes + half, resume)
        var s40 = start(o + 4 * rowBytes, resume), s41 = start(o + 4 * rowBytes + half, resume)
        let a0 = a.row(i), a1 = a.row(i + 1), a2 = a.row(i + 2), a3 = a.row(i + 3), a4 = a.row(i + 4)
        var bRow = UnsafeRawPointer(b + block.lowerBound * columns + j)
        var offset = block.lowerBound * a.innerStride
        for _ in block {
            let left = bRow.loadUnaligned(as: Lane.self), right = (bRow + half).loadUnaligned(as: Lane.self)
            var factor = Lane(repeating: a0[offset])
            s00 += factor * left
            s01 += factor * right
            factor = Lane(repeating: a1[offset])
            s10 += factor * left
            s11 += factor * right
            factor = Lane(repeating: a2[offset])
            s20 += factor * left
            s21 += factor * right
            factor = Lane(repeating: a3[offset])
            s30 += factor * left
            s31 += factor * right
            factor = Lane(repeating: a4[offset])
            s40 += factor * left
            s41 += factor * right
            bRow += rowBytes
            offset += a.innerStride
        }
        var target = o
        @inline(__always) func storeRow(_ left: Lane, _ right: Lane) {
            target.storeBytes(of: left, as: Lane.self)
            (target + half).storeBytes(of: right, as: Lane.self)
            target += rowBytes
        }
        storeRow(s00, s01)
        storeRow(s10, s11)
        storeRow(s20, s21)
        storeRow(s30, s31)
        storeRow(s40, s41)
    }

    /// Four rows by eight columns at `(i, j)`.
    @inline(__always)
    private static func tile(_ i: Int, _ j: Int, _ block: Range<Int>, _ a: Left, _ b: UnsafePointer<Float>,
                             _ out: UnsafeMutablePointer<Float>, columns: Int, resume: Bool) {
        let rowBytes = columns * MemoryLayout<Float>.stride
        let o = UnsafeMutableRawPointer(out + i * columns + j)
        var s0 = start(o, resume), s1 = start(o + rowBytes, resume)
        var s2 = start(o + 2 * rowBytes, resume), s3 = start(o + 3 * rowBytes, resume)
        let a0 = a.row(i), a1 = a.row(i + 1), a2 = a.row(i + 2), a3 = a.row(i + 3)
        var bRow = UnsafeRawPointer(b + block.lowerBound * columns + j)
        var offset = block.lowerBound * a.innerStride
        for _ in block {
            let lane = bRow.loadUnaligned(as: Lane.self)
            s0 += Lane(repeating: a0[offset]) * lane
            s1 += Lane(repeating: a1[offset]) * lane
            s2 += Lane(repeating: a2[offset]) * lane
            s3 += Lane(repeating: a3[offset]) * lane
            bRow += rowBytes
            offset += a.innerStride
        }
        o.storeBytes(of: s0, as: Lane.self)
        (o + rowBytes).storeBytes(of: s1, as: Lane.self)
        (o + 2 * rowBytes).storeBytes(of: s2, as: Lane.self)
        (o + 3 * rowBytes).storeBytes(of: s3, as: Lane.self)
    }

    /// One row by eight columns at `(i, j)`: the rows left over below the last full tile.
    @inline(__always)
    private static func row(_ i: Int, _ j: Int, _ block: Range<Int>, _ a: Left, _ b: UnsafePointer<Float>,
                            _ out: UnsafeMutablePointer<Float>, columns: Int, resume: Bool) {
        let o = UnsafeMutableRawPointer(out + i * columns + j)
        var sum = start(o, resume)
        let aRow = a.row(i)
        var bRow = UnsafeRawPointer(b + block.lowerBound * columns + j)
        let bStride = columns * MemoryLayout<Float>.stride
        var offset = block.lowerBound * a.innerStride
        for _ in block {
            sum += Lane(repeating: aRow[offset]) * bRow.loadUnaligned(as: Lane.self)
            bRow += bStride
            offset += a.innerStride
        }
        o.storeBytes(of: sum, as: Lane.self)
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
