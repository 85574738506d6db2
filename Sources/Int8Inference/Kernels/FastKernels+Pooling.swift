/// AVERAGE_POOL_2D and MAX_POOL_2D on the fast path for one input shape: ``ReferenceKernels``'
/// `pool2D` eight channels at a time (sums and maxima in vector lanes, the rounding division
/// lane by lane).
struct FastPool: Sendable, Hashable {
    let average: Bool
    let inputShape: [Int]
    let options: Pool2DOptions
    let rows: Window
    let columns: Window
    let range: ActivationRange

    /// The output `[batches, outHeight, outWidth, depth]`.
    var outputShape: [Int] { [inputShape[0], rows.outputSize, columns.outputSize, inputShape[3]] }

    /// Prepares the op, or nil when a window holds no input cell (the reference reports that).
    init?(average: Bool, inputShape: [Int], options: Pool2DOptions, range: ActivationRange) {
        guard inputShape.count == 4, options.strideHeight > 0, options.strideWidth > 0,
              range.minimum >= -128, range.maximum <= 127, range.minimum <= range.maximum else { return nil }
        let rows = Window(options.padding, input: inputShape[1], filter: options.filterHeight, stride: options.strideHeight)
        let columns = Window(options.padding, input: inputShape[2], filter: options.filterWidth, stride: options.strideWidth)
        func covers(_ window: Window, input: Int, filter: Int, stride: Int) -> Bool {
            (0..<window.outputSize).allSatisfy { out in
                let origin = out * stride - window.padding
                return min(filter, input - origin) > max(0, -origin)
            }
        }
        guard covers(rows, input: inputShape[1], filter: options.filterHeight, stride: options.strideHeight),
              covers(columns, input: inputShape[2], filter: options.filterWidth, stride: options.strideWidth) else { return nil }
        self.average = average
        self.inputShape = inputShape
        self.options = options
        self.rows = rows
        self.columns = columns
        self.range = range
    }

    /// The pooled values of `input` (of `inputShape`).
    func run(_ input: [Int8]) -> [Int8] {
        FastKernels.array(count: outputShape.reduce(1, *)) { out in input.withUnsafeBufferPointer { run($0.baseAddress!, into: out) } }
    }

    /// The pooled values of the `inputShape` values at `x`, written to `out`.
    func run(_ x: UnsafePointer<Int8>, into out: UnsafeMutablePointer<Int8>) {
        let (batches, height, width, depth) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        var o = out
        for batch in 0..<batches {
            for outY in 0..<rows.outputSize {
                let originY = outY * options.strideHeight - rows.padding
                let (startY, endY) = (max(0, -originY), min(options.filterHeight, height - originY))
                for outX in 0..<columns.outputSize {
                    let originX = outX * options.strideWidth - columns.padding
                    let (startX, endX) = (max(0, -originX), min(options.filterWidth, width - originX))
                    let cells = Int32((endY - startY) * (endX - startX))
                    let corner = x + ((batch * height + originY) * width + originX) * depth
                    var channel = 0
                    while channel + 8 <= depth {
                        var sum = FastKernels.Lane(), maximum = FastKernels.Lane(repeating: -128)
                        for filterY in startY..<endY {
                            for filterX in startX..<endX {
                                let cell = UnsafeRawPointer(corner + (filterY * width + filterX) * depth + channel)
                                let value = FastKernels.widen(cell.loadUnaligned(as: SIMD8<Int8>.self))
                                sum &+= value
                                for i in 0..<8 { maximum[i] = Swift.max(maximum[i], value[i]) }
                            }
                        }
                        for i in 0..<8 { o[channel + i] = result(sum: sum[i], maximum: maximum[i], cells: cells) }
                        channel += 8
                    }
                    while channel < depth {
                        var sum: Int32 = 0, maximum: Int32 = -128
                        for filterY in startY..<endY {
                            for filterX in startX..<endX {
                                let value = Int32(corner[(filterY * width + filterX) * depth + channel])
                                sum &+= value
                                maximum = Swift.max(maximum, value)
                            }
                        }
                        o[channel] = result(sum: sum, maximum: maximum, cells: cells)
                        channel += 1
                    }
                    o += depth
                }
            }
        }
    }

    /// The reference's rounding average (half away from zero) or the maximum, clamped.
    @inline(__always)
    private func result(sum: Int32, maximum: Int32, cells: Int32) -> Int8 {
        let value = average ? (sum > 0 ? (sum + cells / 2) / cells : (sum - cells / 2) / cells) : maximum
        return Int8(truncatingIfNeeded: Swift.min(range.maximum, Swift.max(range.minimum, value)))
    }
}
