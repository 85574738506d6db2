/// Element values of a tensor, row-major, typed.
public enum TensorData: Sendable, Hashable {
    case int8([Int8])
    case int32([Int32])
    case float32([Float])

    /// The element type of the values.
    public var elementType: ElementType {
        switch self {
        case .int8: .int8
        case .int32: .int32
        case .float32: .float32
        }
    }

    /// Number of elements.
    public var count: Int {
        switch self {
        case .int8(let values): values.count
        case .int32(let values): values.count
        case .float32(let values): values.count
        }
    }

    /// Zeros of the given type.
    public static func zeros(_ type: ElementType, count: Int) -> TensorData {
        switch type {
        case .int8: .int8(Array(repeating: 0, count: count))
        case .int32: .int32(Array(repeating: 0, count: count))
        case .float32: .float32(Array(repeating: 0, count: count))
        }
    }

    /// The values when they are int8, else nil.
    public var int8Values: [Int8]? {
        if case .int8(let values) = self { return values }
        return nil
    }

    /// The values when they are int32, else nil.
    public var int32Values: [Int32]? {
        if case .int32(let values) = self { return values }
        return nil
    }

    /// The values when they are float32, else nil.
    public var float32Values: [Float]? {
        if case .float32(let values) = self { return values }
        return nil
    }
}
