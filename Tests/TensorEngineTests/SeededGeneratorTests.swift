import Testing
@testable import TensorEngine
import Foundation

@Suite("Seeded generator")
struct SeededGeneratorTests {
    @Test func splitMix64MatchesTheReferenceSequence() {
        var mixer = SplitMix64(state: 0)
        #expect(mixer.next() == 0xE220_A839_7B1D_CDAF)
        #expect(mixer.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(mixer.next() == 0x06C4_5D18_8009_454F)
        #expect(mixer.next() == 0xF88B_B8A8_724C_81EC)
    }

    @Test func xoshiro256StarStarMatchesTheReferenceSequence() {
        // The reference implementation started from the state {1, 2, 3, 4}.
        var generator = SeededGenerator(state: (1, 2, 3, 4))
        let expected: [UInt64] = [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240,
                                  1_216_172_134_540_287_360, 607_988_272_756_665_600]
        #expect((0..<6).map { _ in generator.next() } == expected)
    }

    @Test func goldenValuesForSeedZeroAndFortyTwo() {
        var zero = SeededGenerator(seed: 0)
        #expect((0..<4).map { _ in zero.next() }
            == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C])
        var fortyTwo = SeededGenerator(seed: 42)
        #expect((0..<4).map { _ in fortyTwo.next() }
            == [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1])
    }

    @Test func uniformUsesTheTopTwentyFourBits() {
        var generator = SeededGenerator(seed: 0)
        #expect(generator.nextUniform() == 0.6012629866600037)
        #expect(generator.nextUniform() == 0.747774064540863)
        #expect(generator.nextUniform() == 0.10301995277404785)
        var extremes = SeededGenerator(seed: 9)
        for _ in 0..<10_000 {
            let value = extremes.nextUniform()
            #expect(value >= 0 && value < 1)
        }
    }

    @Test func normalGoldenValues() {
        // Reference values from double-precision Box–Muller with the platform's log/sin/cos;
        // the generator's own functions must agree to float precision.
        let references: [(UInt64, [Double])] = [
            (0, [-0.01410679738124918, -1.0085864725210538, -1.845895087695827, 1.0669282078900473]),
            (42, [-1.6132237513849157, 1.5344873235334193, 0.7816920450573488, -0.4001934943234848]),
        ]
        for (seed, expected) in references {
            var generator = SeededGenerator(seed: seed)
            for value in expected {
                let drawn = Double(generator.nextNormal())
                #expect(abs(drawn - value) <= 1e-6 * Swift.max(1, abs(value)))
            }
        }
        // Exact bit patterns, pinned once from this implementation: they must never change.
        var zero = SeededGenerator(seed: 0)
        #expect((0..<4).map { _ in zero.nextNormal().bitPattern } == [0xBC67_2032, 0xBF81_195D, 0xBFEC_464A, 0x3F88_911B])
        var fortyTwo = SeededGenerator(seed: 42)
        #expect((0..<4).map { _ in fortyTwo.nextNormal().bitPattern }
            == [0xBFCE_7E1E, 0x3FC4_6A15, 0x3F48_1CF8, 0xBECC_E629])
    }

    @Test func randnHasStandardMoments() throws {
        let samples = Tensor.randn([100_000], seed: 1)
        let mean = try samples.mean()
        let variance = try samples.combined(with: Tensor(scalar: mean), .subtract)
            .combined(with: Tensor(scalar: 2), .power).mean()
        #expect(abs(mean) < 0.01)
        #expect(abs(variance.squareRoot() - 1) < 0.01)
        // About 68.3% within one standard deviation.
        let inside = samples.scalars.filter { abs($0) < 1 }.count
        #expect(abs(Double(inside) / 100_000 - 0.6827) < 0.005)
    }

    @Test func deterministicMathIsAccurate() {
        for x in [1e-300, 1e-10, 0.001, 0.3, 0.5, 0.7071, 0.99999, 1, 1.5, 2, 10, 12345.678] {
            let expected = Foundation.log(x)
            #expect(abs(DeterministicMath.log(x) - expected) <= 1e-15 * Swift.max(1, abs(expected)))
        }
        for step in 0...1000 {
            let turns = Double(step) / 1000
            let (sine, cosine) = DeterministicMath.sinCosOfTurns(turns)
            #expect(abs(sine - Foundation.sin(2 * .pi * turns)) < 1e-14)
            #expect(abs(cosine - Foundation.cos(2 * .pi * turns)) < 1e-14)
        }
    }

    @Test func nextIntIsInRangeAndCoversIt() {
        var generator = SeededGenerator(seed: 5)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let value = generator.nextInt(upperBound: 7)
            #expect(value >= 0 && value < 7)
            seen.insert(value)
        }
        #expect(seen.count == 7)
        #expect(generator.nextInt(upperBound: 1) == 0)
    }

    @Test func shuffleIsADeterministicPermutation() {
        var first = SeededGenerator(seed: 11)
        var second = SeededGenerator(seed: 11)
        var a = Array(0..<20)
        var b = Array(0..<20)
        first.shuffle(&a)
        second.shuffle(&b)
        #expect(a == b)
        #expect(a != Array(0..<20))
        #expect(a.sorted() == Array(0..<20))
        // Pinned once from this implementation: a change here changes every shuffled dataset.
        #expect(a == [15, 5, 8, 11, 14, 10, 9, 6, 3, 0, 2, 13, 12, 16, 17, 18, 7, 19, 1, 4])
        var empty: [Int] = []
        first.shuffle(&empty)
        #expect(empty.isEmpty)
    }
}
