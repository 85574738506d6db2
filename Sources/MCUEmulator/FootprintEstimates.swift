import Int8Inference

/// Code and static-RAM sizes of a TensorFlow Lite Micro build, per core and kernel library.
///
/// All figures are estimates for a `-Os` build (no published per-kernel table exists); boot
/// code, drivers and the board's core library are left out, as Edge Impulse's reference
/// tables leave them out.
public enum FootprintEstimates {
    /// Interpreter, allocator, planner and FlatBuffer reading code: about 24 KB of `.text`.
    public static let runtimeCodeBytes = 24 * 1024

    /// Code of one operator type's kernel, with the optimized library's extra paths when it has them.
    public static func kernelCodeBytes(_ kind: Operator, library: KernelLibrary) -> Int {
        let reference: Int
        let optimizedExtra: Int
        switch kind {
        case .conv2D: (reference, optimizedExtra) = (5120, 6144)
        case .depthwiseConv2D: (reference, optimizedExtra) = (5120, 6144)
        case .fullyConnected: (reference, optimizedExtra) = (3072, 2048)
        case .averagePool2D, .maxPool2D: (reference, optimizedExtra) = (2560, 1536)
        case .add: (reference, optimizedExtra) = (3072, 1024)
        case .softmax: (reference, optimizedExtra) = (2560, 1024)
        case .mean: (reference, optimizedExtra) = (3072, 0)
        case .logistic, .tanh: (reference, optimizedExtra) = (1536, 0)
        case .quantize, .dequantize: (reference, optimizedExtra) = (1536, 0)
        case .reshape: (reference, optimizedExtra) = (512, 0)
        }
        switch library {
        case .reference: return reference
        case .cmsisNN, .espNN: return reference + optimizedExtra
        }
    }

    /// Deepest stack while a kernel runs (interpreter call chain plus kernel locals).
    public static func stackBytes(_ core: Core) -> Int {
        switch core {
        case .cortexM0Plus, .cortexM4, .cortexM7, .cortexM33: 2560
        case .xtensaLX6, .xtensaLX7: 4096  // windowed registers spill 16 bytes per call level
        case .avr: 1024
        }
    }

    /// Static RAM outside the arena: the interpreter object and an op resolver with `operatorTypes`
    /// registrations (`MicroMutableOpResolver<N>`), scaled by the pointer width.
    public static func staticRAMBytes(operatorTypes: Int, core: Core) -> Int {
        let p = core.pointerSize
        return 64 * p + operatorTypes * 8 * p
    }

    /// A `.tflite` size from the graph when the file's size is not known: constant data plus about
    /// 64 bytes of FlatBuffer tables per tensor and per operator and 1 KB of header and metadata.
    public static func modelBytes(_ graph: Graph) -> Int {
        let constants = graph.tensors.filter(\.isConstant).reduce(0) { $0 + $1.byteCount }
        return constants + 64 * (graph.tensors.count + graph.operators.count) + 1024
    }
}
