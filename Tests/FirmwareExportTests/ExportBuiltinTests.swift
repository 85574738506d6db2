import Foundation
import MoteRuntime
import MoteSyntax
import RichDisplay
import Testing

/// `export(q, "folder/")` from a notebook: the files, atomic replacement, and refusals.
@Suite struct ExportBuiltinTests {
    final class Sink: OutputSink {
        var text = ""
        func stdout(_ text: String) { self.text += text }
        func stderr(_ text: String) { self.text += text }
        func display(_ bundle: MimeBundle, id: String?, update: Bool) {}
        func clear(wait: Bool) {}
    }

    let folder: URL
    let session: Session

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mote-cexport-builtin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        session = Session(workingDirectory: folder)
        try run("""
            data = gestures(classes: ["wing", "ring", "slope", "idle"], per_class: 6, seed: 3)
            model wand {
              input(100, 6)
              conv1d(4, kernel: 5, activation: relu)
              global_avgpool()
              dense(4, activation: softmax)
            }
            q = quantize(wand, calibration: data, samples: 24)
            """)
    }

    @discardableResult
    func run(_ code: String) throws(Diagnostic) -> String {
        let sink = Sink()
        _ = try session.execute(code, output: sink)
        return sink.text
    }

    func listing(_ path: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(path).path).sorted()
    }

    @Test func writesTheFolderAndReplacesItWhole() throws {
        let printed = try run("export(q, \"wand_c/\")")
        #expect(printed.hasPrefix("wrote wand_c/: mote_model.h, mote_model.c, mote_kernels.h, mote_kernels.c, README.txt (arena "))
        #expect(try listing("wand_c") == ["README.txt", "mote_kernels.c", "mote_kernels.h", "mote_model.c", "mote_model.h"])
        let header = try String(contentsOf: folder.appendingPathComponent("wand_c/mote_model.h"), encoding: .utf8)
        #expect(header.contains("int mote_model_invoke(const mote_input_t *input, mote_output_t *output);"))
        #expect(header.contains("#define MOTE_MODEL_INPUT_COUNT 600"))
        #expect(header.contains("#define MOTE_MODEL_OUTPUT_COUNT 4"))
        // A second export (no extension this time) replaces the folder, leaving no staging folders behind.
        try Data("stale".utf8).write(to: folder.appendingPathComponent("wand_c/stale.txt"))
        try run("export(q, \"wand_c\")")
        #expect(try listing("wand_c") == ["README.txt", "mote_kernels.c", "mote_kernels.h", "mote_model.c", "mote_model.h"])
        #expect(try listing() == ["wand_c"])
    }

    @Test func refusesFoldersItDidNotWriteAndNonModels() throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("notes"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes/todo.txt"))
        #expect(throws: Diagnostic.self) { try run("export(q, \"notes/\")") }
        #expect(try listing("notes") == ["todo.txt"])
        #expect(throws: Diagnostic.self) { try run("export(q, \"./\")") }
        #expect(throws: Diagnostic.self) { try run("export(data, \"data_c/\")") }
        #expect(try listing() == ["notes"])
    }
}
