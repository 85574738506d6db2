import Foundation

/// The channels of a Jupyter kernel (the heartbeat is the transport's own business).
public enum Channel: String, Sendable, Hashable, CaseIterable {
    case shell, control, stdin, iopub
}

/// Moves multipart frames; knows nothing of what they mean. `ZeroMQTransport` is the real one,
/// `InMemoryTransport` the one tests drive.
public protocol KernelTransport: Sendable {
    /// The next multipart message on `channel`, waiting at most `timeout`; `nil` if none came.
    /// Each channel is read by one thread only.
    func receive(on channel: Channel, timeout: Duration) -> [Data]?
    /// Sends frames on `channel`. Safe to call from any thread.
    func send(_ frames: [Data], on channel: Channel)
}
