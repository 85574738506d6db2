import Foundation
import Testing
import Int8Inference
@testable import TFLiteFormat

/// The C array export: identifiers, the exact text, and (with a C++ compiler) that it compiles,
/// links and holds the right values.
@Suite struct CArrayExportTests {
    private let tiny = CArrayExport(
        modelBytes: Array(0..<14), identifier: "wand", labels: ["wing", "say \"hi\"?"],
        input: .init(shape: [1, 3], elementType: .int8, quantization: Quantization(scale: 0.5, zeroPoint: -3)),
        output: .init(shape: [1, 2], elementType: .int8, quantization: Quantization(scale: 1.0 / 256, zeroPoint: -128)))

    @Test func identifiersComeFromFileNames() {
        #expect(CArrayExport.identifier(fromFileName: "wand.h") == "wand")
        #expect(CArrayExport.identifier(fromFileName: "out/models/Magic Wand-v2.tflite") == "Magic_Wand_v2")
        #expect(CArrayExport.identifier(fromFileName: "kws.model.cc") == "kws_model")
        #expect(CArrayExport.identifier(fromFileName: "__a__b__.h") == "a_b")
        #expect(CArrayExport.identifier(fromFileName: "2nd.h") == "model_2nd")
        #expect(CArrayExport.identifier(fromFileName: "int.h") == "int_model")
        #expect(CArrayExport.identifier(fromFileName: "ünï.h") == "n")
        #expect(CArrayExport.identifier(fromFileName: "---.h") == "model")
        #expect(CArrayExport.identifier(fromFileName: ".h") == "h")
    }

