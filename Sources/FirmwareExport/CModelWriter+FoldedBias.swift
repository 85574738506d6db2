import Int8Inference

/// The per-channel constants that let the C convolutions skip the input offset inside the image.
///
/// A convolution accumulates `Σ w·(x + offset) + bias`. In 32-bit wrapping arithmetic that equals
/// `Σ w·x + (bias + offset·Σw)`, so the second term is computed here once per output channel and the
/// kernels add it instead of the offset per tap. Windows that overlap the padding skip their padded
/// taps (a zero tap, not `w·offset`), so the kernels use this only for windows wholly inside.
extension CModelWriter {
    /// How the filter's taps are laid out, to sum each output channel's weights.
    enum FilterLayout {
        /// CONV_2D's OHWI: each output channel's taps are one contiguous run.
        case outputMajor
        /// DEPTHWISE_CONV_2D's 1HW(I·M): output channels interleaved, one tap after another.
        case channelInterleaved
    }

    /// Declares the folded bias of an operator and returns its C name, or `"0"` when the filter or
    /// the bias is computed at run time (the kernels then take the per-tap path everywhere).
    mutating func foldedBias(_ op: GraphOperator, filter: GraphTensor, layout: FilterLayout, outputDepth: Int,
                             inputOffset: Int32, name: String) -> String {
        guard case .int8(let weights)? = filter.data, outputDepth > 0, weights.count % outputDepth == 0 else { return "0" }
        var biases = [Int32](repeating: 0, count: outputDepth)
        if op.inputs.count > 2, let index = op.inputs[2] {
            guard case .int32(let values)? = graph.tensors[index].data, values.count == outputDepth else { return "0" }
            biases = values
        }
        let taps = weights.count / outputDepth
        var folded: [Int32] = []
        folded.reserveCapacity(outputDepth)
        for channel in 0..<outputDepth {
            var sum: Int32 = 0
            for tap in 0..<taps {
                let index: Int
                switch layout {
                case .outputMajor: index = channel * taps + tap
                case .channelInterleaved: index = tap * outputDepth + channel
                }
                sum &+= Int32(weights[index])
            }
            folded.append(biases[channel] &+ inputOffset &* sum)
        }
        declare("static const int32_t \(name)_folded_bias[\(outputDepth)] = {\(CLiteral.elements(folded.map { CLiteral.int($0) }))};")
        return "\(name)_folded_bias"
    }
}
