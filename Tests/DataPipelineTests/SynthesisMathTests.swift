import Foundation
import Testing
@testable import DataPipeline

@Suite struct SynthesisMathTests {
    @Test func expMatchesTheMathLibrary() {
        var x = -740.0
        while x < 709 {
            let expected = Foundation.exp(x), actual = SynthesisMath.exp(x)
            #expect(abs(actual - expected) <= 4 * expected.ulp, "exp(\(x)) = \(actual), expected \(expected)")
            x += 0.731
        }
        #expect(SynthesisMath.exp(0) == 1)
        #expect(SynthesisMath.exp(-800) == 0)
        #expect(SynthesisMath.exp(800) == .infinity)
    }

    @Test func sinAndCosMatchTheMathLibrary() {
        for step in -2000...2000 {
            let x = Double(step) * 0.0137
            #expect(abs(SynthesisMath.sin(x) - Foundation.sin(x)) < 1e-14)
            #expect(abs(SynthesisMath.cos(x) - Foundation.cos(x)) < 1e-14)
        }
    }
}
