import Foundation
import Testing
@testable import DataPipeline

@Suite struct FFTWindowedPowerTests {
    /// The fused path (window, transform, squared magnitude) agrees with windowing by hand and
    /// `powerSpectrum`, for radix-2, Bluestein and odd lengths, and windows shorter than the frame.
    @Test(arguments: [(1, 1), (2, 2), (4, 3), (8, 8), (16, 11), (64, 60), (512, 480), (6, 6), (10, 7), (480, 480), (5, 5), (7, 4)])
    func windowedPowerMatchesPowerSpectrum(length: Int, windowLength: Int) {
        var state: UInt64 = UInt64(length * 1000 + windowLength)
        let signal: [Float] = (0..<windowLength).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Double(state >> 11) * 0x1p-53 * 2 - 1)
        }
        let window = (0..<windowLength).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(windowLength)) + 0.1 }
        let plan = FFT.Plan(length: length)
        let expected = plan.powerSpectrum(zip(signal, window).map { Double($0) * $1 })
        var scratch = plan.makeScratch()
        var power = [Double](repeating: .nan, count: length / 2 + 1)
        signal.withUnsafeBufferPointer { signal in
            power.withUnsafeMutableBufferPointer { power in
                plan.windowedPower(signal.baseAddress!, window: window, into: power.baseAddress!, scratch: &scratch)
            }
        }
        let scale = max(1, expected.max() ?? 1)
        let error = zip(power, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(error < 1e-12 * scale, "length \(length), window \(windowLength): max error \(error)")
    }
}
