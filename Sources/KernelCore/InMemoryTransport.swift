import Foundation
import Synchronization

/// A transport of in-process queues: tests put request frames in and read what the kernel sent.
public final class InMemoryTransport: KernelTransport {
    private struct Queues {
        var incoming: [Channel: [[Data]]] = [:]
        var sent: [(channel: Channel, frames: [Data])] = []
    }

    private let queues = Mutex(Queues())

    public init() {}

    /// Queues frames as if a client had sent them on `channel`.
    public func deliver(_ frames: [Data], on channel: Channel) {
        queues.withLock { $0.incoming[channel, default: []].append(frames) }
    }

    /// Everything the kernel sent so far, in order, with its channel; clears the record.
    public func takeSent() -> [(channel: Channel, frames: [Data])] {
        queues.withLock { state in
            defer { state.sent.removeAll() }
            return state.sent
        }
    }

    public func receive(on channel: Channel, timeout: Duration) -> [Data]? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let next: [Data]? = queues.withLock { state in
                guard var queue = state.incoming[channel], !queue.isEmpty else { return nil }
                let first = queue.removeFirst()
                state.incoming[channel] = queue
                return first
            }
            if let next { return next }
            if ContinuousClock.now >= deadline { return nil }
            Thread.sleep(forTimeInterval: 0.001)
        }
    }

    public func send(_ frames: [Data], on channel: Channel) {
        queues.withLock { $0.sent.append((channel, frames)) }
    }
}
