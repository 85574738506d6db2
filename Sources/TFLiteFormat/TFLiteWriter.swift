import Int8Inference

/// Writes the int8 graph as a `.tflite` model (TensorFlow Lite FlatBuffers, schema version 3)
/// that TensorFlow Lite Micro and LiteRT load.
public enum TFLiteWriter {
    /// The schema version LiteRT requires (`TFLITE_SCHEMA_VERSION`).
    static let schemaVersion: UInt32 = 3
    /// Constant data starts on a 16-byte boundary (the schema's `force_align: 16`), so an
    /// interpreter can read int32 and float32 weights in place.
    static let bufferAlignment = 16

    /// Encodes a graph as the bytes of a `.tflite` file.
    ///
    /// The model has the `TFL3` identifier, version 3, one operator code per distinct operation
    /// (both `builtin_code` and `deprecated_builtin_code = min(code, 127)` filled), one subgraph,
    /// and buffer 0 empty. Each constant tensor gets its own buffer; activations use buffer 0.
    /// A 1-D tensor's `quantized_dimension` is written as 0, the only dimension it has (some
    /// files say 3, which LiteRT rejects). The same graph always gives the same bytes.
    public static func encode(_ graph: Graph, description: String = "Mote") throws(TFLiteWriteError) -> [UInt8] {
        try validate(graph)
        var builder = FlatBufferBuilder(initialCapacity: estimatedSize(graph))

        // Buffers: 0 is the empty sentinel, then one per constant tensor in tensor order.
        var bufferTables: [FlatOffset] = []
        builder.startTable()
        bufferTables.append(builder.endTable())
        var bufferIndex: [Int: UInt32] = [:]
        for (index, tensor) in graph.tensors.enumerated() {
            guard let data = tensor.data else { continue }
            let bytes = littleEndianBytes(data)
            let vector = builder.createVector(bytes: bytes, alignment: bufferAlignment)
            builder.startTable()
            builder.add(0, vector)
            bufferIndex[index] = UInt32(bufferTables.count)
            bufferTables.append(builder.endTable())
        }
        let buffers = builder.createVector(offsets: bufferTables)

        var tensorTables: [FlatOffset] = []
        for (index, tensor) in graph.tensors.enumerated() {
            tensorTables.append(try writeTensor(tensor, buffer: bufferIndex[index] ?? 0, into: &builder))
        }
        let tensors = builder.createVector(offsets: tensorTables)

        // Operator codes in order of first use, so the output does not depend on hashing.
        var codes: [Int32] = []
        var operatorTables: [FlatOffset] = []
        for (position, op) in graph.operators.enumerated() {
            let code = OperatorEncoding.code(op.kind)
            let opcodeIndex = codes.firstIndex(of: code) ?? codes.count
            if opcodeIndex == codes.count { codes.append(code) }
            let options = try OperatorEncoding.options(op.kind, position: position, into: &builder)
            let inputs = builder.createVector(op.inputs.map { $0.map { Int32($0) } ?? -1 })
            let outputs = builder.createVector(op.outputs.map { Int32($0) })
            builder.startTable()
            builder.add(0, UInt32(opcodeIndex), default: 0)
            builder.add(1, inputs)
            builder.add(2, outputs)
            if let options {
                builder.add(3, options.type, default: 0)
                builder.add(4, options.table)
            }
            operatorTables.append(builder.endTable())
        }
        let operators = builder.createVector(offsets: operatorTables)

        let graphInputs = builder.createVector(graph.inputs.map { Int32($0) })
        let graphOutputs = builder.createVector(graph.outputs.map { Int32($0) })
        let subgraphName = builder.createString("main")
        builder.startTable()
        builder.add(0, tensors)
        builder.add(1, graphInputs)
        builder.add(2, graphOutputs)
        builder.add(3, operators)
        builder.add(4, subgraphName)
        let subgraph = builder.endTable()
        let subgraphs = builder.createVector(offsets: [subgraph])

        var codeTables: [FlatOffset] = []
        for code in codes {
            builder.startTable()
            // Both fields, always: older readers look only at the deprecated byte, newer ones
            // take the larger of the two; codes past 126 park 127 in the byte.
            builder.add(0, Int8(min(code, 127)), default: 0, force: true)
            builder.add(3, code, default: 0, force: true)
            codeTables.append(builder.endTable())
        }
        let operatorCodes = builder.createVector(offsets: codeTables)
        let descriptionText = builder.createString(description)

        builder.startTable()
        builder.add(0, schemaVersion, default: 0, force: true)
        builder.add(1, operatorCodes)
        builder.add(2, subgraphs)
        builder.add(3, descriptionText)
        builder.add(4, buffers)
        let model = builder.endTable()
        return builder.finish(root: model, fileIdentifier: "TFL3")
    }

