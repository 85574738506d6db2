import Foundation
import Testing
import TensorEngine
@testable import DataPipeline

/// Log-mel and MFCC values against `Goldens/features.json`, written by `Goldens/make_goldens.py`
/// from NumPy's FFT, librosa's HTK mel filters and SciPy's orthonormal DCT-II.
@Suite struct FeatureGoldenTests {
    /// Both sides compute in double precision; Mote's outputs are Float32 and the goldens are
    /// rounded to 6 decimals, so values agree to about 10⁻⁶ (measured: 1.3·10⁻⁶ at most). The
    /// bound leaves a margin for that and nothing more: a periodic-vs-symmetric window, a power
    /// scale or a filter edge off by one bin moves values by 10⁻³ or more.
    static let tolerance = 1e-4

    struct Case {
        let kind: String
        let rate: Double
        let steps: Int
        let window: Double
        let stride: Double
        let filters: Int
        let coefficients: Int
        let low: Double
        let high: Double
        let logMel: [[Double]]
        let mfcc: [[Double]]
    }

    static func cases() throws -> [Case] {
        let url = try #require(Bundle.module.url(forResource: "features", withExtension: "json", subdirectory: "Goldens"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        return try cases.map { entry in
            func number(_ key: String) throws -> Double { try #require((entry[key] as? NSNumber)?.doubleValue) }
            func matrix(_ key: String) throws -> [[Double]] {
                try #require(entry[key] as? [[NSNumber]]).map { $0.map(\.doubleValue) }
            }
            return Case(kind: try #require(entry["kind"] as? String), rate: try number("rate"), steps: Int(try number("steps")),
                        window: try number("window"), stride: try number("stride"), filters: Int(try number("filters")),
                        coefficients: Int(try number("coefficients")), low: try number("low"), high: try number("high"),
                        logMel: try matrix("logMel"), mfcc: try matrix("mfcc"))
        }
    }

    /// The same signals as `make_signal` in the script, rounded to Float32.
    static func signal(_ kind: String, rate: Double, steps: Int) -> [Float] {
        var state = UInt64(kind.utf8.count) &* 6_364_136_223_846_793_005 &+ 1
        return (0..<steps).map { step in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Double(state >> 11) * 0x1p-53 * 2 - 1
            let t = Double(step) / rate
            let tone: Double
            switch kind {
            case "chirp": tone = 0.5 * sin(2 * Double.pi * (100 * t + 0.5 * 6900 * t * t))
            case "two-tone": tone = 0.3 * sin(2 * Double.pi * 440 * t) + 0.2 * sin(2 * Double.pi * 2500 * t + 0.5)
            default: tone = 0.4 * sin(2 * Double.pi * 300 * t) + 0.1 * sin(2 * Double.pi * 900 * t)
            }
            return Float(tone + 0.01 * noise)
        }
    }

    static func dataset(_ golden: Case) throws -> Dataset {
        try Dataset(samples: Tensor(shape: [1, golden.steps, 1], scalars: signal(golden.kind, rate: golden.rate, steps: golden.steps)),
                    labels: .classes([0]), classNames: ["clip"], rate: golden.rate)
    }

    static func largestDifference(_ tensor: Tensor, _ expected: [[Double]]) -> Double {
        let flat = expected.flatMap { $0 }
        guard tensor.count == flat.count else { return .infinity }
        return zip(tensor.scalars, flat).map { abs(Double($0) - $1) }.max() ?? 0
    }

    @Test func logMelMatchesLibrosa() throws {
        for golden in try Self.cases() {
            let mel = try Self.dataset(golden).melspec(window: golden.window, stride: golden.stride, filters: golden.filters,
                                                       low: golden.low, high: golden.high)
            #expect(mel.samples.shape == [1, golden.logMel.count, golden.filters], "\(golden.kind)")
            let difference = Self.largestDifference(mel.samples, golden.logMel)
            #expect(difference < Self.tolerance, "\(golden.kind): largest log-mel difference \(difference)")
        }
    }

    @Test func mfccMatchesLibrosaAndSciPy() throws {
        for golden in try Self.cases() {
            let mfcc = try Self.dataset(golden).mfcc(window: golden.window, stride: golden.stride, filters: golden.filters,
                                                     coefficients: golden.coefficients, low: golden.low, high: golden.high)
            #expect(mfcc.samples.shape == [1, golden.mfcc.count, golden.coefficients], "\(golden.kind)")
            let difference = Self.largestDifference(mfcc.samples, golden.mfcc)
            #expect(difference < Self.tolerance, "\(golden.kind): largest MFCC difference \(difference)")
        }
    }

    @Test func defaultsAreTheGoldensFirstCase() throws {
        // The defaults must be the micro_speech / MLPerf definition the first golden uses.
        let golden = try #require(try Self.cases().first)
        let data = try Self.dataset(golden)
        #expect(Self.largestDifference(try data.melspec().samples, golden.logMel) < Self.tolerance)
        #expect(Self.largestDifference(try data.mfcc().samples, golden.mfcc) < Self.tolerance)
    }
}
