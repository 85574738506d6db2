/// Why a `.tflite` file could not be read into a graph.
public enum TFLiteReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes do not form a valid model; the text says what is wrong and where.
    case malformed(String)
    /// Bytes 4..<8 are not the `TFL3` file identifier.
    case wrongFileIdentifier(found: String)
    /// The schema version is not 3.
    case unsupportedSchemaVersion(UInt32)
    /// The model has no subgraph or more than one.
    case unsupportedSubgraphCount(Int)
    /// An operator Mote has no kernel for, by its TensorFlow Lite name.
    case unsupportedOperator(String)
    /// A tensor element type other than int8, int32 and float32.
    case unsupportedTensorType(tensor: String, type: String)
    /// An operator option value Mote does not implement (such as a fused TANH activation).
    case unsupportedOption(op: String, option: String)

    public var description: String {
        switch self {
        case .malformed(let detail): "malformed .tflite file: \(detail)"
        case .wrongFileIdentifier(let found): "not a .tflite file: file identifier is \"\(found)\", expected \"TFL3\""
        case .unsupportedSchemaVersion(let version): "unsupported .tflite schema version \(version) (expected 3)"
        case .unsupportedSubgraphCount(let count): "the model has \(count) subgraphs; only single-subgraph models are supported"
        case .unsupportedOperator(let name): "unsupported operator \(name)"
        case .unsupportedTensorType(let tensor, let type): "tensor \"\(tensor)\" has unsupported type \(type)"
        case .unsupportedOption(let op, let option): "\(op): unsupported option \(option)"
        }
    }
}
