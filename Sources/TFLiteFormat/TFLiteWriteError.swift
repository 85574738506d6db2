/// Why a graph could not be written as a `.tflite` file.
public enum TFLiteWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An operator or the graph refers to a tensor index that does not exist.
    case tensorIndexOutOfRange(what: String, index: Int, tensorCount: Int)
    /// A constant tensor's values do not match its element type or element count.
    case constantDataMismatch(tensor: String, detail: String)
    /// A number the format stores as a 32-bit integer (a dimension, a stride) is negative where it must not be, or does not fit.
    case valueOutOfRange(what: String, value: Int)
    /// Quantization parameters the format cannot express or a loader would reject.
    case invalidQuantization(tensor: String, detail: String)
    /// The model would exceed the 2 GiB that 32-bit FlatBuffers offsets can address.
    case modelTooLarge(bytes: Int)

    public var description: String {
        switch self {
        case .tensorIndexOutOfRange(let what, let index, let count):
            "cannot write .tflite: \(what) refers to tensor \(index), but the graph has \(count) tensors"
        case .constantDataMismatch(let tensor, let detail):
            "cannot write .tflite: constant tensor \"\(tensor)\" \(detail)"
        case .valueOutOfRange(let what, let value):
            "cannot write .tflite: \(what) is \(value), which the format cannot store"
        case .invalidQuantization(let tensor, let detail):
            "cannot write .tflite: tensor \"\(tensor)\" has invalid quantization: \(detail)"
        case .modelTooLarge(let bytes):
            "cannot write .tflite: the model needs about \(bytes) bytes, more than the 2 GiB a .tflite file can hold"
        }
    }
}
