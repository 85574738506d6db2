import Foundation
import JSONValues
import Synchronization

/// The protocol version Mote speaks. 5.3 is the first with `interrupt_request`; anything from
/// 5.2 up also keeps jupyter_kernel_test's schema check lenient about extra keys.
public let protocolVersion = "5.3"

/// One Jupyter message, as the frames carry it. The header is kept as JSON so that a reply's
/// `parent_header` echoes the request's header exactly, unknown fields included.
public struct Message: Sendable, Hashable {
    /// ZeroMQ routing frames (ROUTER identities, or the PUB topic).
    public var identities: [Data]
    public var header: JSON
    public var parentHeader: JSON
    public var metadata: JSON
    public var content: JSON
    public var buffers: [Data]

    public init(identities: [Data] = [], header: JSON, parentHeader: JSON = [:], metadata: JSON = [:],
                content: JSON, buffers: [Data] = []) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    public var msgType: String { header["msg_type"]?.stringValue ?? "" }
    public var msgID: String { header["msg_id"]?.stringValue ?? "" }
}

/// Makes headers for the messages one kernel process sends: fresh ids, its session id, ISO dates.
public struct HeaderFactory: Sendable {
    public let session: String
    public let username: String
    private let counter = MessageCounter()

    public init(session: String = UUID().uuidString.lowercased(), username: String = "mote") {
        self.session = session
        self.username = username
    }

    /// A new header of the given type. Its id is the session id and a counter, unique without
    /// drawing a random UUID per message (as jupyter_client numbers its own messages).
    public func header(_ msgType: String, date: Date = Date()) -> JSON {
        [
            "msg_id": .string("\(session)_\(counter.next())"),
            "session": .string(session),
            "username": .string(username),
            "date": .string(Self.isoDate(date)),
            "msg_type": .string(msgType),
            "version": .string(protocolVersion),
        ]
    }

    /// A message of `msgType` in response to `parent`: parented on its header and, for replies,
    /// routed back to the same identities.
    public func message(_ msgType: String, content: JSON, parent: Message?, identities: [Data] = [],
                        metadata: JSON = [:]) -> Message {
        Message(identities: identities, header: header(msgType), parentHeader: parent?.header ?? [:],
                metadata: metadata, content: content)
    }

    /// A reply to `request` on the socket it came from (`*_request` becomes `*_reply`).
    public func reply(to request: Message, content: JSON, metadata: JSON = [:]) -> Message {
        let type = request.msgType.hasSuffix("_request")
            ? String(request.msgType.dropLast("_request".count)) + "_reply" : request.msgType + "_reply"
        return message(type, content: content, parent: request, identities: request.identities, metadata: metadata)
    }

    /// ISO 8601 in UTC with microseconds, as ipykernel writes it: `2026-11-25T08:17:25.123456Z`.
    public static func isoDate(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = floor(seconds)
        let micros = min(999_999, Int(((seconds - whole) * 1_000_000).rounded()))
        var time = time_t(whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        // Built by hand: String(format:) is the slowest step of sending a message.
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(Int(parts.tm_year) + 1900, 4) + "-" + padded(Int(parts.tm_mon) + 1, 2) + "-" + padded(Int(parts.tm_mday), 2)
            + "T" + padded(Int(parts.tm_hour), 2) + ":" + padded(Int(parts.tm_min), 2) + ":" + padded(Int(parts.tm_sec), 2)
            + "." + padded(micros, 6) + "Z"
    }
}

/// Numbers the messages of one kernel process.
private final class MessageCounter: Sendable {
    private let value = Atomic<Int>(0)

    func next() -> Int { value.add(1, ordering: .relaxed).newValue }
}
