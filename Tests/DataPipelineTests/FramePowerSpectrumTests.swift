import Foundation
import Testing
@testable import DataPipeline

@Suite struct FramePowerSpectrumTests {
    /// The Float32 path (window, transform, squared magnitude) agrees with windowing by hand and
    /// the Double `powerSpectrum` to Float32 precision, for every power-of-two length from 2 (the
    /// scalar and both vector widths) and windows shorter than the frame.
    @Test(arguments: [(2, 2), (2, 1), (4, 3), (8, 8), (16, 11), (32, 32), (64, 60), (256, 200), (512, 480), (1024, 1024)])
    func matchesTheDoublePowerSpectrum(length: Int, windowLength: Int) {
        var state: UInt64 = UInt64(length * 1000 + windowLength)
        let signal: [Float] = (0..<windowLength).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Double(state >> 11) * 0x1p-53 * 2 - 1)
        }
        let window = (0..<windowLength).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(windowLength)) + 0.1 }
        // The reference windows in Double the Float window the fast path uses.
        let expected = FFT.Plan(length: length).powerSpectrum(zip(signal, window).map { Double($0) * Double(Float($1)) })
        let spectrum = FramePowerSpectrum(length: length, window: window)
        var scratch = spectrum.makeScratch()
        var power = [Float](repeating: .nan, count: length / 2 + 1)
        signal.withUnsafeBufferPointer { signal in
            power.withUnsafeMutableBufferPointer { power in
                spectrum.power(signal.baseAddress!, into: power.baseAddress!, scratch: &scratch)
            }
        }
        // Float32 rounding grows with log2(n) stages and with the frame's energy, not the bin's.
        let energy = expected.reduce(0, +)
        let error = zip(power, expected).map { abs(Double($0) - $1) }.max() ?? .infinity
        #expect(error < 1e-6 * energy, "length \(length), window \(windowLength): max error \(error) of energy \(energy)")
        #expect(!power.contains { $0.isNaN })
    }

    /// A pure tone lands in its bin: a cosine at bin 5 of 64 points gives (n/2)² there and nearly
    /// nothing elsewhere (a rectangular window).
    @Test func toneLandsInItsBin() {
        let n = 64
        let signal = (0..<n).map { Float(cos(2 * Double.pi * 5 * Double($0) / Double(n))) }
        let spectrum = FramePowerSpectrum(length: n, window: [Double](repeating: 1, count: n))
        var scratch = spectrum.makeScratch()
        var power = [Float](repeating: 0, count: n / 2 + 1)
        signal.withUnsafeBufferPointer { signal in
            power.withUnsafeMutableBufferPointer { spectrum.power(signal.baseAddress!, into: $0.baseAddress!, scratch: &scratch) }
        }
        #expect(abs(power[5] - 1024) < 1e-2)
        for bin in power.indices where bin != 5 { #expect(power[bin] < 1e-6, "bin \(bin): \(power[bin])") }
    }
}
