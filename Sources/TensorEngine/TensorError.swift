/// What went wrong in a tensor operation, naming the shapes involved.
public enum TensorError: Error, Sendable, Hashable, CustomStringConvertible {
    case shapeMismatch(operation: String, lhs: [Int], rhs: [Int])
    case invalidReshape(from: [Int], to: [Int])
    case indexOutOfRange(index: Int, count: Int)
    case rankMismatch(operation: String, expected: String, actual: Int)
    case invalidAxis(axis: Int, rank: Int)
    case empty(operation: String)

    public var description: String {
        switch self {
        case .shapeMismatch(let operation, let lhs, let rhs):
            "cannot \(operation) shapes \(lhs) and \(rhs)"
        case .invalidReshape(let from, let to):
            "cannot reshape \(from) (\(from.reduce(1, *)) elements) to \(to)"
        case .indexOutOfRange(let index, let count):
            "index \(index) is out of range for length \(count)"
        case .rankMismatch(let operation, let expected, let actual):
            "\(operation) needs rank \(expected), got rank \(actual)"
        case .invalidAxis(let axis, let rank):
            "axis \(axis) is out of range for rank \(rank)"
        case .empty(let operation):
            "\(operation) of an empty tensor"
        }
    }
}
