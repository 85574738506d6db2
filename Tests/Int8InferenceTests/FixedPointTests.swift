import Foundation
import Testing
@testable import Int8Inference

/// Golden values of the fixed-point helpers, computed by `Goldens/make_fixed_point_goldens.py`.
private struct FixedPointGoldens: Decodable {
    let quantize_multiplier: [[JSONScalar]]
    let srdhm: [[Int64]]
    let rdbpot: [[Int64]]
    let mbqm: [[Int64]]

    static func load() throws -> FixedPointGoldens {
        let url = try #require(Bundle.module.url(forResource: "fixed_point", withExtension: "json", subdirectory: "Goldens"))
        return try JSONDecoder().decode(FixedPointGoldens.self, from: Data(contentsOf: url))
    }
}

/// A JSON array element that is a string or an integer.
private enum JSONScalar: Decodable {
    case string(String)
    case integer(Int64)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int64.self) { self = .integer(value) } else {
            self = .string(try container.decode(String.self))
        }
    }

    var integer: Int64? { if case .integer(let v) = self { v } else { nil } }
    var string: String? { if case .string(let v) = self { v } else { nil } }
}

@Suite struct FixedPointTests {
    @Test func quantizeMultiplierMatchesGoldens() throws {
        let goldens = try FixedPointGoldens.load()
        #expect(goldens.quantize_multiplier.count > 300)
        for row in goldens.quantize_multiplier {
            let text = try #require(row[0].string)
            let real = try #require(Double(text))
            let result = FixedPoint.quantizeMultiplier(real)
            #expect(Int64(result.multiplier) == row[1].integer, "multiplier of \(real)")
            #expect(Int64(result.shift) == row[2].integer, "shift of \(real)")
        }
    }

    @Test func quantizeMultiplierEdgeCases() {
        #expect(FixedPoint.quantizeMultiplier(0) == .init(multiplier: 0, shift: 0))
        #expect(FixedPoint.quantizeMultiplier(1) == .init(multiplier: 1 << 30, shift: 1))
        // A significand rounding up to 2^31 is halved and the shift grows.
        #expect(FixedPoint.quantizeMultiplier(1 - 0x1p-33) == .init(multiplier: 1 << 30, shift: 1))
        // Below 2^-32 the multiplier flushes to zero.
        #expect(FixedPoint.quantizeMultiplier(0x1p-33) == .init(multiplier: 0, shift: 0))
        #expect(FixedPoint.quantizeMultiplier(0x1p-32) == .init(multiplier: 1 << 30, shift: -31))
    }

