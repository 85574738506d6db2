/// Why a model could not be defined or run on the data it was given.
///
/// Layer names read as in a model block, counting the `input` line as layer 1, e.g.
/// `"conv2d (layer 3)"`. The runtime reports `shapeMismatch`, `batchMismatch` and
/// `targetMismatch` as ShapeError and the rest as ValueError, with ``hint`` as the hint.
public enum ModelError: Error, Sendable, Equatable {
    /// The input shape is empty or has an axis that is not positive.
    case invalidInput(shape: [Int])
    /// A hyper-parameter is out of range, e.g. `filters: 0` or `dropout(1.5)`.
    case invalidArgument(layer: String, reason: String, hint: String)
    /// A layer cannot take the shape the previous layer gives it.
    case shapeMismatch(layer: String, input: [Int], expected: String, hint: String)
    /// A batch's samples have neither the model's input shape nor its element count.
    case batchMismatch(expected: [Int], got: [Int])
    /// Targets that do not fit the model's output or the loss.
    case targetMismatch(output: [Int], targets: [Int], reason: String)

    /// What to try instead, in one sentence.
    public var hint: String {
        switch self {
        case .invalidInput:
            "give input() one or more positive sizes, e.g. input(100, 6)"
        case let .invalidArgument(_, _, hint), let .shapeMismatch(_, _, _, hint):
            hint
        case .batchMismatch:
            "each sample must have the input's shape or the same number of elements"
        case .targetMismatch:
            "check the loss: crossentropy needs class indices, mse targets of the output's shape"
        }
    }
}

extension ModelError: CustomStringConvertible {
    /// A one-line message naming the layer and both shapes.
    public var description: String {
        switch self {
        case let .invalidInput(shape):
            "input shape \(shape) is not valid: every size must be positive"
        case let .invalidArgument(layer, reason, _):
            "\(layer): \(reason)"
        case let .shapeMismatch(layer, input, expected, _):
            "\(layer) expects \(expected), got input shape \(input)"
        case let .batchMismatch(expected, got):
            "samples of shape \(got) (\(Tensor.elementCount(of: got)) elements) do not fit the model input "
                + "\(expected) (\(Tensor.elementCount(of: expected)) elements)"
        case let .targetMismatch(output, targets, reason):
            "targets of shape \(targets) do not fit outputs of shape \(output): \(reason)"
        }
    }
}
