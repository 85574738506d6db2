/// Why a graph cannot be written as C or built into firmware.
public enum CExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The graph uses something the C kernels do not implement (the message says what).
    case unsupported(String)
    /// The graph is inconsistent (a missing operand, a shape that does not fit).
    case invalidGraph(String)
    /// Writing the files failed.
    case io(String)
    /// A tool the firmware build needs is not installed; the message says how to install it.
    case toolMissing(String)
    /// The cross compiler, linker or a binary tool failed; carries the tool's own messages.
    case buildFailed(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .unsupported(let message): "not supported in C export: \(message)"
        case .invalidGraph(let message): "invalid graph: \(message)"
        case .io(let message): message
        case .toolMissing(let message): message
        case .buildFailed(let message): "firmware build failed: \(message)"
        }
    }
}
