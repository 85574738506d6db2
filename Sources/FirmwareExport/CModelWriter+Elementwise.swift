import Int8Inference

/// FULLY_CONNECTED, ADD and MEAN: the operators whose parameters depend on more than a window.
extension CModelWriter {
    mutating func emitFullyConnected(_ op: GraphOperator, options: FullyConnectedOptions, name: String, at position: Int) throws(CExportError) {
        let input = try inputTensor(op, 0, at: position), filter = try inputTensor(op, 1, at: position)
        let output = try outputTensor(op, at: position)
        guard filter.tensor.shape.count == 2 else {
            throw .invalidGraph("operator \(position): filter shape \(filter.tensor.shape) is not [out, in]")
        }
        let outDepth = filter.tensor.shape[0], accumDepth = filter.tensor.shape[1]
        let batches = accumDepth > 0 ? input.tensor.elementCount / accumDepth : 0
        guard batches * outDepth == output.tensor.elementCount else {
            throw .invalidGraph("operator \(position): computes \(batches * outDepth) values but \"\(output.tensor.name)\" holds \(output.tensor.elementCount)")
        }
        switch input.tensor.elementType {
        case .float32:
            try require(filter.tensor, is: .float32, at: position)
            try require(output.tensor, is: .float32, at: position)
            if op.inputs.count > 2, let bias = op.inputs[2] { try require(graph.tensors[bias], is: .float32, at: position) }
            let (low, high) = ActivationRange.float(options.activation)
            declare("static const mote_fully_connected_float_params_t \(name) = { \(batches), \(outDepth), \(accumDepth), \(try CLiteral.float(low)), \(try CLiteral.float(high)) };")
            call("mote_fully_connected_float(&\(name), \(try pointer(input.index)), \(try pointer(filter.index)), \(try optionalPointer(op, 2)), \(try arenaPointer(output.index)))",
                 at: position, name: op.kind.name)
        case .int8:
            try require(filter.tensor, is: .int8, at: position)
            if op.inputs.count > 2, let bias = op.inputs[2] { try require(graph.tensors[bias], is: .int32, at: position) }
            let filterQ = try quantization(filter.tensor, at: position)
            let inputQ = try quantization(input.tensor, at: position), outputQ = try quantization(output.tensor, at: position)
            let q = filterQ.isPerTensor
                ? Requantization.perTensorFullyConnected(input: inputQ, filterScale: filterQ.scale, output: outputQ, activation: options.activation)
                : Requantization.perChannel(input: inputQ, filterScales: filterQ.scales, output: outputQ, channels: outDepth,
                                            activation: options.activation)
            let requantization = requantization(q, name: name)
            declare("""
                static const mote_fully_connected_params_t \(name) = {
                    .batches = \(batches), .output_depth = \(outDepth), .accum_depth = \(accumDepth),
                    .filter_offset = \(CLiteral.int(0 &- filterQ.zeroPoint)),
                    .requantization = \(requantization)
                };
                """)
            call("mote_fully_connected(&\(name), \(try pointer(input.index)), \(try pointer(filter.index)), \(try optionalPointer(op, 2)), \(try arenaPointer(output.index)))",
                 at: position, name: op.kind.name)
        case .int32:
            throw .unsupported("operator \(position): FULLY_CONNECTED on an int32 input")
        }
    }

    mutating func emitAdd(_ op: GraphOperator, activation: FusedActivation, name: String, at position: Int) throws(CExportError) {
        let a = try inputTensor(op, 0, at: position), b = try inputTensor(op, 1, at: position)
        let output = try outputTensor(op, at: position)
        for tensor in [a.tensor, b.tensor, output.tensor] { try require(tensor, is: .int8, at: position) }
        let p = AddParameters(input1: try quantization(a.tensor, at: position), input2: try quantization(b.tensor, at: position),
                              output: try quantization(output.tensor, at: position), activation: activation)
        // Same-sized inputs add element by element (as the interpreter does); others broadcast.
        var broadcast = false
        var shape: [Int] = [], stridesA: [Int] = [], stridesB: [Int] = []
        if a.tensor.elementCount != b.tensor.elementCount {
            broadcast = true
            let rank = max(a.tensor.shape.count, b.tensor.shape.count)
            guard rank <= CModelExport.maxRank else { throw .unsupported("operator \(position): ADD of rank \(rank) (at most \(CModelExport.maxRank))") }
            let paddedA = Array(repeating: 1, count: rank - a.tensor.shape.count) + a.tensor.shape
            let paddedB = Array(repeating: 1, count: rank - b.tensor.shape.count) + b.tensor.shape
            for (m, n) in zip(paddedA, paddedB) {
                guard m == n || m == 1 || n == 1 else {
                    throw .invalidGraph("operator \(position): shapes \(a.tensor.shape) and \(b.tensor.shape) do not broadcast")
                }
                shape.append(max(m, n))
            }
            stridesA = Self.broadcastStrides(paddedA)
            stridesB = Self.broadcastStrides(paddedB)
        }
        let count = broadcast ? shape.reduce(1, *) : a.tensor.elementCount
        guard count == output.tensor.elementCount else {
            throw .invalidGraph("operator \(position): computes \(count) values but \"\(output.tensor.name)\" holds \(output.tensor.elementCount)")
        }
        declare("""
            static const mote_add_params_t \(name) = {
                .input1_offset = \(CLiteral.int(p.input1Offset)), .input2_offset = \(CLiteral.int(p.input2Offset)),
                .output_offset = \(CLiteral.int(p.outputOffset)), .left_shift = \(p.leftShift),
                .input1_multiplier = \(CLiteral.int(p.input1.multiplier)), .input1_shift = \(p.input1.shift),
                .input2_multiplier = \(CLiteral.int(p.input2.multiplier)), .input2_shift = \(p.input2.shift),
                .output_multiplier = \(CLiteral.int(p.output.multiplier)), .output_shift = \(p.output.shift),
                .activation_min = \(CLiteral.int(p.range.minimum)), .activation_max = \(CLiteral.int(p.range.maximum)),
                .count = \(count), .broadcast = \(broadcast ? 1 : 0), .rank = \(shape.count),
                .output_shape = \(CLiteral.rankList(shape)),
                .input1_strides = \(CLiteral.rankList(stridesA)), .input2_strides = \(CLiteral.rankList(stridesB))
            };
            """)
        call("mote_add(&\(name), \(try pointer(a.index)), \(try pointer(b.index)), \(try arenaPointer(output.index)))", at: position, name: op.kind.name)
    }

