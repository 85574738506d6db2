import Int8Inference

/// TensorFlow Lite Micro's persistent (tail) arena allocations for a graph, by the kinds its
/// `RecordingMicroAllocator` reports, for a given pointer width.
///
/// Struct sizes follow the C layouts with `pointerSize`-byte pointers. The per-operator data sizes
/// were read off TensorFlow Lite Micro's recording allocator on a 64-bit host (seven models,
/// `Goldens/arena.json`), where they reproduce every model's tail to within 1%; the 32-bit figures
/// come from the same layouts with 4-byte pointers.
public struct PersistentAllocations: Sendable, Hashable {
    /// Interpreter, allocator and planner objects placed in the arena (fixed per interpreter).
    public var runtimeObjects: Int
    /// One `TfLiteEvalTensor` per graph tensor.
    public var evalTensors: Int
    /// One node-and-registration struct per operator.
    public var nodes: Int
    /// `TfLiteTensor` structs and quantization data kept for the graph's inputs and outputs.
    public var ioTensors: Int
    /// Kernel `OpData` structs and per-channel multiplier/shift arrays.
    public var operatorData: Int
    /// Parsed operator options (`TfLiteConvParams` and the like).
    public var builtinData: Int

    /// Creates a breakdown.
    public init(runtimeObjects: Int, evalTensors: Int, nodes: Int, ioTensors: Int, operatorData: Int, builtinData: Int) {
        self.runtimeObjects = runtimeObjects
        self.evalTensors = evalTensors
        self.nodes = nodes
        self.ioTensors = ioTensors
        self.operatorData = operatorData
        self.builtinData = builtinData
    }

    /// All persistent bytes.
    public var total: Int { runtimeObjects + evalTensors + nodes + ioTensors + operatorData + builtinData }

    /// The persistent allocations TensorFlow Lite Micro makes for `graph` with `pointerSize`-byte pointers.
    public static func estimate(for graph: Graph, pointerSize p: Int) -> PersistentAllocations {
        let layout = StructLayout(pointerSize: p)
        // 61 pointer-sized words: 488 B on the 64-bit recording, the rest of the tail once every
        // listed kind is accounted for (allocators, planner, subgraph table, two resource slots).
        let runtimeObjects = 61 * p
        let evalTensor = layout.size([.pointer, .pointer, .int32])  // data, dims, type
        let node = layout.size([.pointer, .pointer, .pointer, .pointer, .pointer, .pointer, .int32]) + p  // TfLiteNode + registration
        let tfLiteTensor = layout.size([.int32, .pointer, .pointer, .int32, .int32, .int32, .pointer, .int32, .pointer])
        let affineQuantization = layout.size([.pointer, .pointer, .int32]) + 8  // + a one-entry zero-point array
        let io = (graph.inputs.count + graph.outputs.count) * (tfLiteTensor + affineQuantization)
        var operatorData = 2 * p  // two fixed persistent buffers of one pointer each
        var builtinData = 0
        for op in graph.operators {
            operatorData += aligned(layout.size(opDataFields(op.kind)))
            operatorData += 2 * aligned(perChannelBytes(op, graph) / 2)  // multiplier and shift arrays, each aligned
            builtinData += builtinDataBytes(op.kind)
        }
        return PersistentAllocations(runtimeObjects: runtimeObjects, evalTensors: graph.tensors.count * evalTensor,
                                     nodes: graph.operators.count * node, ioTensors: io,
                                     operatorData: operatorData, builtinData: builtinData)
    }

    /// Persistent buffers are 16-byte aligned (`MicroArenaBufferAlignment`).
    private static func aligned(_ bytes: Int) -> Int { (bytes + 15) / 16 * 16 }

