import Int8Inference

/// One operator's C: its parameters, computed here with the same Swift code the interpreter
/// runs (so the C needs no floating point for them), and its kernel call.
extension CModelWriter {
    mutating func emit(_ op: GraphOperator, at position: Int) throws(CExportError) {
        let name = "mote_op\(position)"
        let results = op.outputs.map { "\"\(CLiteral.comment(graph.tensors[$0].name))\" \(graph.tensors[$0].shape)" }
        declare("\n/* ---- operator \(position): \(op.kind.name) -> \(results.joined(separator: ", ")) ---- */")
        switch op.kind {
        case .conv2D(let options):
            let (input, filter, output) = try convolutionOperands(op, at: position)
            let depth = input.tensor.shape[3], filterDepth = filter.tensor.shape[3], outDepth = filter.tensor.shape[0]
            guard filterDepth > 0, depth % filterDepth == 0, outDepth % (depth / filterDepth) == 0 else {
                throw .unsupported("operator \(position): filter depth \(filterDepth) does not divide input depth \(depth) into groups")
            }
            let (q, window) = try requantizationAndWindow(input: input.tensor, filter: filter.tensor, output: output.tensor, channels: outDepth,
                                                          activation: options.activation, padding: options.padding,
                                                          strides: (options.strideHeight, options.strideWidth),
                                                          dilations: (options.dilationHeight, options.dilationWidth), at: position)
            let folded = foldedBias(op, filter: filter.tensor, layout: .outputMajor, outputDepth: outDepth,
                                    inputOffset: q.inputOffset, name: name)
            try declareConvolution(name, window: window, filterDepth: filterDepth, depthMultiplier: 1, outputDepth: outDepth,
                                   q: q, foldedBias: folded, output: output.tensor, at: position)
            call("mote_conv_2d(&\(name), \(try pointer(input.index)), \(try pointer(filter.index)), \(try optionalPointer(op, 2)), \(try arenaPointer(output.index)))",
                 at: position, name: op.kind.name)
        case .depthwiseConv2D(let options):
            let (input, filter, output) = try convolutionOperands(op, at: position)
            let depth = input.tensor.shape[3], outDepth = filter.tensor.shape[3]
            guard depth > 0, outDepth % depth == 0 else {
                throw .unsupported("operator \(position): \(outDepth) output channels are not a multiple of \(depth) input channels")
            }
            let (q, window) = try requantizationAndWindow(input: input.tensor, filter: filter.tensor, output: output.tensor, channels: outDepth,
                                                          activation: options.activation, padding: options.padding,
                                                          strides: (options.strideHeight, options.strideWidth),
                                                          dilations: (options.dilationHeight, options.dilationWidth), at: position)
            let folded = foldedBias(op, filter: filter.tensor, layout: .channelInterleaved, outputDepth: outDepth,
                                    inputOffset: q.inputOffset, name: name)
            try declareConvolution(name, window: window, filterDepth: 1, depthMultiplier: outDepth / depth, outputDepth: outDepth,
                                   q: q, foldedBias: folded, output: output.tensor, at: position)
            call("mote_depthwise_conv_2d(&\(name), \(try pointer(input.index)), \(try pointer(filter.index)), \(try optionalPointer(op, 2)), \(try arenaPointer(output.index)))",
                 at: position, name: op.kind.name)
        case .fullyConnected(let options):
            try emitFullyConnected(op, options: options, name: name, at: position)
        case .averagePool2D(let options), .maxPool2D(let options):
            let input = try inputTensor(op, 0, at: position), output = try outputTensor(op, at: position)
            try require(input.tensor, is: .int8, at: position)
            try requireRank4(input.tensor, at: position)
            let outputQ = try quantization(output.tensor, at: position)
            let window = ConvolutionWindow(input: input.tensor.shape, filterHeight: options.filterHeight, filterWidth: options.filterWidth,
                                           padding: options.padding, strides: (options.strideHeight, options.strideWidth), dilations: (1, 1))
            try checkShape(output.tensor, [window.batches, window.rows.outputSize, window.columns.outputSize, window.depth], at: position)
            let range = ActivationRange.int8(options.activation, scale: outputQ.scale, zeroPoint: outputQ.zeroPoint)
            declare("""
                static const mote_pool_params_t \(name) = {
                    .batches = \(window.batches), .input_height = \(window.height), .input_width = \(window.width), .depth = \(window.depth),
                    .filter_height = \(options.filterHeight), .filter_width = \(options.filterWidth),
                    .stride_height = \(options.strideHeight), .stride_width = \(options.strideWidth),
                    .output_height = \(window.rows.outputSize), .output_width = \(window.columns.outputSize),
                    .padding_height = \(window.rows.padding), .padding_width = \(window.columns.padding),
                    .activation_min = \(CLiteral.int(range.minimum)), .activation_max = \(CLiteral.int(range.maximum))
                };
                """)
            let kernel: String
            switch op.kind {
            case .averagePool2D: kernel = "mote_average_pool_2d"
            case .maxPool2D: kernel = "mote_max_pool_2d"
            case .conv2D, .depthwiseConv2D, .fullyConnected, .mean, .add, .reshape, .softmax, .logistic, .tanh, .quantize, .dequantize:
                throw .invalidGraph("operator \(position): not a pooling operator")
            }
            call("\(kernel)(&\(name), \(try pointer(input.index)), \(try arenaPointer(output.index)))", at: position, name: op.kind.name, checked: true)
        case .mean:
            try emitMean(op, name: name, at: position)
        case .add(let options):
            try emitAdd(op, activation: options.activation, name: name, at: position)
        case .reshape:
            let input = try inputTensor(op, 0, at: position), output = try outputTensor(op, at: position)
            guard input.tensor.elementCount == output.tensor.elementCount, input.tensor.elementType == output.tensor.elementType else {
                throw .invalidGraph("operator \(position): \(input.tensor.elementCount) values do not fill shape \(output.tensor.shape)")
            }
            let bytes = input.tensor.elementCount * input.tensor.elementType.byteSize
            call("mote_copy_bytes(\(try pointer(input.index)), \(try arenaPointer(output.index)), \(bytes))", at: position, name: op.kind.name)
        case .softmax(let options):
            let input = try inputTensor(op, 0, at: position), output = try outputTensor(op, at: position)
            try require(input.tensor, is: .int8, at: position)
            let outputQ = try quantization(output.tensor, at: position)
            guard outputQ.zeroPoint == -128, outputQ.scale == 1.0 / 256 else {
                throw .unsupported("operator \(position): int8 softmax needs output scale 1/256 and zero point -128")
            }
            let p = SoftmaxParameters(beta: options.beta, inputScale: try quantization(input.tensor, at: position).scale)
            let depth = input.tensor.shape.last ?? 1
            let rows = depth > 0 ? input.tensor.elementCount / depth : 0
            declare("static const mote_softmax_params_t \(name) = { \(rows), \(depth), \(CLiteral.int(p.inputMultiplier)), \(p.inputLeftShift), \(CLiteral.int(p.diffMin)) };")
            call("mote_softmax(&\(name), \(try pointer(input.index)), \(try arenaPointer(output.index)))", at: position, name: op.kind.name)
        case .logistic, .tanh:
            let input = try inputTensor(op, 0, at: position), output = try outputTensor(op, at: position)
            try require(input.tensor, is: .int8, at: position)
            let inputQ = try quantization(input.tensor, at: position)
            let kernel: String
            switch op.kind {
            case .logistic:
                guard try quantization(output.tensor, at: position).zeroPoint == -128 else {
                    throw .unsupported("operator \(position): int8 logistic needs output zero point -128")
                }
                kernel = "mote_logistic"
            case .tanh: kernel = "mote_tanh"
            case .conv2D, .depthwiseConv2D, .fullyConnected, .averagePool2D, .maxPool2D, .mean, .add, .reshape, .softmax, .quantize, .dequantize:
                throw .invalidGraph("operator \(position): not a sigmoid operator")
            }
            let p = SigmoidParameters(inputScale: inputQ.scale, inputZeroPoint: inputQ.zeroPoint)
            declare("static const mote_sigmoid_params_t \(name) = { \(input.tensor.elementCount), \(CLiteral.int(p.inputZeroPoint)), \(CLiteral.int(p.inputMultiplier)), \(p.inputLeftShift), \(CLiteral.int(p.inputRangeRadius)) };")
            call("\(kernel)(&\(name), \(try pointer(input.index)), \(try arenaPointer(output.index)))", at: position, name: op.kind.name)
        case .quantize:
            let input = try inputTensor(op, 0, at: position), output = try outputTensor(op, at: position)
            guard input.tensor.elementType == .float32, output.tensor.elementType == .int8 else {
                throw .unsupported("operator \(position): only float32 → int8 QUANTIZE is implemented")
            }
            let q = try quantization(output.tensor, at: position)
            declare("static const mote_affine_params_t \(name) = { \(input.tensor.elementCount), \(try CLiteral.float(q.scale)), \(CLiteral.int(q.zeroPoint)) };")
            call("mote_quantize(&\(name), \(try pointer(input.index)), \(try arenaPointer(output.index)))", at: position, name: op.kind.name)
        case .dequantize:
            let input = try inputTensor(op, 0, at: position), output = try outputTensor(op, at: position)
            try require(input.tensor, is: .int8, at: position)
            try require(output.tensor, is: .float32, at: position)
            let q = try quantization(input.tensor, at: position)
            declare("static const mote_affine_params_t \(name) = { \(input.tensor.elementCount), \(try CLiteral.float(q.scale)), \(CLiteral.int(q.zeroPoint)) };")
            call("mote_dequantize(&\(name), \(try pointer(input.index)), \(try arenaPointer(output.index)))", at: position, name: op.kind.name)
        }
    }

