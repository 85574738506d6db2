import JSONValues

/// What a running execution may publish: stream text, displays, display updates. Outputs are
/// parented on the execute request by construction; a silent execution publishes nothing.
///
/// Stream text is coalesced: a burst of prints becomes one `stream` message instead of one per
/// line, flushed at most every 50 ms, before any other output, and when the cell ends.
public final class ExecutionContext {
    public enum StreamName: String, Sendable { case stdout, stderr }

    public let executionCount: Int
    public let isSilent: Bool
    private let publish: (_ msgType: String, _ content: JSON) -> Void
    private var pending: (stream: StreamName, text: String)?
    private var lastFlush = ContinuousClock.now
    private static let flushInterval = Duration.milliseconds(50)
    private static let maxPendingBytes = 1 << 16

    init(executionCount: Int, isSilent: Bool, publish: @escaping (String, JSON) -> Void) {
        self.executionCount = executionCount
        self.isSilent = isSilent
        self.publish = publish
    }

    public func write(_ text: String, to stream: StreamName) {
        guard !isSilent, !text.isEmpty else { return }
        if let current = pending, current.stream != stream { flush() }
        pending = (stream, (pending?.text ?? "") + text)
        if ContinuousClock.now - lastFlush >= Self.flushInterval || pending!.text.utf8.count >= Self.maxPendingBytes {
            flush()
        }
    }

    /// Shows a bundle now; with `update`, replaces the earlier display with the same id.
    public func display(_ bundle: DisplayBundle, displayID: String? = nil, update: Bool = false) {
        guard !isSilent else { return }
        flush()
        var transient: [String: JSON] = [:]
        if let displayID { transient["display_id"] = .string(displayID) }
        publish(update && displayID != nil ? "update_display_data" : "display_data", [
            "data": .object(bundle.data),
            "metadata": .object(bundle.metadata),
            "transient": .object(transient),
        ])
    }

    public func clearOutput(wait: Bool) {
        guard !isSilent else { return }
        flush()
        publish("clear_output", ["wait": .bool(wait)])
    }

    /// Publishes buffered stream text.
    public func flush() {
        lastFlush = ContinuousClock.now
        guard let current = pending else { return }
        pending = nil
        publish("stream", ["name": .string(current.stream.rawValue), "text": .string(current.text)])
    }
}