    /// The kernel's `OpData` struct, field by field.
    private static func opDataFields(_ kind: Operator) -> [StructLayout.Field] {
        let padding: [StructLayout.Field] = Array(repeating: .int32, count: 6)  // TfLitePaddingValues
        switch kind {
        case .conv2D, .depthwiseConv2D:
            // OpDataConv: padding, 3 zero points, multiplier, shift, 2 per-channel pointers, min, max, buffer index.
            return padding + Array(repeating: .int32, count: 5) + [.pointer, .pointer] + Array(repeating: .int32, count: 3)
        case .fullyConnected:
            // OpDataFullyConnected: multiplier, shift, min, max, 3 zero points, per-channel pointers, flags.
            return Array(repeating: .int32, count: 7) + Array(repeating: .pointer, count: 4) + [.int8, .int32]
        case .averagePool2D, .maxPool2D:
            return padding + [.int32, .int32]  // OpDataPooling
        case .add:
            return Array(repeating: .int32, count: 15)  // OpDataAdd: offsets, multipliers, shifts, range
        case .softmax:
            // SoftmaxParams: beta, multiplier, shift, diff_min, lookup-table pointers, zero point, scale.
            return [.double] + Array(repeating: .int32, count: 3) + Array(repeating: .pointer, count: 6) + [.int32, .int32]
        case .mean:
            return Array(repeating: .int32, count: 8) + [.pointer]  // OpDataReduce; estimate
        case .logistic, .tanh:
            return Array(repeating: .int32, count: 6)  // input range, multiplier, shift; estimate
        case .quantize, .dequantize:
            return Array(repeating: .int32, count: 5)  // multiplier, shift, zero points; estimate
        case .reshape:
            return []  // RESHAPE keeps no data
        }
    }

    /// Per-channel multiplier and shift arrays (int32 each) of per-channel convolutions and FC.
    private static func perChannelBytes(_ op: GraphOperator, _ graph: Graph) -> Int {
        switch op.kind {
        case .conv2D, .depthwiseConv2D:
            guard let output = op.outputs.first, let channels = graph.tensors[output].shape.last else { return 0 }
            return 2 * 4 * channels
        case .fullyConnected:
            guard op.inputs.count > 1, let filter = op.inputs[1], let q = graph.tensors[filter].quantization,
                  !q.isPerTensor else { return 0 }
            return 2 * 4 * q.scales.count
        case .averagePool2D, .maxPool2D, .mean, .add, .reshape, .softmax, .logistic, .tanh, .quantize, .dequantize:
            return 0
        }
    }

    /// Bytes of the parsed options struct (no pointers, so the same on every core).
    private static func builtinDataBytes(_ kind: Operator) -> Int {
        switch kind {
        case .conv2D, .depthwiseConv2D: 28  // 7 ints: padding, strides, (multiplier,) activation, dilations
        case .fullyConnected: 32            // TfLiteFullyConnectedParams as recorded
        case .averagePool2D, .maxPool2D: 40 // TfLitePoolParams with its computed padding, as recorded
        case .add: 8                        // activation + pot_scale_int16
        case .reshape: 36                   // shape[8] + num_dimensions
        case .softmax: 4                    // beta
        case .mean: 4                       // keep_dims
        case .logistic, .tanh, .quantize, .dequantize: 0
        }
    }
}

/// C struct layout with natural alignment, for a given pointer width.
struct StructLayout {
    enum Field { case int8, int32, double, pointer }

    let pointerSize: Int

    func size(_ fields: [Field]) -> Int {
        var offset = 0, maxAlign = 1
        for field in fields {
            let (bytes, align): (Int, Int)
            switch field {
            case .int8: (bytes, align) = (1, 1)
            case .int32: (bytes, align) = (4, 4)
            case .double: (bytes, align) = (8, 8)
            case .pointer: (bytes, align) = (pointerSize, pointerSize)
            }
            offset = (offset + align - 1) / align * align + bytes
            maxAlign = max(maxAlign, align)
        }
        return (offset + maxAlign - 1) / maxAlign * maxAlign
    }
}
