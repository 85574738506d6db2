import Foundation
import Testing
import TensorEngine
@testable import DataPipeline

/// Pinned values of each generator for fixed seeds. The generators use only the seeded generator
/// and IEEE-754 basic arithmetic, so these hold on every platform; a change here means the data a
/// published notebook shows has changed, which must be deliberate.
@Suite struct GeneratorGoldenTests {
    /// The sum (in `Double`, in order) of all samples and the bit patterns of three of them.
    static func fingerprint(_ data: Dataset) -> (sum: Double, bits: [UInt32]) {
        let scalars = data.samples.scalars
        let picks = [0, scalars.count / 3, scalars.count - 1]
        return (scalars.reduce(0.0) { $0 + Double($1) }, picks.map { scalars[$0].bitPattern })
    }

    @Test func gesturesArePinned() throws {
        let (sum, bits) = Self.fingerprint(try .gestures(perClass: 2, seed: 7))
        #expect(sum.bitPattern == 4_648_915_538_100_784_768)
        #expect(bits == [3_206_716_535, 1_032_925_775, 1_040_762_684])
    }

    @Test func keywordsArePinned() throws {
        let (sum, bits) = Self.fingerprint(try .keywords(perClass: 1, duration: 0.25, seed: 7))
        #expect(sum.bitPattern == 4_625_350_946_693_006_080)
        #expect(bits == [1_032_336_944, 1_022_029_331, 3_146_998_822])
    }

    @Test func vibrationIsPinned() throws {
        let data = try Dataset.vibration(normal: 2, anomalous: 2, duration: 0.5, seed: 7)
        let (sum, bits) = Self.fingerprint(data)
        #expect(data.classIndices == [1, 0, 0, 1])
        #expect(sum.bitPattern == 13_851_056_671_578_541_056)
        #expect(bits == [1_065_387_184, 3_209_445_602, 1_046_896_983])
    }
}