    @Test func headerDeclaresEverything() {
        #expect(tiny.header() == #"""
            // wand: a TensorFlow Lite model as C++ data for TensorFlow Lite Micro, written by Mote.
            // Declarations; the matching .cc file defines them.

            #ifndef MOTE_WAND_H_
            #define MOTE_WAND_H_

            // The .tflite model (14 bytes), 16-byte aligned as TensorFlow Lite Micro requires.
            extern const unsigned char wand[];
            extern const unsigned int wand_len;

            // Class labels, in the order of the model's outputs.
            extern const char* const wand_labels[];
            extern const unsigned int wand_labels_count;

            // Input: int8 [1, 3]; real value = (q - zero_point) * scale.
            extern const unsigned int wand_input_rank;
            extern const int wand_input_shape[];
            extern const float wand_input_scale;
            extern const int wand_input_zero_point;

            // Output: int8 [1, 2]; real value = (q - zero_point) * scale.
            extern const unsigned int wand_output_rank;
            extern const int wand_output_shape[];
            extern const float wand_output_scale;
            extern const int wand_output_zero_point;

            #endif  // MOTE_WAND_H_

            """#)
    }

    @Test func sourceDefinesEverything() {
        #expect(tiny.source(headerName: "out/wand.h") == #"""
            // wand: a TensorFlow Lite model as C++ data for TensorFlow Lite Micro, written by Mote.
            // Definitions of the constants declared in wand.h.

            #include "wand.h"

            // The .tflite model (14 bytes), 16-byte aligned as TensorFlow Lite Micro requires.
            alignas(16) const unsigned char wand[] = {
              0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
              0x0c, 0x0d
            };
            const unsigned int wand_len = 14;

            // Class labels, in the order of the model's outputs.
            const char* const wand_labels[] = {"wing", "say \"hi\"\?"};
            const unsigned int wand_labels_count = 2;

            // Input: int8 [1, 3]; real value = (q - zero_point) * scale.
            const unsigned int wand_input_rank = 2;
            const int wand_input_shape[] = {1, 3};
            const float wand_input_scale = 0.5f;
            const int wand_input_zero_point = -3;

            // Output: int8 [1, 2]; real value = (q - zero_point) * scale.
            const unsigned int wand_output_rank = 2;
            const int wand_output_shape[] = {1, 2};
            const float wand_output_scale = 0.00390625f;
            const int wand_output_zero_point = -128;

            """#)
    }

    @Test func headerOnlyDefinesInsideTheGuard() {
        let text = tiny.headerOnly()
        #expect(text.hasPrefix("// wand: a TensorFlow Lite model as C++ data for TensorFlow Lite Micro, written by Mote.\n"
            + "// Header-only: include it from one file; each file that includes it gets its own copy.\n\n"
            + "#ifndef MOTE_WAND_H_\n#define MOTE_WAND_H_\n\n"))
        #expect(text.hasSuffix("const int wand_output_zero_point = -128;\n\n#endif  // MOTE_WAND_H_\n"))
        #expect(text.contains("alignas(16) const unsigned char wand[] = {\n  0x00, 0x01,"))
        #expect(!text.contains("extern"))
    }

    @Test func floatTensorsAndMissingLabelsLeaveConstantsOut() {
        let export = CArrayExport(modelBytes: [0xAB], identifier: "sine",
                                  input: .init(shape: [1, 1], elementType: .float32), output: nil)
        let header = export.header()
        #expect(header.contains("// Input: float32 [1, 1].\nextern const unsigned int sine_input_rank;\nextern const int sine_input_shape[];\n\n#endif"))
        #expect(!header.contains("labels") && !header.contains("scale") && !header.contains("output"))
        #expect(export.source(headerName: "sine.h").contains("= {\n  0xab\n};\n"))
    }

    @Test func labelsAreEscapedForC() {
        let export = CArrayExport(modelBytes: [1], identifier: "m", labels: ["tab\there", "back\\slash", "é"])
        #expect(export.source(headerName: "m.h").contains(#"const char* const m_labels[] = {"tab\011here", "back\\slash", "\303\251"};"#))
    }

    @Test func graphExportUsesTheWriterAndTheFirstInputAndOutput() throws {
        let graph = HandBuiltGraphs.conv2D()
        let export = try CArrayExport(graph: graph, fileName: "conv.h", labels: ["a", "b", "c"])
        #expect(export.identifier == "conv")
        #expect(export.modelBytes == (try TFLiteWriter.encode(graph)))
        #expect(export.input == .init(graph.tensors[0]))
        #expect(export.output == .init(graph.tensors[3]))
    }

    // MARK: - Compiling the text

    @Test(.enabled(if: Compiler.path != nil, "no C++ compiler (cc) on PATH"))
    func generatedFilesCompileLinkAndHoldTheModel() throws {
        let graph = HandBuiltGraphs.softmax()
        let export = try CArrayExport(graph: graph, fileName: "magic-wand.h", labels: ["wing", "ring?", "idle"])
        let name = export.identifier
        let directory = try Compiler.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try export.header().write(to: directory.appendingPathComponent("magic-wand.h"), atomically: true, encoding: .utf8)
        try export.source(headerName: "magic-wand.h").write(to: directory.appendingPathComponent("magic-wand.cc"), atomically: true, encoding: .utf8)
        try Compiler.probe(name: name, header: "magic-wand.h").write(to: directory.appendingPathComponent("main.cc"), atomically: true, encoding: .utf8)
        let output = try Compiler.buildAndRun(in: directory, sources: ["magic-wand.cc", "main.cc"])
        #expect(output == Compiler.expectedProbeOutput(export))
    }

    @Test(.enabled(if: Compiler.path != nil, "no C++ compiler (cc) on PATH"))
    func headerOnlyLinksFromTwoFiles() throws {
        let export = try CArrayExport(graph: HandBuiltGraphs.softmax(), fileName: "wand.h", labels: ["x"])
        let directory = try Compiler.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try export.headerOnly().write(to: directory.appendingPathComponent("wand.h"), atomically: true, encoding: .utf8)
        try Compiler.probe(name: "wand", header: "wand.h").write(to: directory.appendingPathComponent("main.cc"), atomically: true, encoding: .utf8)
        try "#include \"wand.h\"\nunsigned int other_len() { return wand_len; }\n"
            .write(to: directory.appendingPathComponent("other.cc"), atomically: true, encoding: .utf8)
        let output = try Compiler.buildAndRun(in: directory, sources: ["main.cc", "other.cc"])
        #expect(output == Compiler.expectedProbeOutput(export) + "other \(export.modelBytes.count)\n")
    }
}

/// Compiles generated C++ with the system compiler (`cc -x c++`) and runs a probe program.
private enum Compiler {
    static let path: String? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/cc"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        print("⚠️  SKIPPING C array compile tests: no cc on PATH")
        return nil
    }()

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mote-carray-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A program that prints what a sketch would read from the constants.
    static func probe(name: String, header: String) -> String {
        """
        #include <stdint.h>
        #include <stdio.h>
        #include "\(header)"
        unsigned int other_len();
        unsigned int other_len() __attribute__((weak));
        int main() {
          unsigned long sum = 0;
          for (unsigned int i = 0; i < \(name)_len; i++) sum += \(name)[i];
          printf("len %u sum %lu aligned %d\\n", \(name)_len, sum, (int)(reinterpret_cast<uintptr_t>(\(name)) % 16 == 0));
          printf("ident %c%c%c%c\\n", \(name)[4], \(name)[5], \(name)[6], \(name)[7]);
          for (unsigned int i = 0; i < \(name)_labels_count; i++) printf("label %s\\n", \(name)_labels[i]);
          printf("input rank %u shape", \(name)_input_rank);
          for (unsigned int i = 0; i < \(name)_input_rank; i++) printf(" %d", \(name)_input_shape[i]);
          printf(" scale %.9g zero %d\\n", (double)\(name)_input_scale, \(name)_input_zero_point);
          printf("output rank %u scale %.9g zero %d\\n", \(name)_output_rank, (double)\(name)_output_scale, \(name)_output_zero_point);
          if (other_len) printf("other %u\\n", other_len());
          return 0;
        }

        """
    }

    static func expectedProbeOutput(_ export: CArrayExport) -> String {
        let sum = export.modelBytes.reduce(0) { $0 + Int($1) }
        func g(_ value: Float) -> String { String(format: "%.9g", Double(value)) }
        var text = "len \(export.modelBytes.count) sum \(sum) aligned 1\nident TFL3\n"
        for label in export.labels { text += "label \(label)\n" }
        let input = export.input!, output = export.output!
        text += "input rank \(input.shape.count) shape" + input.shape.map { " \($0)" }.joined()
        text += " scale \(g(input.quantization!.scale)) zero \(input.quantization!.zeroPoint)\n"
        text += "output rank \(output.shape.count) scale \(g(output.quantization!.scale)) zero \(output.quantization!.zeroPoint)\n"
        return text
    }

    /// Compiles each source with `cc -x c++ -c`, links, runs the program and returns its stdout.
    static func buildAndRun(in directory: URL, sources: [String]) throws -> String {
        let compiler = try #require(path)
        var objects: [String] = []
        for source in sources {
            let object = source + ".o"
            try run(compiler, ["-x", "c++", "-std=c++11", "-Wall", "-Wextra", "-Werror", "-c", source, "-o", object], in: directory)
            objects.append(object)
        }
        try run(compiler, objects + ["-o", "probe"], in: directory)
        return try run(directory.appendingPathComponent("probe").path, [], in: directory)
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self)
        try #require(process.terminationStatus == 0,
                     "\(executable) \(arguments.joined(separator: " ")) failed:\n\(String(decoding: errors, as: UTF8.self))")
        return text
    }
}
