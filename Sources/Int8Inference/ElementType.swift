/// The element type of a graph tensor.
public enum ElementType: String, Sendable, Hashable, CaseIterable {
    case int8
    case int32
    case float32

    /// Bytes one element occupies.
    public var byteSize: Int {
        switch self {
        case .int8: 1
        case .int32: 4
        case .float32: 4
        }
    }
}
