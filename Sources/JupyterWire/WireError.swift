/// Why a message could not be read. The kernel logs these and drops the message: a peer that
/// sends garbage gets no reply, and the kernel keeps running.
public enum WireError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingDelimiter
    case tooFewFrames(Int)
    case badSignature
    case malformedJSON(frame: String)
    case missingField(String)
    case badConnectionFile(String)

    public var description: String {
        switch self {
        case .missingDelimiter: "no <IDS|MSG> delimiter frame"
        case .tooFewFrames(let count): "expected at least 5 frames after the delimiter, got \(count)"
        case .badSignature: "signature missing or invalid"
        case .malformedJSON(let frame): "the \(frame) frame is not a JSON object"
        case .missingField(let field): "header has no '\(field)'"
        case .badConnectionFile(let detail): detail
        }
    }
}
