import Int8Inference

extension TFLiteWriter {
    /// The largest model written: FlatBuffers offsets are 32-bit and signed in places, and
    /// LiteRT refuses buffers of 2 GiB or more; leave room for the tables around the data.
    static let maximumConstantBytes = Int(Int32.max) - (1 << 24)

    /// Checks everything the format cannot express before any byte is written, so an error
    /// never leaves a half-built model.
    static func validate(_ graph: Graph) throws(TFLiteWriteError) {
        let count = graph.tensors.count
        func check(_ index: Int, _ what: @autoclosure () -> String) throws(TFLiteWriteError) {
            guard index >= 0, index < count, Int32(exactly: index) != nil else {
                throw .tensorIndexOutOfRange(what: what(), index: index, tensorCount: count)
            }
        }
        for index in graph.inputs { try check(index, "a graph input") }
        for index in graph.outputs { try check(index, "a graph output") }
        for (position, op) in graph.operators.enumerated() {
            for case let index? in op.inputs { try check(index, "operator \(position) (\(op.kind.name)) input") }
            for index in op.outputs { try check(index, "operator \(position) (\(op.kind.name)) output") }
        }

        var constantBytes = 0
        for tensor in graph.tensors {
            for dimension in tensor.shape where dimension < 0 || Int32(exactly: dimension) == nil {
                throw .valueOutOfRange(what: "a dimension of tensor \"\(tensor.name)\"", value: dimension)
            }
            if let data = tensor.data {
                guard data.elementType == tensor.elementType else {
                    throw .constantDataMismatch(tensor: tensor.name,
                                                detail: "holds \(data.elementType) values but is declared \(tensor.elementType)")
                }
                guard data.count == tensor.elementCount else {
                    throw .constantDataMismatch(tensor: tensor.name,
                                                detail: "holds \(data.count) values but its shape \(tensor.shape) has \(tensor.elementCount)")
                }
                constantBytes += data.count * data.elementType.byteSize + bufferAlignment
                guard constantBytes <= maximumConstantBytes else { throw .modelTooLarge(bytes: constantBytes) }
            }
            if let q = tensor.quantization {
                guard !q.scales.isEmpty, q.scales.count == q.zeroPoints.count else {
                    throw .invalidQuantization(tensor: tensor.name,
                                               detail: "\(q.scales.count) scales and \(q.zeroPoints.count) zero points")
                }
                _ = try writtenQuantizedDimension(q, tensor: tensor)
            }
        }
    }
}
