import Foundation
import Testing
import Int8Inference
@testable import FirmwareExport

/// The generated C, compiled with the host compiler, against the Swift interpreter byte for byte.
@Suite struct CModelExportTests {
    @Test(arguments: ["convolutions", "groupedAndBatched", "elementwise", "floatEdges"])
    func smallGraphsAreBitExact(_ name: String) throws {
        guard HostCompiler.path != nil else { return }
        let graph: Graph
        switch name {
        case "convolutions": graph = OperatorGraphs.convolutions()
        case "groupedAndBatched": graph = OperatorGraphs.groupedAndBatched()
        case "elementwise": graph = OperatorGraphs.elementwise()
        default: graph = OperatorGraphs.floatEdges()
        }
        // The graph must be one the interpreter runs, or the comparison would prove nothing.
        _ = try Interpreter(graph: graph, kernels: .reference).run([randomInput(for: graph.tensors[graph.inputs[0]], seed: 1)])
        try HostCompiler.checkBitExact(graph, count: 12, seed: 100, label: name)
    }

    @Test(arguments: SharedModels.names)
    func sharedModelsAreBitExact(_ name: String) throws {
        guard HostCompiler.path != nil, let graph = SharedModels.graph(name) else { return }
        try HostCompiler.checkBitExact(graph, count: 4, seed: 7, reference: false, label: name)
    }
}

/// The cycle marks: empty by default, and when defined, called around every operator in order.
@Suite struct CycleMarkTests {
    @Test func marksBracketEveryOperatorInOrder() throws {
        guard let compiler = HostCompiler.path else { return }
        let graph = OperatorGraphs.convolutions()
        let export = try CModelExport(graph: graph)
        let source = try #require(export.files.first { $0.name == "mote_model.c" }).contents
        #expect(source.components(separatedBy: "MOTE_MARK(").count - 1 == 2 * graph.operators.count + 2)  // + the fallback definition
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mote-marks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try export.write(to: folder.appendingPathComponent("model_c"))
        try Data("void record_mark(unsigned id);\n".utf8).write(to: folder.appendingPathComponent("marks.h"))
        try Data("""
            #include <stdio.h>
            #include "mote_model.h"
            void record_mark(unsigned id) { printf("%u ", id); }
            int main(void) { return mote_model_run(); }

            """.utf8).write(to: folder.appendingPathComponent("main.c"))
        let model = folder.appendingPathComponent("model_c")
        let compile = try Toolchain.run(compiler, ["-std=c99", "-O2", "-Wall", "-Werror", "-include", folder.appendingPathComponent("marks.h").path,
                                                  "-DMOTE_MARK(id)=record_mark(id)", "-I", model.path, folder.appendingPathComponent("main.c").path]
                                              + export.sourceFileNames.map { model.appendingPathComponent($0).path }
                                              + ["-o", folder.appendingPathComponent("marks").path])
        try #require(compile.status == 0, "\(compile.output)")
        let run = try Toolchain.run(folder.appendingPathComponent("marks").path, [])
        #expect(run.status == 0)
        #expect(run.output.split(separator: " ").map { String($0) } == (0..<(2 * graph.operators.count)).map { String($0) })
    }
}
