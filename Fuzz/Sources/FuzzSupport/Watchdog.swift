import Foundation
import Synchronization

/// Calls a stop function when one input has run longer than its allowance. The evaluator polls
/// its interruption flag, so a long loop in a generated program ends as `Interrupted` instead of
/// being reported by libFuzzer as a hang.
public final class Watchdog: Sendable {
    private struct Watch {
        var deadline: ContinuousClock.Instant
        var stop: (@Sendable () -> Void)?
    }

    private let watch = Mutex(Watch(deadline: .now, stop: nil))

    public init() {
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.01)
                let due: (@Sendable () -> Void)? = watch.withLock { watch in
                    guard let stop = watch.stop, ContinuousClock.now >= watch.deadline else { return nil }
                    watch.stop = nil
                    return stop
                }
                due?()
            }
        }
        thread.start()
    }

    /// Runs `body`, calling `stop` if it is still running after `allowance`.
    public func run<T>(allowing allowance: Duration, stop: @escaping @Sendable () -> Void, _ body: () throws -> T) rethrows -> T {
        watch.withLock { $0 = Watch(deadline: .now + allowance, stop: stop) }
        defer { watch.withLock { $0.stop = nil } }
        return try body()
    }
}
