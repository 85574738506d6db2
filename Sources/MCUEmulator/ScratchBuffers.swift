import Int8Inference

/// Arena scratch that optimized kernels request per operator (`RequestScratchBufferInArena`),
/// planned at the head with the operator's lifetime.
enum ScratchBuffers {
    /// Scratch bytes for one operator with a kernel library on a core.
    ///
    /// CMSIS-NN: `arm_convolve_s8_get_buffer_size` = 2 · input depth · kernel area · sizeof(int16)
    /// (partial im2col of two columns), none for the 1×1 fast path (stride 1, no padding, depth a
    /// multiple of 4); depthwise `_opt` = input depth · kernel area · sizeof(int16) on cores with the
    /// DSP extension, none for the 3×3 specialisation or on Cortex-M0+. The reference kernels use
    /// none. ESP-NN's scratch is not modelled (its sizes are not published apart from the code).
    static func bytes(for op: GraphOperator, in graph: Graph, library: KernelLibrary, core: Core?) -> Int {
        guard library == .cmsisNN else { return 0 }
        let hasDSP: Bool
        switch core {
        case .cortexM4?, .cortexM7?, .cortexM33?, nil: hasDSP = true
        case .cortexM0Plus?, .xtensaLX6?, .xtensaLX7?, .avr?: hasDSP = false
        }
        guard op.inputs.count > 1, let input = op.inputs[0], let filter = op.inputs[1] else { return 0 }
        let inputShape = graph.tensors[input].shape, filterShape = graph.tensors[filter].shape
        guard inputShape.count == 4, filterShape.count == 4 else { return 0 }
        let depth = inputShape[3], area = filterShape[1] * filterShape[2]
        switch op.kind {
        case .conv2D(let options):
            let oneByOne = area == 1 && options.strideHeight == 1 && options.strideWidth == 1 && depth % 4 == 0
            return oneByOne ? 0 : 2 * depth * area * 2
        case .depthwiseConv2D(let options):
            let threeByThree = filterShape[1] == 3 && filterShape[2] == 3 && options.depthMultiplier == 1
                && options.dilationHeight == 1 && options.dilationWidth == 1
            guard hasDSP, !threeByThree, options.depthMultiplier == 1 else { return 0 }
            return depth * area * 2
        case .fullyConnected, .averagePool2D, .maxPool2D, .mean, .add, .reshape, .softmax, .logistic, .tanh, .quantize, .dequantize:
            return 0
        }
    }
}