    @Test func srdhmMatchesGoldens() throws {
        for row in try FixedPointGoldens.load().srdhm {
            #expect(Int64(FixedPoint.saturatingRoundingDoublingHighMul(Int32(row[0]), Int32(row[1]))) == row[2],
                    "SRDHM(\(row[0]), \(row[1]))")
        }
    }

    @Test func rdbpotMatchesGoldens() throws {
        for row in try FixedPointGoldens.load().rdbpot {
            #expect(Int64(FixedPoint.roundingDivideByPOT(Int32(row[0]), Int(row[1]))) == row[2],
                    "RDBPOT(\(row[0]), \(row[1]))")
        }
    }

    @Test func mbqmMatchesGoldens() throws {
        for row in try FixedPointGoldens.load().mbqm {
            #expect(Int64(FixedPoint.multiplyByQuantizedMultiplier(Int32(row[0]), Int32(row[1]), Int(row[2]))) == row[3],
                    "MBQM(\(row[0]), \(row[1]), \(row[2]))")
        }
    }

    /// Every 17-bit signed value against every exponent: rounding half away from zero, computed
    /// here with exact integer arithmetic rather than the mask-and-threshold trick.
    @Test func rdbpotExhaustiveOverSeventeenBits() {
        var mismatches = 0
        for exponent in 0...31 {
            for x in -65_536...65_536 {
                let divisor = Int64(1) << exponent
                let magnitude = (2 * Int64(abs(x)) + divisor) / (2 * divisor)
                let expected = x < 0 ? -magnitude : magnitude
                if Int64(FixedPoint.roundingDivideByPOT(Int32(x), exponent)) != expected { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    /// SRDHM of every int8 value against every signed power of two, and the exact rounding of a*b/2^31.
    @Test func srdhmExhaustiveOverInt8TimesPowers() {
        var mismatches = 0
        for a in -128...127 {
            for power in 0...31 {
                for sign in [Int64(1), -1] {
                    let b = Int64(1) << power * sign
                    guard b >= Int64(Int32.min), b <= Int64(Int32.max) else { continue }
                    let product = Int64(a) * b
                    // gemmlowp's nudge makes ties round toward +infinity: floor(p / 2^31 + 1/2).
                    let twice = 2 * product + (Int64(1) << 31)
                    let divisor = Int64(1) << 32
                    let expected = twice >= 0 ? twice / divisor : -((-twice + divisor - 1) / divisor)
                    if Int64(FixedPoint.saturatingRoundingDoublingHighMul(Int32(a), Int32(b))) != expected { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0)
        #expect(FixedPoint.saturatingRoundingDoublingHighMul(.min, .min) == .max)
    }

    @Test func smallerAndGreaterThanOneVariantsAgreeWithGeneral() {
        let small = FixedPoint.quantizeMultiplierSmallerThanOne(0.3)
        #expect(small.shift <= 0)
        let large = FixedPoint.quantizeMultiplierGreaterThanOne(37.5)
        #expect(large.shift > 0)
        for x: Int32 in [-1_000_000, -129, -1, 0, 1, 77, 1_000_000] {
            #expect(FixedPoint.multiplyByQuantizedMultiplierSmallerThanOne(x, small.multiplier, small.shift)
                    == FixedPoint.multiplyByQuantizedMultiplier(x, small))
            #expect(FixedPoint.multiplyByQuantizedMultiplierGreaterThanOne(x, large.multiplier, large.shift)
                    == FixedPoint.multiplyByQuantizedMultiplier(x, large))
        }
        // 0.3 * 1000 = 300 and 37.5 * 2 = 75 exactly after rounding.
        #expect(FixedPoint.multiplyByQuantizedMultiplier(1000, small) == 300)
        #expect(FixedPoint.multiplyByQuantizedMultiplier(2, large) == 75)
    }

    @Test func saturatingShiftLeftClamps() {
        #expect(FixedPoint.saturatingShiftLeft(1 << 29, 2) == .max)
        #expect(FixedPoint.saturatingShiftLeft(-(1 << 29) - 1, 2) == .min)
        #expect(FixedPoint.saturatingShiftLeft(12345, 2) == 49380)
    }

    @Test func activationRanges() {
        #expect(ActivationRange.int8(.none, scale: 0.1, zeroPoint: 5) == .init(minimum: -128, maximum: 127))
        #expect(ActivationRange.int8(.relu, scale: 0.1, zeroPoint: -20) == .init(minimum: -20, maximum: 127))
        #expect(ActivationRange.int8(.relu6, scale: 0.05, zeroPoint: -128) == .init(minimum: -128, maximum: -8))
        // Zero point extremes: ReLU6's upper bound saturates at 127.
        #expect(ActivationRange.int8(.relu6, scale: 0.01, zeroPoint: 127) == .init(minimum: 127, maximum: 127))
        #expect(ActivationRange.int8(.reluN1To1, scale: 0.25, zeroPoint: 0) == .init(minimum: -4, maximum: 4))
        // 6 / 0.4 = 15 exactly-ish in float; ties round away from zero: 0.5/1 -> 1.
        #expect(ActivationRange.int8(.relu6, scale: 4, zeroPoint: 0) == .init(minimum: 0, maximum: 2))
    }
}
