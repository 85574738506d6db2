/// Why a graph could not be run.
public enum InferenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The graph's structure or parameters are inconsistent; the text says where.
    case invalidGraph(String)
    /// The inputs given do not match the graph's inputs.
    case invalidInput(String)
    /// A combination of types or options the reference kernels do not implement.
    case unsupported(String)

    public var description: String {
        switch self {
        case .invalidGraph(let detail): "invalid graph: \(detail)"
        case .invalidInput(let detail): "invalid input: \(detail)"
        case .unsupported(let detail): "unsupported: \(detail)"
        }
    }
}
