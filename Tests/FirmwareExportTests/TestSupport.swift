import Foundation
import Testing
import Int8Inference
import TFLiteFormat
@testable import FirmwareExport

/// The third-party models: `MOTE_MODELS_DIR`, else `../shared/models` beside the package root.
enum SharedModels {
    static let directory: URL? = {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = ProcessInfo.processInfo.environment["MOTE_MODELS_DIR"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/models")
        guard FileManager.default.fileExists(atPath: candidate.appendingPathComponent("hello_world_int8.tflite").path) else {
            print("⚠️  SKIPPING C export model tests: no shared models at \(candidate.path); set MOTE_MODELS_DIR")
            return nil
        }
        return candidate
    }()

    /// Every model the C export is checked on (hello_world_float exercises the float kernels).
    static let names = ["hello_world_int8", "hello_world_float", "micro_speech_quantized", "kws_ref_model", "ad01_int8",
                        "person_detect", "vww_96_int8", "pretrainedResnet_quant"]

    /// The graph of a model, or nil (with a loud message) when the file is absent or unreadable.
    static func graph(_ name: String) -> Graph? {
        guard let directory else { return nil }
        let url = directory.appendingPathComponent("\(name).tflite")
        guard let data = try? Data(contentsOf: url) else {
            print("⚠️  SKIPPING \(name): \(url.path) is absent")
            return nil
        }
        do {
            return try TFLiteReader.graph(from: [UInt8](data))
        } catch {
            print("⚠️  SKIPPING \(name): Mote cannot read it (\(error))")
            return nil
        }
    }
}

/// A deterministic source of test inputs (a 64-bit LCG; the high bits are used).
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 16
    }

    mutating func int8(count: Int) -> [Int8] { (0..<count).map { _ in Int8(truncatingIfNeeded: next()) } }

    /// Floats in [-range, range], a few of them exact halves so rounding ties are exercised.
    mutating func floats(count: Int, range: Float) -> [Float] {
        (0..<count).map { i in
            if i % 7 == 3 { return Float(Int(next() % 21) - 10) * 0.5 }
            return (Float(next() % 1_000_001) / 500_000 - 1) * range
        }
    }
}

/// Raw little-endian bytes of tensor values, as the C code reads and writes them.
func rawBytes(_ value: TensorData) -> [UInt8] {
    switch value {
    case .int8(let values): values.map { UInt8(bitPattern: $0) }
    case .int32(let values): values.flatMap { withUnsafeBytes(of: $0.littleEndian) { Array($0) } }
    case .float32(let values): values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian) { Array($0) } }
    }
}

/// Random inputs for a graph's input tensor.
func randomInput(for tensor: GraphTensor, seed: UInt64) -> TensorData {
    var random = TestRandom(seed: seed)
    switch tensor.elementType {
    case .int8: return .int8(random.int8(count: tensor.elementCount))
    case .int32: return .int32(random.int8(count: tensor.elementCount).map(Int32.init))
    case .float32: return .float32(random.floats(count: tensor.elementCount, range: 4))
    }
}

/// The host C compiler, or nil (with a loud message) when none is on PATH.
enum HostCompiler {
    static let path: String? = {
        for name in ["cc", "gcc", "clang"] {
            if let found = Toolchain.find(name) { return found }
        }
        print("⚠️  SKIPPING C export compile tests: no cc, gcc or clang on PATH")
        return nil
    }()

    /// The test program: each pair of arguments is an input file to read and an output file to write.
    static let testMain = """
        #include <stdio.h>
        #include "mote_model.h"

        static mote_input_t input[MOTE_MODEL_INPUT_COUNT];
        static mote_output_t output[MOTE_MODEL_OUTPUT_COUNT];

        int main(int argc, char **argv)
        {
            int i;
            for (i = 1; i + 1 < argc; i += 2) {
                FILE *in = fopen(argv[i], "rb");
                FILE *out;
                int status;
                if (!in || fread(input, 1, MOTE_MODEL_INPUT_BYTES, in) != MOTE_MODEL_INPUT_BYTES) return 2;
                fclose(in);
                status = mote_model_invoke(input, output);
                if (status != 0) return 10 + status;
                out = fopen(argv[i + 1], "wb");
                if (!out || fwrite(output, 1, MOTE_MODEL_OUTPUT_BYTES, out) != MOTE_MODEL_OUTPUT_BYTES) return 3;
                fclose(out);
            }
            return 0;
        }

        """

    /// Writes the export and the test main into a fresh folder, compiles them with
    /// `-std=c99 -O2 -Wall -Wextra -pedantic -Werror`, and runs the program on each input; returns each output's bytes.
    static func run(_ export: CModelExport, inputs: [[UInt8]]) throws -> [[UInt8]] {
        let compiler = try #require(path)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mote-cexport-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("model_c")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try export.write(to: model)
        try Data(testMain.utf8).write(to: folder.appendingPathComponent("main.c"))
        let program = folder.appendingPathComponent("model")
        let compile = try Toolchain.run(compiler, ["-std=c99", "-O2", "-Wall", "-Wextra", "-pedantic", "-Werror", "-I", model.path,
                                                  folder.appendingPathComponent("main.c").path]
                                              + export.sourceFileNames.map { model.appendingPathComponent($0).path }
                                              + ["-o", program.path])
        guard compile.status == 0 else {
            Issue.record("cc failed: \(compile.output)")
            return []
        }
        var arguments: [String] = []
        for (index, bytes) in inputs.enumerated() {
            let input = folder.appendingPathComponent("in\(index).bin")
            try Data(bytes).write(to: input)
            arguments += [input.path, folder.appendingPathComponent("out\(index).bin").path]
        }
        let result = try Toolchain.run(program.path, arguments)
        guard result.status == 0 else {
            Issue.record("the compiled model exited with \(result.status): \(result.output)")
            return []
        }
        return try inputs.indices.map { [UInt8](try Data(contentsOf: folder.appendingPathComponent("out\($0).bin"))) }
    }

    /// Exports `graph` to C, runs it on `count` random inputs, and checks every output byte
    /// against the Swift interpreter (and the reference kernels when `reference`).
    static func checkBitExact(_ graph: Graph, count: Int, seed: UInt64, reference: Bool = true, label: String) throws {
        let inputTensor = graph.tensors[graph.inputs[0]]
        try checkBitExact(graph, inputs: (0..<count).map { randomInput(for: inputTensor, seed: seed &+ UInt64($0)) },
                          reference: reference, label: label)
    }

    /// As above, on the given inputs.
    static func checkBitExact(_ graph: Graph, inputs: [TensorData], reference: Bool = true, label: String) throws {
        let export = try CModelExport(graph: graph)
        let outputs = try run(export, inputs: inputs.map(rawBytes))
        try #require(outputs.count == inputs.count, "\(label): the C program produced no outputs")
        let interpreters = reference ? [Interpreter(graph: graph), Interpreter(graph: graph, kernels: .reference)] : [Interpreter(graph: graph)]
        for (input, output) in zip(inputs, outputs) {
            for interpreter in interpreters {
                let expected = rawBytes(try interpreter.run([input])[0])
                #expect(output.count == expected.count, "\(label): \(output.count) bytes, expected \(expected.count)")
                let mismatches = zip(output, expected).enumerated().filter { $1.0 != $1.1 }.map(\.offset)
                #expect(mismatches.isEmpty, "\(label) (\(interpreter.kernels)): \(mismatches.count) bytes differ, first at \(mismatches.first ?? -1)")
            }
        }
    }
}
