extension ReferenceKernels {
    /// CONV_2D (`ConvPerChannel`): taps outside the image are skipped (zeros in the real domain);
    /// `acc = Σ w * (x + inputOffset) + bias`, rescaled per output channel, offset, clamped.
    /// Grouped convolution follows from the filter's input depth dividing the input's.
    public static func conv2D(input: [Int8], inputShape: [Int], filter: [Int8], filterShape: [Int], bias: [Int32]?,
                              options: Conv2DOptions, requantization q: Requantization) -> (values: [Int8], shape: [Int]) {
        let (batches, height, width, depth) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let (outDepth, filterHeight, filterWidth, filterDepth) = (filterShape[0], filterShape[1], filterShape[2], filterShape[3])
        let rows = Window(options.padding, input: height, filter: filterHeight, stride: options.strideHeight, dilation: options.dilationHeight)
        let columns = Window(options.padding, input: width, filter: filterWidth, stride: options.strideWidth, dilation: options.dilationWidth)
        let groups = depth / filterDepth
        let filtersPerGroup = outDepth / groups
        var output = [Int8](repeating: 0, count: batches * rows.outputSize * columns.outputSize * outDepth)
        var index = 0
        for batch in 0..<batches {
            for outY in 0..<rows.outputSize {
                let originY = outY * options.strideHeight - rows.padding
                for outX in 0..<columns.outputSize {
                    let originX = outX * options.strideWidth - columns.padding
                    for outChannel in 0..<outDepth {
                        let group = outChannel / filtersPerGroup
                        var acc: Int32 = 0
                        for filterY in 0..<filterHeight {
                            let y = originY + options.dilationHeight * filterY
                            guard y >= 0, y < height else { continue }
                            for filterX in 0..<filterWidth {
                                let x = originX + options.dilationWidth * filterX
                                guard x >= 0, x < width else { continue }
                                let inputBase = ((batch * height + y) * width + x) * depth + group * filterDepth
                                let filterBase = ((outChannel * filterHeight + filterY) * filterWidth + filterX) * filterDepth
                                for channel in 0..<filterDepth {
                                    acc &+= Int32(filter[filterBase + channel]) * (Int32(input[inputBase + channel]) + q.inputOffset)
                                }
                            }
                        }
                        if let bias { acc &+= bias[outChannel] }
                        output[index] = q.output(acc, channel: outChannel)
                        index += 1
                    }
                }
            }
        }
        return (output, [batches, rows.outputSize, columns.outputSize, outDepth])
    }

    /// DEPTHWISE_CONV_2D (`DepthwiseConvPerChannel`): output channel `c * multiplier + m` sees only
    /// input channel `c`; otherwise as CONV_2D.
    public static func depthwiseConv2D(input: [Int8], inputShape: [Int], filter: [Int8], filterShape: [Int], bias: [Int32]?,
                                       options: DepthwiseConv2DOptions, requantization q: Requantization) -> (values: [Int8], shape: [Int]) {
        let (batches, height, width, depth) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let (filterHeight, filterWidth, outDepth) = (filterShape[1], filterShape[2], filterShape[3])
        let multiplier = outDepth / depth
        let rows = Window(options.padding, input: height, filter: filterHeight, stride: options.strideHeight, dilation: options.dilationHeight)
        let columns = Window(options.padding, input: width, filter: filterWidth, stride: options.strideWidth, dilation: options.dilationWidth)
        var output = [Int8](repeating: 0, count: batches * rows.outputSize * columns.outputSize * outDepth)
        for batch in 0..<batches {
            for outY in 0..<rows.outputSize {
                let originY = outY * options.strideHeight - rows.padding
                for outX in 0..<columns.outputSize {
                    let originX = outX * options.strideWidth - columns.padding
                    for inChannel in 0..<depth {
                        for m in 0..<multiplier {
                            let outChannel = inChannel * multiplier + m
                            var acc: Int32 = 0
                            for filterY in 0..<filterHeight {
                                let y = originY + options.dilationHeight * filterY
                                guard y >= 0, y < height else { continue }
                                for filterX in 0..<filterWidth {
                                    let x = originX + options.dilationWidth * filterX
                                    guard x >= 0, x < width else { continue }
                                    let inputValue = Int32(input[((batch * height + y) * width + x) * depth + inChannel])
                                    let filterValue = Int32(filter[(filterY * filterWidth + filterX) * outDepth + outChannel])
                                    acc &+= filterValue * (inputValue + q.inputOffset)
                                }
                            }
                            if let bias { acc &+= bias[outChannel] }
                            output[((batch * rows.outputSize + outY) * columns.outputSize + outX) * outDepth + outChannel] =
                                q.output(acc, channel: outChannel)
                        }
                    }
                }
            }
        }
        return (output, [batches, rows.outputSize, columns.outputSize, outDepth])
    }

    /// FULLY_CONNECTED (`FullyConnected` / `FullyConnectedPerChannel`): every row of `accumDepth`
    /// inputs against every filter row; `acc = Σ (w + filterOffset) * (x + inputOffset) + bias`.
    public static func fullyConnected(input: [Int8], filter: [Int8], filterShape: [Int], bias: [Int32]?,
                                      filterOffset: Int32 = 0, requantization q: Requantization) -> [Int8] {
        let outDepth = filterShape[0]
        let accumDepth = filterShape[filterShape.count - 1]
        let batches = accumDepth > 0 ? input.count / accumDepth : 0
        var output = [Int8](repeating: 0, count: batches * outDepth)
        for batch in 0..<batches {
            for outChannel in 0..<outDepth {
                var acc: Int32 = 0
                for d in 0..<accumDepth {
                    acc &+= (Int32(filter[outChannel * accumDepth + d]) + filterOffset) * (Int32(input[batch * accumDepth + d]) + q.inputOffset)
                }
                if let bias { acc &+= bias[outChannel] }
                output[batch * outDepth + outChannel] = q.output(acc, channel: outChannel)
            }
        }
        return output
    }

    /// Float FULLY_CONNECTED: the products are summed in order in float32, then bias, then the clamp.
    public static func fullyConnectedFloat(input: [Float], filter: [Float], filterShape: [Int], bias: [Float]?,
                                           activation: FusedActivation) -> [Float] {
        let outDepth = filterShape[0]
        let accumDepth = filterShape[filterShape.count - 1]
        let batches = accumDepth > 0 ? input.count / accumDepth : 0
        let (low, high) = ActivationRange.float(activation)
        var output = [Float](repeating: 0, count: batches * outDepth)
        for batch in 0..<batches {
            for outChannel in 0..<outDepth {
                var total: Float = 0
                for d in 0..<accumDepth {
                    let product = input[batch * accumDepth + d] * filter[outChannel * accumDepth + d]
                    total += product
                }
                let biased = total + (bias?[outChannel] ?? 0)
                output[batch * outDepth + outChannel] = min(max(biased, low), high)
            }
        }
        return output
    }
}
