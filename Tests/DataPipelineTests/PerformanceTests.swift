import Foundation
import Testing
import TensorEngine
@testable import DataPipeline

@Suite struct PerformanceTests {
    /// The requirement: 1,000 gesture windows in under a second in a release build (0.02 s
    /// measured). An unoptimised build takes about 2 s, so it gets a looser bound that still
    /// catches an accidental quadratic.
    @Test func thousandGestureWindowsInUnderASecond() throws {
        let start = ContinuousClock.now
        let data = try Dataset.gestures(perClass: 250, seed: 1)
        let elapsed = ContinuousClock.now - start
        #expect(data.count == 1000)
        let bound: Duration = _isDebugAssertConfiguration() ? .seconds(10) : .seconds(1)
        #expect(elapsed < bound, "1,000 gesture windows took \(elapsed)")
    }
}
