import Foundation
import Testing
import Int8Inference
@testable import FirmwareExport

/// Every int8 input through LOGISTIC, TANH and SOFTMAX at several scales, QUANTIZE on rounding
/// ties and non-finite values, and the fixed-point helpers on their edge values.
@Suite struct CExportEdgeCaseTests {
    /// All 256 int8 values, in one row.
    static let allInt8 = TensorData.int8((0..<256).map { Int8(truncatingIfNeeded: $0 - 128) })

    static func unary(_ kind: Operator, inputScale: Float, inputZeroPoint: Int32, output: Quantization, shape: [Int]) -> Graph {
        Graph(tensors: [
            GraphTensor(name: "x", shape: shape, elementType: .int8, quantization: Quantization(scale: inputScale, zeroPoint: inputZeroPoint)),
            GraphTensor(name: "y", shape: shape, elementType: .int8, quantization: output),
        ], operators: [GraphOperator(kind: kind, inputs: [0], outputs: [1])], inputs: [0], outputs: [1])
    }

    @Test(arguments: [(Float(0.001), Int32(0)), (0.02, -17), (0.0625, 5), (0.3, 100), (2.5, -128)])
    func sigmoidsAndSoftmaxOverEveryInput(_ scale: Float, _ zeroPoint: Int32) throws {
        guard HostCompiler.path != nil else { return }
        let logistic = Self.unary(.logistic, inputScale: scale, inputZeroPoint: zeroPoint,
                                  output: Quantization(scale: 1.0 / 256, zeroPoint: -128), shape: [1, 256])
        try HostCompiler.checkBitExact(logistic, inputs: [Self.allInt8], label: "logistic \(scale)")
        let tanh = Self.unary(.tanh, inputScale: scale, inputZeroPoint: zeroPoint,
                              output: Quantization(scale: 1.0 / 128, zeroPoint: 0), shape: [1, 256])
        try HostCompiler.checkBitExact(tanh, inputs: [Self.allInt8], label: "tanh \(scale)")
        for beta: Float in [1, 0.25] {
            let softmax = Self.unary(.softmax(SoftmaxOptions(beta: beta)), inputScale: scale, inputZeroPoint: zeroPoint,
                                     output: Quantization(scale: 1.0 / 256, zeroPoint: -128), shape: [16, 16])
            try HostCompiler.checkBitExact(softmax, inputs: [Self.allInt8], label: "softmax \(scale) β \(beta)")
        }
    }

    @Test func quantizeRoundsTiesAwayAndClampsNonFiniteValues() throws {
        guard HostCompiler.path != nil else { return }
        let values: [Float] = [0, -0.0, 0.05, -0.05, 0.15, -0.15, 0.25, 0.35, 1.05, -1.05, 6.35, -6.45, 12.7, -12.8, 1e13, -1e13,
                               .infinity, -.infinity, .nan, .greatestFiniteMagnitude, -.leastNonzeroMagnitude, 0.0499999, 3e-39]
        let graph = Graph(tensors: [
            GraphTensor(name: "x", shape: [1, values.count], elementType: .float32),
            GraphTensor(name: "q", shape: [1, values.count], elementType: .int8, quantization: Quantization(scale: 0.1, zeroPoint: -3)),
            GraphTensor(name: "y", shape: [1, values.count], elementType: .float32),
        ], operators: [
            GraphOperator(kind: .quantize, inputs: [0], outputs: [1]),
            GraphOperator(kind: .dequantize, inputs: [1], outputs: [2]),
        ], inputs: [0], outputs: [2])
        try HostCompiler.checkBitExact(graph, inputs: [.float32(values)], label: "quantize")
    }

    /// The C fixed-point helpers against `FixedPoint` on edge and random values, with the host's
    /// 64-bit multiply and with the 16-bit-halves multiply that Thumb-1 cores compile.
    @Test(arguments: [false, true])
    func fixedPointHelpersMatchSwift(byHalves: Bool) throws {
        guard let compiler = HostCompiler.path else { return }
        var random = TestRandom(seed: 77)
        let edges: [Int32] = [.min, .min + 1, -(1 << 30), -65536, -257, -2, -1, 0, 1, 2, 3, 255, 1 << 20, 1 << 30, .max - 1, .max]
        var cases: [(Int32, Int32, Int)] = []
        for a in edges { for b in edges { cases.append((a, b, Int(random.next() % 64) - 32)) } }
        for _ in 0..<4000 {
            cases.append((Int32(truncatingIfNeeded: random.next()), Int32(truncatingIfNeeded: random.next()), Int(random.next() % 44) - 31))
        }
        // Shifts MBQM accepts: right shifts up to 31, left shifts that keep the factor in 32 bits.
        cases = cases.map { ($0.0, $0.1, max(-31, min($0.2, 12))) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mote-fixed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(CKernelSource.header.utf8).write(to: folder.appendingPathComponent("mote_kernels.h"))
        try Data(CKernelSource.source.utf8).write(to: folder.appendingPathComponent("mote_kernels.c"))
        try Data("""
            #include <stdio.h>
            #include "mote_kernels.h"
            int main(void)
            {
                long a, b, s;
                while (scanf("%ld %ld %ld", &a, &b, &s) == 3) {
                    int32_t x = (int32_t)a, y = (int32_t)b, shift = (int32_t)s;
                    printf("%ld %ld %ld\\n", (long)mote_saturating_rounding_doubling_high_mul(x, y),
                           (long)mote_rounding_divide_by_pot(x, (shift < 0 ? -shift : shift) % 32),
                           (long)mote_multiply_by_quantized_multiplier(x, y, shift));
                }
                return 0;
            }

            """.utf8).write(to: folder.appendingPathComponent("main.c"))
        let program = folder.appendingPathComponent("fixed").path
        let compile = try Toolchain.run(compiler, ["-std=c99", "-O2", "-Wall", "-Werror"] + (byHalves ? ["-DMOTE_MULTIPLY_BY_HALVES"] : []) + ["-o", program,
                                                  folder.appendingPathComponent("main.c").path, folder.appendingPathComponent("mote_kernels.c").path])
        try #require(compile.status == 0, "\(compile.output)")
        let input = cases.map { "\($0.0) \($0.1) \($0.2)" }.joined(separator: "\n") + "\n"
        try Data(input.utf8).write(to: folder.appendingPathComponent("cases.txt"))
        let run = try Toolchain.run("/bin/sh", ["-c", "\"$0\" < \"$1\"", program, folder.appendingPathComponent("cases.txt").path])
        let lines = run.output.split(separator: "\n")
        try #require(lines.count == cases.count, "\(run.output.prefix(300))")
        var mismatches = 0
        for ((a, b, shift), line) in zip(cases, lines) {
            let expected = [FixedPoint.saturatingRoundingDoublingHighMul(a, b),
                            FixedPoint.roundingDivideByPOT(a, abs(shift) % 32),
                            FixedPoint.multiplyByQuantizedMultiplier(a, b, shift)].map { String($0) }
            if line.split(separator: " ").map(String.init) != expected { mismatches += 1 }
        }
        #expect(mismatches == 0, "\(mismatches) of \(cases.count) cases differ")
    }
}
