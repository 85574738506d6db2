/// Why a tensor operation could not be carried out.
///
/// Each case carries the shapes or values involved, so the message can name them; the runtime
/// reports these as ShapeError or ValueError.
public enum TensorError: Error, Sendable, Equatable {
    /// Two operands' shapes cannot be combined, e.g. not broadcastable or inner dimensions differ.
    case shapeMismatch(operation: String, lhs: [Int], rhs: [Int])
    /// A reshape to a shape with a different element count, or with more than one `-1`.
    case invalidReshape(from: [Int], to: [Int])
    /// An index outside `-count..<count` along an axis of length `count`.
    case indexOutOfRange(index: Int, count: Int)
    /// An operation that needs a particular rank got a tensor of another shape.
    /// `expected` reads as a phrase, e.g. `"rank 2"` or `"rank at least 1"`.
    case rankMismatch(operation: String, expected: String, shape: [Int])
    /// An operation that needs at least one element (or one operand) got none.
    case empty(operation: String)
    /// An axis outside `-rank..<rank`.
    case invalidAxis(axis: Int, rank: Int)
    /// A permutation that is not an arrangement of `0..<rank`.
    case invalidPermutation(axes: [Int], rank: Int)
    /// A shape with a negative axis length or too many elements to address.
    case invalidShape([Int])
    /// Any other unusable argument, e.g. a zero step for `arange`.
    case invalidArgument(operation: String, reason: String)
}

extension TensorError: CustomStringConvertible {
    /// A one-line message naming the operation and the shapes or values involved.
    public var description: String {
        switch self {
        case let .shapeMismatch(operation, lhs, rhs):
            "\(operation): shapes \(lhs) and \(rhs) are not compatible"
        case let .invalidReshape(from, to):
            "cannot reshape a tensor of shape \(from) (\(Tensor.elementCount(of: from)) elements) to \(to)"
        case let .indexOutOfRange(index, count):
            "index \(index) is out of range for an axis of length \(count)"
        case let .rankMismatch(operation, expected, shape):
            "\(operation) needs a tensor of \(expected), got shape \(shape)"
        case let .empty(operation):
            "\(operation) of an empty tensor"
        case let .invalidAxis(axis, rank):
            "axis \(axis) is out of range for a tensor of rank \(rank)"
        case let .invalidPermutation(axes, rank):
            "\(axes) is not a permutation of the axes of a tensor of rank \(rank)"
        case let .invalidShape(shape):
            "\(shape) is not a valid tensor shape"
        case let .invalidArgument(operation, reason):
            "\(operation): \(reason)"
        }
    }
}

extension Tensor {
    /// Resolves a possibly negative axis against `rank`, numpy style (`-1` is the last axis).
    package static func normalizedAxis(_ axis: Int, rank: Int) throws(TensorError) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0, resolved < rank else { throw .invalidAxis(axis: axis, rank: rank) }
        return resolved
    }
}
