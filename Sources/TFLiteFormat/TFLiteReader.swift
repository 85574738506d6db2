import Int8Inference

/// Reads a `.tflite` model (TensorFlow Lite FlatBuffers, schema version 3) into the int8 graph.
public enum TFLiteReader {
    /// Parses the bytes of a `.tflite` file.
    ///
    /// Requires the `TFL3` file identifier, schema version 3 and one subgraph. Operator codes are
    /// `max(builtin_code, deprecated_builtin_code)`, so files that fill only one field read alike.
    /// Unused operator codes are ignored; an operator without a kernel is an error naming it.
    public static func graph(from bytes: [UInt8]) throws(TFLiteReadError) -> Graph {
        let buffer = FlatBuffer(bytes: bytes)
        guard bytes.count >= 8 else { throw .malformed("file is \(bytes.count) bytes, too short for a header") }
        let identifier = bytes[4..<8]
        guard Array(identifier) == Array("TFL3".utf8) else {
            throw .wrongFileIdentifier(found: String(decoding: identifier.map { $0 >= 32 && $0 < 127 ? $0 : UInt8(ascii: "?") }, as: UTF8.self))
        }
        let model = try buffer.root()
        let version = try model.uint32(0)
        guard version == 3 else { throw .unsupportedSchemaVersion(version) }
        let codes = try model.tables(1, name: "operator_codes").map { code throws(TFLiteReadError) in
            max(Int32(try code.int8(0)), try code.int32(3))
        }
        let subgraphs = try model.tables(2, name: "subgraphs")
        guard subgraphs.count == 1 else { throw .unsupportedSubgraphCount(subgraphs.count) }
        let buffers = try model.tables(4, name: "buffers")
        let subgraph = subgraphs[0]

        let tensorTables = try subgraph.tables(0, name: "tensors")
        var tensors: [GraphTensor] = []
        tensors.reserveCapacity(tensorTables.count)
        for table in tensorTables {
            tensors.append(try readTensor(table, buffers: buffers, file: bytes))
        }
        func index(_ value: Int32, _ what: String) throws(TFLiteReadError) -> Int {
            guard value >= 0, Int(value) < tensors.count else {
                throw .malformed("\(what) refers to tensor \(value) of \(tensors.count)")
            }
            return Int(value)
        }
        var inputs: [Int] = []
        for value in try subgraph.int32s(1, name: "inputs") ?? [] { inputs.append(try index(value, "graph input")) }
        var outputs: [Int] = []
        for value in try subgraph.int32s(2, name: "outputs") ?? [] { outputs.append(try index(value, "graph output")) }

        var operators: [GraphOperator] = []
        for (position, table) in try subgraph.tables(3, name: "operators").enumerated() {
            let opcodeIndex = Int(try table.uint32(0))
            guard opcodeIndex < codes.count else {
                throw .malformed("operator \(position) uses operator code \(opcodeIndex) of \(codes.count)")
            }
            let kind = try OperatorDecoding.decode(code: codes[opcodeIndex], options: try table.table(4, name: "builtin_options"))
            var opInputs: [Int?] = []
            for value in try table.int32s(1, name: "inputs") ?? [] {
                opInputs.append(value == -1 ? nil : try index(value, "\(kind.name) input"))
            }
            var opOutputs: [Int] = []
            for value in try table.int32s(2, name: "outputs") ?? [] { opOutputs.append(try index(value, "\(kind.name) output")) }
            operators.append(GraphOperator(kind: kind, inputs: opInputs, outputs: opOutputs))
        }
        return Graph(tensors: tensors, operators: operators, inputs: inputs, outputs: outputs)
    }

