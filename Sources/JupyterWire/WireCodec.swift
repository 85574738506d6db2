import Foundation
import JSONValues

/// Turns messages into ZeroMQ multipart frames and back:
/// `[identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...]`.
public struct WireCodec: Sendable {
    public static let delimiter = Data("<IDS|MSG>".utf8)
    public let signer: MessageSigner

    public init(key: String) {
        signer = MessageSigner(key: key)
    }

    /// The frames for `message`, signed over exactly the bytes sent.
    public func encode(_ message: Message) -> [Data] {
        let dicts = [message.header, message.parentHeader, message.metadata, message.content].map { $0.encoded() }
        return message.identities + [Self.delimiter, Data(signer.signature(dicts).utf8)] + dicts + message.buffers
    }

    /// Reads frames, verifying the signature against the bytes as received (never re-serialised).
    public func decode(_ frames: [Data]) throws(WireError) -> Message {
        guard let split = frames.firstIndex(of: Self.delimiter) else { throw .missingDelimiter }
        let rest = Array(frames[(split + 1)...])
        guard rest.count >= 5 else { throw .tooFewFrames(rest.count) }
        let dicts = Array(rest[1...4])
        guard signer.verify(rest[0], frames: dicts) else { throw .badSignature }
        let names = ["header", "parent_header", "metadata", "content"]
        var parsed = [JSON]()
        for (name, frame) in zip(names, dicts) {
            guard let value = try? JSON(data: frame), case .object = value else { throw .malformedJSON(frame: name) }
            parsed.append(value)
        }
        let header = parsed[0]
        for field in ["msg_id", "msg_type"] where header[field]?.stringValue == nil {
            throw .missingField(field)
        }
        return Message(identities: Array(frames[..<split]), header: header, parentHeader: parsed[1],
                       metadata: parsed[2], content: parsed[3], buffers: Array(rest.dropFirst(5)))
    }
}