    /// A convolution's per-channel requantization and its window over the input, alike for
    /// CONV_2D and DEPTHWISE_CONV_2D.
    private func requantizationAndWindow(input: GraphTensor, filter: GraphTensor, output: GraphTensor, channels: Int,
                                         activation: FusedActivation, padding: Padding, strides: (Int, Int),
                                         dilations: (Int, Int), at position: Int) throws(CExportError)
        -> (Requantization, ConvolutionWindow) {
        let q = Requantization.perChannel(input: try quantization(input, at: position),
                                          filterScales: try quantization(filter, at: position).scales,
                                          output: try quantization(output, at: position), channels: channels, activation: activation)
        let window = ConvolutionWindow(input: input.shape, filterHeight: filter.shape[1], filterWidth: filter.shape[2],
                                       padding: padding, strides: strides, dilations: dilations)
        return (q, window)
    }

    private func convolutionOperands(_ op: GraphOperator, at position: Int) throws(CExportError)
        -> (input: (index: Int, tensor: GraphTensor), filter: (index: Int, tensor: GraphTensor), output: (index: Int, tensor: GraphTensor)) {
        let input = try inputTensor(op, 0, at: position), filter = try inputTensor(op, 1, at: position)
        let output = try outputTensor(op, at: position)
        try require(input.tensor, is: .int8, at: position)
        try require(filter.tensor, is: .int8, at: position)
        try requireRank4(input.tensor, at: position)
        try requireRank4(filter.tensor, at: position)
        if op.inputs.count > 2, let bias = op.inputs[2] { try require(graph.tensors[bias], is: .int32, at: position) }
        return (input, filter, output)
    }

