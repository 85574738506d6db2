import Foundation
import Testing
@testable import DataPipeline

@Suite struct FFTTests {
    /// The textbook O(n²) DFT of a complex signal.
    func naiveDFT(_ real: [Double], _ imaginary: [Double]) -> (real: [Double], imaginary: [Double]) {
        let n = real.count
        var outReal = [Double](repeating: 0, count: n), outImaginary = outReal
        for k in 0..<n {
            for j in 0..<n {
                let angle = -2 * Double.pi * Double((j * k) % n) / Double(n)
                outReal[k] += real[j] * cos(angle) - imaginary[j] * sin(angle)
                outImaginary[k] += real[j] * sin(angle) + imaginary[j] * cos(angle)
            }
        }
        return (outReal, outImaginary)
    }

    /// A reproducible signal in [−1, 1) from a linear congruential sequence.
    func signal(_ n: Int, seed: UInt64) -> [Double] {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1
        return (0..<n).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1p-53 * 2 - 1
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 7, 8, 12, 16, 17, 31, 64, 97, 100, 128, 480, 509, 512, 1000, 1021, 1024])
    func complexTransformMatchesNaiveDFT(length: Int) {
        let real = signal(length, seed: UInt64(length)), imaginary = signal(length, seed: UInt64(length) + 1000)
        var fastReal = real, fastImaginary = imaginary
        FFT.Plan(length: length).transform(real: &fastReal, imaginary: &fastImaginary)
        let (slowReal, slowImaginary) = naiveDFT(real, imaginary)
        let error = zip(fastReal + fastImaginary, slowReal + slowImaginary).map { abs($0 - $1) }.max() ?? 0
        #expect(error < 1e-9 * Double(length), "length \(length): max error \(error)")
    }

    @Test(arguments: [1, 2, 6, 10, 13, 64, 101, 256, 480])
    func realSpectrumIsTheFirstHalfAndParsevalHolds(length: Int) {
        let x = signal(length, seed: 42)
        let (real, imaginary) = FFT.realSpectrum(x)
        #expect(real.count == length / 2 + 1 && imaginary.count == real.count)
        let (slowReal, slowImaginary) = naiveDFT(x, [Double](repeating: 0, count: length))
        for k in real.indices {
            #expect(abs(real[k] - slowReal[k]) < 1e-9 && abs(imaginary[k] - slowImaginary[k]) < 1e-9)
        }
        // Parseval: Σ|x|² = (1/n)·Σ|X|² over all n bins (the upper half mirrors the lower).
        let power = FFT.powerSpectrum(x)
        var spectral = 0.0
        for k in 0..<length { spectral += power[k <= length / 2 ? k : length - k] }
        let temporal = x.reduce(0) { $0 + $1 * $1 }
        #expect(abs(spectral / Double(length) - temporal) < 1e-9 * temporal)
    }

    @Test func pureToneLandsInItsBin() {
        let n = 48, bin = 5
        let x = (0..<n).map { cos(2 * Double.pi * Double(bin * $0) / Double(n)) }
        let power = FFT.powerSpectrum(x)
        #expect(abs(power[bin] - Double(n * n) / 4) < 1e-8)
        for k in power.indices where k != bin { #expect(power[k] < 1e-16 * Double(n * n)) }
    }

    @Test func shortSignalIsZeroPadded() {
        let plan = FFT.Plan(length: 8)
        let padded = plan.realSpectrum([1, 2, 3])
        let direct = FFT.realSpectrum([1, 2, 3, 0, 0, 0, 0, 0])
        #expect(padded.real == direct.real && padded.imaginary == direct.imaginary)
    }
}
