import Dispatch
import Foundation
import JSONValues

/// What a running execution may publish: stream text, displays, display updates. Outputs are
/// parented on the execute request by construction; a silent execution publishes nothing.
///
/// Stream text is coalesced so a burst of prints becomes one `stream` message, not one per
/// line: the first write after a quiet spell goes out at once, later ones within 50 ms, before
/// any other output, and when the cell ends. A timer sends what waits, so a print followed by
/// long work still shows while the work runs.
/// A cell's stream text is capped by a ``StreamBudget``.
public final class ExecutionContext: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `lock`; publishing happens under it too, so
    // messages leave in the order they were made.
    public enum StreamName: String, Sendable { case stdout, stderr }

    public let executionCount: Int
    public let isSilent: Bool
    private let publish: @Sendable (_ msgType: String, _ content: JSON) -> Void
    private let lock = NSLock()
    private var pending: (stream: StreamName, text: String)?
    private var lastFlush = ContinuousClock.now - .seconds(1)
    private var flushScheduled = false
    private static let flushInterval = Duration.milliseconds(50)
    private static let maxPendingBytes = 1 << 16
    private var budget: StreamBudget

    init(executionCount: Int, isSilent: Bool, streamLimit: Int = StreamBudget.defaultLimit,
         publish: @escaping @Sendable (String, JSON) -> Void) {
        self.executionCount = executionCount
        self.isSilent = isSilent
        self.budget = StreamBudget(limit: streamLimit)
        self.publish = publish
    }

    public func write(_ text: String, to stream: StreamName) {
        guard !isSilent, !text.isEmpty else { return }
        lock.withLock {
            guard let text = budget.admit(text) else { return }
            if let current = pending, current.stream != stream { flushLocked() }
            pending = (stream, (pending?.text ?? "") + text)
            if ContinuousClock.now - lastFlush >= Self.flushInterval || pending!.text.utf8.count >= Self.maxPendingBytes {
                flushLocked()
            } else if !flushScheduled {
                flushScheduled = true
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { [self] in
                    lock.withLock {
                        flushScheduled = false
                        flushLocked()
                    }
                }
            }
        }
    }

    /// Shows a bundle now; with `update`, replaces the earlier display with the same id.
    public func display(_ bundle: DisplayBundle, displayID: String? = nil, update: Bool = false) {
        guard !isSilent else { return }
        var transient: [String: JSON] = [:]
        if let displayID { transient["display_id"] = .string(displayID) }
        lock.withLock {
            flushLocked()
            publish(update && displayID != nil ? "update_display_data" : "display_data", [
                "data": .object(bundle.data),
                "metadata": .object(bundle.metadata),
                "transient": .object(transient),
            ])
        }
    }

    public func clearOutput(wait: Bool) {
        guard !isSilent else { return }
        lock.withLock {
            flushLocked()
            publish("clear_output", ["wait": .bool(wait)])
        }
    }

    /// Publishes buffered stream text. After the cell's final flush nothing is pending, so a
    /// timer that fires later publishes nothing.
    public func flush() {
        lock.withLock { flushLocked() }
    }

    private func flushLocked() {
        guard let current = pending else { return }
        pending = nil
        lastFlush = ContinuousClock.now
        publish("stream", ["name": .string(current.stream.rawValue), "text": .string(current.text)])
    }
}
