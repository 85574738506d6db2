import JSONValues

/// A request a client may send on shell or control, with its content typed. Unknown types are
/// kept by name so they can be logged, never guessed at.
public enum Request: Sendable, Hashable {
    case kernelInfo
    case execute(ExecuteRequest)
    case complete(CompleteRequest)
    case inspect(InspectRequest)
    case isComplete(code: String)
    case history(HistoryRequest)
    case commInfo(targetName: String?)
    case shutdown(restart: Bool)
    case interrupt
    case unknown(String)

    /// Reads the typed content of `message`.
    /// - Throws: `RequestError` naming the field when a known request has a missing or mistyped field.
    public init(_ message: Message) throws(RequestError) {
        let content = ContentReader(content: message.content, msgType: message.msgType)
        switch message.msgType {
        case "kernel_info_request": self = .kernelInfo
        case "execute_request":
            let code = try content.string("code")
            self = .execute(ExecuteRequest(
                code: code,
                silent: try content.bool("silent", default: false),
                storeHistory: try content.bool("store_history", default: true),
                allowStdin: try content.bool("allow_stdin", default: false),
                stopOnError: try content.bool("stop_on_error", default: true)))
        case "complete_request":
            let code = try content.string("code")
            self = .complete(CompleteRequest(code: code, cursorPos: try content.int("cursor_pos", default: code.unicodeScalars.count)))
        case "inspect_request":
            let code = try content.string("code")
            self = .inspect(InspectRequest(code: code, cursorPos: try content.int("cursor_pos", default: code.unicodeScalars.count),
                                           detailLevel: try content.int("detail_level", default: 0)))
        case "is_complete_request": self = .isComplete(code: try content.string("code"))
        case "history_request": self = .history(try HistoryRequest(content))
        case "comm_info_request": self = .commInfo(targetName: try content.optionalString("target_name"))
        case "shutdown_request": self = .shutdown(restart: try content.bool("restart", default: false))
        case "interrupt_request": self = .interrupt
        default: self = .unknown(message.msgType)
        }
    }
}

public struct ExecuteRequest: Sendable, Hashable {
    public var code: String
    public var silent: Bool
    public var storeHistory: Bool
    public var allowStdin: Bool
    public var stopOnError: Bool

    public init(code: String, silent: Bool = false, storeHistory: Bool = true, allowStdin: Bool = false, stopOnError: Bool = true) {
        self.code = code
        self.silent = silent
        // A silent execution is never stored, whatever the client asked (messaging spec).
        self.storeHistory = storeHistory && !silent
        self.allowStdin = allowStdin
        self.stopOnError = stopOnError
    }
}

public struct CompleteRequest: Sendable, Hashable {
    public var code: String
    /// In Unicode scalars (protocol 5.2+).
    public var cursorPos: Int
}

public struct InspectRequest: Sendable, Hashable {
    public var code: String
    public var cursorPos: Int
    public var detailLevel: Int
}

public struct HistoryRequest: Sendable, Hashable {
    public enum Access: String, Sendable, Hashable { case range, tail, search }
    public var access: Access
    public var output: Bool
    public var raw: Bool
    public var session: Int
    public var start: Int
    public var stop: Int?
    public var count: Int?
    public var pattern: String
    public var unique: Bool

    init(_ content: ContentReader) throws(RequestError) {
        let access = try content.string("hist_access_type")
        guard let kind = Access(rawValue: access) else {
            throw RequestError(field: "hist_access_type", problem: "must be range, tail or search, not '\(access)'")
        }
        self.access = kind
        output = try content.bool("output", default: false)
        raw = try content.bool("raw", default: true)
        session = try content.int("session", default: 0)
        start = try content.int("start", default: 0)
        stop = try content.optionalInt("stop")
        count = try content.optionalInt("n")
        pattern = try content.optionalString("pattern") ?? "*"
        unique = try content.bool("unique", default: false)
    }
}

/// A known request whose content lacks a field or has one of the wrong type.
public struct RequestError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public var description: String { "'\(field)' \(problem)" }
}

/// Reads typed fields from a request's content, naming the field when it is wrong.
struct ContentReader {
    let content: JSON
    let msgType: String

    func string(_ key: String) throws(RequestError) -> String {
        guard let value = content[key] else { throw RequestError(field: key, problem: "is missing from \(msgType)") }
        guard let text = value.stringValue else { throw RequestError(field: key, problem: "must be a string") }
        return text
    }

    func optionalString(_ key: String) throws(RequestError) -> String? {
        guard let value = content[key], value != .null else { return nil }
        guard let text = value.stringValue else { throw RequestError(field: key, problem: "must be a string") }
        return text
    }

    func bool(_ key: String, default fallback: Bool) throws(RequestError) -> Bool {
        guard let value = content[key], value != .null else { return fallback }
        guard let flag = value.boolValue else { throw RequestError(field: key, problem: "must be true or false") }
        return flag
    }

    func int(_ key: String, default fallback: Int) throws(RequestError) -> Int {
        try optionalInt(key) ?? fallback
    }

    func optionalInt(_ key: String) throws(RequestError) -> Int? {
        guard let value = content[key], value != .null else { return nil }
        guard let number = value.intValue else { throw RequestError(field: key, problem: "must be a whole number") }
        return number
    }
}