    private static func readTensor(_ table: FlatTable, buffers: [FlatTable], file: [UInt8]) throws(TFLiteReadError) -> GraphTensor {
        let name = try table.string(3, name: "name") ?? ""
        var shape: [Int] = []
        for dimension in try table.int32s(0, name: "shape") ?? [] {
            guard dimension >= 0 else { throw .malformed("tensor \"\(name)\" has negative dimension \(dimension)") }
            shape.append(Int(dimension))
        }
        let typeCode = try table.int8(1)
        let elementType: ElementType
        switch typeCode {
        case 0: elementType = .float32
        case 2: elementType = .int32
        case 9: elementType = .int8
        default: throw .unsupportedTensorType(tensor: name, type: tensorTypeName(typeCode))
        }
        let quantization = try readQuantization(table.table(4, name: "quantization"), tensor: name)

        var data: TensorData?
        let bufferIndex = Int(try table.uint32(2))
        if bufferIndex != 0 {
            guard bufferIndex < buffers.count else {
                throw .malformed("tensor \"\(name)\" uses buffer \(bufferIndex) of \(buffers.count)")
            }
            if let raw = try constantBytes(buffers[bufferIndex], file: file, tensor: name), !raw.isEmpty {
                // Checked, so that a shape whose product overflows is refused rather than trapping.
                guard let count = elementCount(shape), count <= raw.count else {
                    throw .malformed("tensor \"\(name)\" of shape \(shape) has only \(raw.count) data bytes")
                }
                data = try decode(raw, as: elementType, count: count, tensor: name)
            }
        }
        return GraphTensor(name: name, shape: shape, elementType: elementType, quantization: quantization, data: data)
    }

    /// The number of elements in `shape`, or nil when it does not fit in an `Int`.
    private static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// A buffer's bytes: inline `data`, or `offset`/`size` into the file for models past 2 GB.
    private static func constantBytes(_ buffer: FlatTable, file: [UInt8], tensor: String) throws(TFLiteReadError) -> ArraySlice<UInt8>? {
        if let inline = try buffer.bytes(0, name: "data") { return inline }
        let offset = try buffer.uint64(1)
        let size = try buffer.uint64(2)
        guard offset > 1 else { return nil }
        guard offset <= UInt64(file.count), size <= UInt64(file.count) - offset else {
            throw .malformed("tensor \"\(tensor)\" data at offset \(offset), size \(size) lies outside the file")
        }
        return file[Int(offset)..<Int(offset + size)]
    }

    private static func decode(_ raw: ArraySlice<UInt8>, as type: ElementType, count: Int, tensor: String) throws(TFLiteReadError) -> TensorData {
        guard raw.count == count * type.byteSize else {
            throw .malformed("tensor \"\(tensor)\" has \(raw.count) data bytes, its shape needs \(count * type.byteSize)")
        }
        let base = raw.startIndex
        func word(_ index: Int) -> UInt32 {
            let at = base + 4 * index
            return UInt32(raw[at]) | UInt32(raw[at + 1]) << 8 | UInt32(raw[at + 2]) << 16 | UInt32(raw[at + 3]) << 24
        }
        switch type {
        case .int8: return .int8(raw.map { Int8(bitPattern: $0) })
        case .int32: return .int32((0..<count).map { Int32(bitPattern: word($0)) })
        case .float32: return .float32((0..<count).map { Float(bitPattern: word($0)) })
        }
    }

    private static func readQuantization(_ table: FlatTable?, tensor: String) throws(TFLiteReadError) -> Quantization? {
        guard let table, let scales = try table.floats(2, name: "scale"), !scales.isEmpty else { return nil }
        let rawZeroPoints = try table.int64s(3, name: "zero_point") ?? []
        var zeroPoints: [Int32] = []
        for value in rawZeroPoints {
            guard let narrow = Int32(exactly: value) else {
                throw .malformed("tensor \"\(tensor)\" has zero point \(value) outside int32")
            }
            zeroPoints.append(narrow)
        }
        if zeroPoints.isEmpty { zeroPoints = Array(repeating: 0, count: scales.count) }
        guard zeroPoints.count == scales.count else {
            throw .malformed("tensor \"\(tensor)\" has \(scales.count) scales but \(zeroPoints.count) zero points")
        }
        let dimension = try table.int32(6)
        guard dimension >= 0 else { throw .malformed("tensor \"\(tensor)\" has quantized dimension \(dimension)") }
        return Quantization(scales: scales, zeroPoints: zeroPoints, quantizedDimension: Int(dimension))
    }

    private static func tensorTypeName(_ code: Int8) -> String {
        let names = ["FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL", "INT16", "COMPLEX64",
                     "INT8", "FLOAT64", "COMPLEX128", "UINT64", "RESOURCE", "VARIANT", "UINT32", "UINT16", "INT4", "BFLOAT16"]
        return code >= 0 && Int(code) < names.count ? names[Int(code)] : "code \(code)"
    }
}
