import Dispatch
import Foundation
import Synchronization

/// The second thread of ``ParallelBands``: one long-lived worker that runs the second half of a
/// split while the caller runs the first.
///
/// A training step splits a hundred or so passes of a fraction of a millisecond each; handing
/// each to a thread pool cost a futex wake-up per pass (about 4% of the caller's time in the
/// kernel, plus the wake-up latency). After each half this worker keeps polling for the next one
/// for about a tenth of a millisecond before it sleeps, so back-to-back passes reach it without a
/// system call. Only one caller holds it at a time; any other caller (another thread, or a split
/// nested inside a half) runs its work on its own thread, which gives the same bits.
final class BandWorker: @unchecked Sendable {
    /// The process's worker, started on first use.
    static let shared = BandWorker()

    /// Halves posted so far; the worker runs each once. Publishes `job`.
    private let posted = Atomic<Int>(0)
    /// Halves finished so far.
    private let finished = Atomic<Int>(0)
    /// Whether a caller holds the worker.
    private let held = Atomic<Bool>(false)
    /// Whether the worker is asleep on `wake` (or about to be).
    private let sleeping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    /// The half to run next; written by the holder before it bumps `posted`.
    private var job: (@Sendable () -> Void)?
    /// Polls before sleeping: each is an atomic load, so this is on the order of 100 µs.
    private let pollsBeforeSleeping = 20_000

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "mote-bands"
        thread.start()
    }

    /// Runs `first` here and `second` on the worker at the same time, returning when both are
    /// done; or returns false, running nothing, when another caller holds the worker.
    func run(_ first: () -> Void, alongside second: @Sendable () -> Void) -> Bool {
        guard held.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        withoutActuallyEscaping(second) { second in
            job = second
            let ticket = posted.add(1, ordering: .sequentiallyConsistent).newValue
            if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
            first()
            var polls = 0
            while finished.load(ordering: .acquiring) != ticket {
                polls += 1
                if polls > 1_000 { sched_yield() }  // the worker was descheduled: let it run
            }
            job = nil
        }
        held.store(false, ordering: .releasing)
        return true
    }

    /// The worker's loop: wait for a posted half, run it, report it finished.
    private func serve() {
        var seen = 0
        while true {
            var polls = 0
            while posted.load(ordering: .acquiring) == seen {
                polls += 1
                guard polls > pollsBeforeSleeping else { continue }
                sleeping.store(true, ordering: .sequentiallyConsistent)
                if posted.load(ordering: .sequentiallyConsistent) != seen {
                    // Work arrived while falling asleep: if the holder already cleared the flag,
                    // its signal is on the way and must be taken.
                    if !sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.wait() }
                } else {
                    wake.wait()
                }
                polls = 0
            }
            seen += 1
            job?()
            finished.store(seen, ordering: .releasing)
        }
    }
}