    /// Row-major strides with 0 along size-1 dimensions, which stretch.
    static func broadcastStrides(_ dims: [Int]) -> [Int] {
        var result = Array(repeating: 0, count: dims.count)
        var step = 1
        for axis in stride(from: dims.count - 1, through: 0, by: -1) {
            result[axis] = dims[axis] == 1 ? 0 : step
            step *= dims[axis]
        }
        return result
    }

    /// MEAN's values and their order do not depend on `keepDims` (kept size-1 axes change only the shape).
    mutating func emitMean(_ op: GraphOperator, name: String, at position: Int) throws(CExportError) {
        let input = try inputTensor(op, 0, at: position), axesTensor = try inputTensor(op, 1, at: position)
        let output = try outputTensor(op, at: position)
        try require(input.tensor, is: .int8, at: position)
        guard let axes = axesTensor.tensor.data?.int32Values else {
            throw .unsupported("operator \(position): MEAN needs constant int32 axes")
        }
        let shape = input.tensor.shape
        guard shape.count <= CModelExport.maxRank else { throw .unsupported("operator \(position): MEAN of rank \(shape.count)") }
        var reduced = Set<Int>()
        for axis in axes.map(Int.init) {
            let resolved = axis < 0 ? axis + shape.count : axis
            guard resolved >= 0, resolved < shape.count else {
                throw .invalidGraph("operator \(position): axis \(axis) does not fit shape \(shape)")
            }
            reduced.insert(resolved)
        }
        let strides = (0..<shape.count).map { axis in shape[(axis + 1)...].reduce(1, *) }
        let kept = shape.indices.filter { !reduced.contains($0) }
        let folded = shape.indices.filter { reduced.contains($0) }
        let outputCount = kept.map { shape[$0] }.reduce(1, *)
        guard outputCount == output.tensor.elementCount else {
            throw .invalidGraph("operator \(position): computes \(outputCount) values but \"\(output.tensor.name)\" holds \(output.tensor.elementCount)")
        }
        let p = MeanParameters(input: try quantization(input.tensor, at: position), output: try quantization(output.tensor, at: position))
        let count = folded.map { shape[$0] }.reduce(1, *)
        // The count folded into the multiplier, as ReferenceKernels.mean does: (M << k) / n.
        var multiplier: Int32 = 0, shift = 0
        if count > 0 {
            var k = Int64(count).bitWidth - 1 - Int64(count).leadingZeroBitCount
            k = min(k, 32, 31 + p.multiplier.shift)
            multiplier = Int32(truncatingIfNeeded: (Int64(p.multiplier.multiplier) << k) / Int64(count))
            shift = p.multiplier.shift - k
        }
        declare("""
            static const mote_mean_params_t \(name) = {
                .kept_rank = \(kept.count), .kept_sizes = \(CLiteral.rankList(kept.map { shape[$0] })),
                .kept_strides = \(CLiteral.rankList(kept.map { strides[$0] })),
                .reduced_rank = \(folded.count), .reduced_sizes = \(CLiteral.rankList(folded.map { shape[$0] })),
                .reduced_strides = \(CLiteral.rankList(folded.map { strides[$0] })),
                .output_count = \(outputCount), .reduced_count = \(count),
                .input_zero_point = \(CLiteral.int(p.inputZeroPoint)), .output_zero_point = \(CLiteral.int(p.outputZeroPoint)),
                .multiplier = \(CLiteral.int(multiplier)), .shift = \(shift)
            };
            """)
        call("mote_mean(&\(name), \(try pointer(input.index)), \(try arenaPointer(output.index)))", at: position, name: op.kind.name)
    }
}