    private static func writeTensor(_ tensor: GraphTensor, buffer: UInt32, into builder: inout FlatBufferBuilder)
        throws(TFLiteWriteError) -> FlatOffset {
        let shape = builder.createVector(tensor.shape.map { Int32($0) })  // validated to fit
        let name = builder.createString(tensor.name)
        var quantization: FlatOffset?
        if let q = tensor.quantization {
            let scales = builder.createVector(q.scales)
            let zeroPoints = builder.createVector(q.zeroPoints.map { Int64($0) })
            let dimension = try writtenQuantizedDimension(q, tensor: tensor)
            builder.startTable()
            builder.add(2, scales)
            builder.add(3, zeroPoints)
            builder.add(6, dimension, default: 0)
            quantization = builder.endTable()
        }
        builder.startTable()
        builder.add(0, shape)
        builder.add(1, tensorType(tensor.elementType), default: 0)
        builder.add(2, buffer, default: 0)
        builder.add(3, name)
        if let quantization { builder.add(4, quantization) }
        return builder.endTable()
    }

    /// The `quantized_dimension` to store: the tensor's own when it names one of its dimensions,
    /// else 0 where that is the only meaning it can have (per-tensor, or a 1-D tensor).
    static func writtenQuantizedDimension(_ q: Quantization, tensor: GraphTensor) throws(TFLiteWriteError) -> Int32 {
        let rank = tensor.shape.count
        let dimension: Int
        if q.quantizedDimension >= 0, q.quantizedDimension < rank {
            dimension = q.quantizedDimension
        } else if q.isPerTensor || rank <= 1 {
            dimension = 0
        } else {
            throw .invalidQuantization(tensor: tensor.name,
                                       detail: "quantized dimension \(q.quantizedDimension) of a rank-\(rank) tensor")
        }
        if !q.isPerTensor {
            let channels = rank == 0 ? 1 : tensor.shape[dimension]
            guard q.scales.count == channels else {
                throw .invalidQuantization(tensor: tensor.name,
                                           detail: "\(q.scales.count) scales for \(channels) channels along dimension \(dimension)")
            }
        }
        return Int32(dimension)
    }

    private static func tensorType(_ type: ElementType) -> Int8 {
        switch type {
        case .float32: 0
        case .int32: 2
        case .int8: 9
        }
    }

    /// Row-major values as the little-endian bytes a buffer stores.
    static func littleEndianBytes(_ data: TensorData) -> [UInt8] {
        func words(_ values: [UInt32]) -> [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(values.count * 4)
            for value in values {
                bytes.append(UInt8(truncatingIfNeeded: value))
                bytes.append(UInt8(truncatingIfNeeded: value >> 8))
                bytes.append(UInt8(truncatingIfNeeded: value >> 16))
                bytes.append(UInt8(truncatingIfNeeded: value >> 24))
            }
            return bytes
        }
        switch data {
        case .int8(let values): return values.map { UInt8(bitPattern: $0) }
        case .int32(let values): return words(values.map { UInt32(bitPattern: $0) })
        case .float32(let values): return words(values.map(\.bitPattern))
        }
    }

    /// A capacity that avoids regrowing: the constant bytes plus room for the tables.
    private static func estimatedSize(_ graph: Graph) -> Int {
        let constants = graph.tensors.reduce(0) { $0 + ($1.data.map { $0.count * $0.elementType.byteSize + 32 } ?? 0) }
        return constants + 256 * (graph.tensors.count + graph.operators.count) + 1024
    }
}
