extension ReferenceKernels {
    /// AVERAGE_POOL_2D and MAX_POOL_2D over int8: windows clipped to the image (padding cells are
    /// not counted). The average rounds half away from zero: `(sum ± n/2) / n`, truncating.
    /// Returns nil when a window holds no input cell (TensorFlow Lite Micro fails the op then).
    public static func pool2D(average: Bool, input: [Int8], inputShape: [Int], options: Pool2DOptions,
                              range: ActivationRange) -> (values: [Int8], shape: [Int])? {
        let (batches, height, width, depth) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let rows = Window(options.padding, input: height, filter: options.filterHeight, stride: options.strideHeight)
        let columns = Window(options.padding, input: width, filter: options.filterWidth, stride: options.strideWidth)
        var output = [Int8](repeating: 0, count: batches * rows.outputSize * columns.outputSize * depth)
        var index = 0
        for batch in 0..<batches {
            for outY in 0..<rows.outputSize {
                let originY = outY * options.strideHeight - rows.padding
                let startY = max(0, -originY), endY = min(options.filterHeight, height - originY)
                for outX in 0..<columns.outputSize {
                    let originX = outX * options.strideWidth - columns.padding
                    let startX = max(0, -originX), endX = min(options.filterWidth, width - originX)
                    for channel in 0..<depth {
                        var sum: Int32 = 0
                        var maximum: Int32 = -128
                        var count: Int32 = 0
                        for filterY in max(startY, 0)..<max(endY, startY) {
                            for filterX in max(startX, 0)..<max(endX, startX) {
                                let value = Int32(input[((batch * height + originY + filterY) * width + originX + filterX) * depth + channel])
                                sum += value
                                maximum = max(maximum, value)
                                count += 1
                            }
                        }
                        guard count > 0 else { return nil }
                        let result = average ? (sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count) : maximum
                        output[index] = Int8(range.clamp(result))
                        index += 1
                    }
                }
            }
        }
        return (output, [batches, rows.outputSize, columns.outputSize, depth])
    }
}
