/// Work split in two halves on two threads when it is large enough to pay for the second thread.
///
/// Callers give the halves disjoint outputs and keep the order of every sum, so results are the
/// same bits on one thread or two.
package enum ParallelBands {
    /// Below about this many multiply-adds a second thread costs more than it saves.
    package static let minimumWork = 1 << 20
    /// The work of one element of a memory-bound pass (a load, an operation and a store), in
    /// multiply-adds: such passes split from 128 Ki elements (half a megabyte of floats).
    package static let elementWork = 8

    /// Runs `body` on `0..<count`, as two halves at once when `work` reaches ``minimumWork``: the
    /// first on the calling thread, the second on ``BandWorker`` (or both here, in one call, when
    /// another caller holds the worker).
    package static func run(_ count: Int, work: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard count >= 2, work >= minimumWork else {
            body(0..<count)
            return
        }
        let half = (count + 1) / 2
        if !BandWorker.shared.run({ body(0..<half) }, alongside: { body(half..<count) }) {
            body(0..<count)
        }
    }
}

/// Pointers (or other values) handed to the second thread of ``ParallelBands``, whose halves read
/// shared inputs and write disjoint parts of the output.
package struct Unchecked<Value>: @unchecked Sendable {
    package let value: Value

    package init(_ value: Value) { self.value = value }
}