    func checkShape(_ tensor: GraphTensor, _ shape: [Int], at position: Int) throws(CExportError) {
        guard tensor.shape == shape else {
            throw .invalidGraph("operator \(position): computes shape \(shape) but \"\(tensor.name)\" declares \(tensor.shape)")
        }
    }

    /// The multiplier and shift arrays of a requantization and its C initializer.
    mutating func requantization(_ q: Requantization, name: String) -> String {
        declare("static const int32_t \(name)_multipliers[\(q.multipliers.count)] = {\(CLiteral.elements(q.multipliers.map { CLiteral.int($0.multiplier) }))};")
        declare("static const int32_t \(name)_shifts[\(q.multipliers.count)] = {\(CLiteral.elements(q.multipliers.map { CLiteral.int($0.shift) }))};")
        return "{ .input_offset = \(CLiteral.int(q.inputOffset)), .output_offset = \(CLiteral.int(q.outputOffset)), "
            + ".multiplier_count = \(q.multipliers.count), .multipliers = \(name)_multipliers, .shifts = \(name)_shifts, "
            + ".activation_min = \(CLiteral.int(q.range.minimum)), .activation_max = \(CLiteral.int(q.range.maximum)) }"
    }

    private mutating func declareConvolution(_ name: String, window: ConvolutionWindow, filterDepth: Int, depthMultiplier: Int,
                                             outputDepth: Int, q: Requantization, foldedBias: String, output: GraphTensor,
                                             at position: Int) throws(CExportError) {
        try checkShape(output, [window.batches, window.rows.outputSize, window.columns.outputSize, outputDepth], at: position)
        let requantization = requantization(q, name: name)
        declare("""
            static const mote_conv_params_t \(name) = {
                .batches = \(window.batches), .input_height = \(window.height), .input_width = \(window.width), .input_depth = \(window.depth),
                .filter_height = \(window.filterHeight), .filter_width = \(window.filterWidth),
                .filter_depth = \(filterDepth), .depth_multiplier = \(depthMultiplier),
                .output_height = \(window.rows.outputSize), .output_width = \(window.columns.outputSize), .output_depth = \(outputDepth),
                .stride_height = \(window.strideHeight), .stride_width = \(window.strideWidth),
                .dilation_height = \(window.dilationHeight), .dilation_width = \(window.dilationWidth),
                .padding_height = \(window.rows.padding), .padding_width = \(window.columns.padding),
                .requantization = \(requantization),
                .folded_bias = \(foldedBias)
            };
            """)
    }
}
