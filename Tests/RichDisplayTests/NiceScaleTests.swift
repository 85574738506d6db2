import Testing
@testable import RichDisplay

@Suite struct NiceScaleTests {
    @Test func zeroToOnePointFourOneStepsByTwoTenths() {
        let scale = NiceScale(lower: 0, upper: 1.41, targetCount: 7)
        #expect(scale.step == 0.2)
        #expect(scale.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4])
        #expect(scale.labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2", "1.4"])
    }

    @Test func stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(NiceScale.niceStep(rough: 0.13) == 0.1)
        #expect(NiceScale.niceStep(rough: 0.17) == 0.2)
        #expect(NiceScale.niceStep(rough: 2.9) == 2)
        #expect(NiceScale.niceStep(rough: 3.2) == 5)
        #expect(NiceScale.niceStep(rough: 6.9) == 5)
        #expect(NiceScale.niceStep(rough: 7.5) == 10)
        #expect(NiceScale.niceStep(rough: 420) == 500)
    }

    @Test func ticksStayInsideTheRangeAndAvoidFloatingNoise() {
        let scale = NiceScale(lower: -0.95, upper: 0.95, targetCount: 4)
        #expect(scale.ticks == [-0.5, 0, 0.5])
        let tenths = NiceScale(lower: 0.05, upper: 0.75, targetCount: 7)
        #expect(tenths.ticks == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
        #expect(!tenths.ticks.contains(0.30000000000000004))
    }

    @Test func integerAxesNeverStepBelowOne() {
        let scale = NiceScale(lower: 1, upper: 4, targetCount: 10, integerOnly: true)
        #expect(scale.ticks == [1, 2, 3, 4])
    }

    @Test func degenerateRangesGiveOneTickOrNone() {
        #expect(NiceScale(lower: 2, upper: 2).ticks == [2])
        #expect(NiceScale(lower: .nan, upper: 1).ticks == [])
    }

    @Test func largeAndNegativeLabelsAreCompact() {
        let millions = NiceScale(lower: 0, upper: 2_400_000, targetCount: 5)
        #expect(millions.labels == ["0", "0.5M", "1.0M", "1.5M", "2.0M"])
        let negative = NiceScale(lower: -2, upper: 2, targetCount: 4)
        #expect(negative.labels == ["\u{2212}2", "\u{2212}1", "0", "1", "2"])
        let tiny = NiceScale(lower: 0, upper: 0.0003, targetCount: 3)
        #expect(tiny.labels == ["0", "1e\u{2212}4", "2e\u{2212}4", "3e\u{2212}4"])
    }

    @Test func flatDataGetsABandAroundIt() {
        #expect(Axes.domain(of: [2, 2, 2], padding: 0.05) == (1.8, 2.2))
        #expect(Axes.domain(of: [0], padding: 0.05) == (-1, 1))
        let noise = Axes.domain(of: [1, 1 + 1e-12], padding: 0)
        #expect(abs(noise.lower - 0.9) < 1e-9 && abs(noise.upper - 1.1) < 1e-9)
        #expect(Axes.domain(of: [.nan, .infinity], padding: 0) == (0, 1))
        #expect(Axes.domain(of: [0, 10], padding: 0.05) == (-0.5, 10.5))
    }
}
