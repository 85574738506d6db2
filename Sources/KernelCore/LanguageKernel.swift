import JupyterWire
import JSONValues

/// What a language plugs into the kernel core. The core owns the protocol (busy/idle, the
/// execution counter, execute_input, history, abort-on-error); the language only evaluates.
///
/// Every method but `interrupt()` is called on the shell thread, one request at a time.
public protocol LanguageKernel: AnyObject, Sendable {
    /// `language_info` and the rest of `kernel_info_reply`.
    var info: KernelInfo { get }
    func execute(_ code: String, context: ExecutionContext) -> ExecutionOutcome
    func complete(_ code: String, cursor: Int) -> CompletionResult
    /// `nil` when nothing is known about the name at the cursor.
    func inspect(_ code: String, cursor: Int, detailLevel: Int) -> DisplayBundle?
    func isComplete(_ code: String) -> CompletenessResult
    /// Asks running work to stop soon. Called from the control thread or a signal handler.
    func interrupt()
}

/// A MIME bundle as the protocol carries it.
public struct DisplayBundle: Sendable, Hashable {
    public var data: [String: JSON]
    public var metadata: [String: JSON]

    public init(data: [String: JSON], metadata: [String: JSON] = [:]) {
        self.data = data
        self.metadata = metadata
    }
}

public struct KernelInfo: Sendable, Hashable {
    public struct HelpLink: Sendable, Hashable {
        public var text: String
        public var url: String

        public init(text: String, url: String) {
            self.text = text
            self.url = url
        }
    }

    public var implementation: String
    public var implementationVersion: String
    /// The `language_info` object: name, version, mimetype, file_extension, ...
    public var languageInfo: JSON
    public var banner: String
    public var helpLinks: [HelpLink]

    public init(implementation: String, implementationVersion: String, languageInfo: JSON, banner: String,
                helpLinks: [HelpLink] = []) {
        self.implementation = implementation
        self.implementationVersion = implementationVersion
        self.languageInfo = languageInfo
        self.banner = banner
        self.helpLinks = helpLinks
    }

    var content: JSON {
        [
            "status": "ok",
            "protocol_version": .string(protocolVersion),
            "implementation": .string(implementation),
            "implementation_version": .string(implementationVersion),
            "language_info": languageInfo,
            "banner": .string(banner),
            "help_links": .array(helpLinks.map { ["text": .string($0.text), "url": .string($0.url)] }),
            "supported_features": [],
        ]
    }
}

/// How an execution ended.
public enum ExecutionOutcome: Sendable, Hashable {
    /// `result` is the `execute_result` bundle (nil for none); `pages` go out as pager payloads.
    case success(result: DisplayBundle?, pages: [DisplayBundle])
    case failure(ename: String, evalue: String, traceback: [String])
}

public struct CompletionResult: Sendable, Hashable {
    public var matches: [String]
    public var cursorStart: Int
    public var cursorEnd: Int

    public init(matches: [String], cursorStart: Int, cursorEnd: Int) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
    }
}

public enum CompletenessResult: Sendable, Hashable {
    case complete
    case incomplete(indent: String)
    case invalid
}
