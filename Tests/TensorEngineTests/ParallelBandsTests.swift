import Dispatch
import Testing
@testable import TensorEngine

@Suite("Two-band splits: every index once, from any number of callers, nested or not")
struct ParallelBandsTests {
    /// Marks each index of `0..<count` through a split large enough for two threads.
    private func marks(_ count: Int, nested: Bool = false) -> [Int] {
        var marks = [Int](repeating: 0, count: count)
        marks.withUnsafeMutableBufferPointer { buffer in
            let shared = Unchecked(buffer.baseAddress!)
            ParallelBands.run(count, work: ParallelBands.minimumWork) { band in
                if nested {
                    // A split inside a half runs on the caller's own thread.
                    ParallelBands.run(band.count, work: ParallelBands.minimumWork) { inner in
                        for index in inner { shared.value[band.lowerBound + index] += 1 }
                    }
                } else {
                    for index in band { shared.value[index] += 1 }
                }
            }
        }
        return marks
    }

    @Test func everyIndexRunsExactlyOnce() {
        for count in [2, 3, 17, 1000, 100_001] {
            #expect(marks(count) == [Int](repeating: 1, count: count))
            #expect(marks(count, nested: true) == [Int](repeating: 1, count: count))
        }
    }

    @Test func manyCallersAtOnceEachGetTheirWholeRange() {
        let results = [[Int]](unsafeUninitializedCapacity: 8) { out, initialized in
            let shared = Unchecked(out.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: 8) { caller in
                for _ in 0..<200 {
                    let result = marks(513 + caller)
                    if result != [Int](repeating: 1, count: 513 + caller) {
                        (shared.value + caller).initialize(to: result)
                        return
                    }
                }
                (shared.value + caller).initialize(to: [])
            }
            initialized = 8
        }
        #expect(results.allSatisfy { $0.isEmpty })
    }

    /// After the worker has gone to sleep, the next split still wakes it.
    @Test func aSplitAfterTheWorkerSleepsCompletes() async throws {
        #expect(marks(4096) == [Int](repeating: 1, count: 4096))
        try await Task.sleep(for: .milliseconds(50))
        #expect(marks(4096) == [Int](repeating: 1, count: 4096))
    }
}
