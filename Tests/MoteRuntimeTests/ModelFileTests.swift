import Foundation
import MoteSyntax
import Testing
@testable import MoteRuntime

@Suite("Model files: export and load_model")
struct ModelFileTests {
    let folder: URL
    let session: Session

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mote-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        session = Session(workingDirectory: folder)
        let setup = session.run("""
            data = gestures(classes: ["wing", "ring", "slope", "idle"], per_class: 10, seed: 3)
            model wand {
              input(100, 6)
              conv1d(4, kernel: 5, activation: relu)
              global_avgpool()
              dense(4, activation: softmax)
            }
            q = quantize(wand, calibration: data, samples: 40)
            """)
        #expect(setup.error == nil)
    }

    private func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func exportedTFLiteLoadsBackAndPredictsTheSame() throws {
        let export = session.run("export(q, \"wand.tflite\")")
        #expect(export.error == nil)
        #expect(export.sink.stdoutText.hasPrefix("wrote wand.tflite ("))
        let written = try Data(contentsOf: folder.appendingPathComponent("wand.tflite"))
        #expect(session.value("q.size == \(written.count)B") == "true")
        #expect(Array(written[4..<8]) == Array("TFL3".utf8))
        #expect(session.run("w = load_model(\"wand.tflite\")").error == nil)
        #expect(session.value("predict(w, data) == predict(q, data)") == "true")
        #expect(session.value("[w.input_shape, w.output_shape, w.params == q.params, w.macs == q.macs, w.size == q.size]")
                == "[[100, 6], [4], true, true, true]")
        #expect(session.value("accuracy(w, data) == accuracy(q, data)") == "true")
        // A loaded model exports to the same bytes.
        #expect(session.run("export(w, \"again.tflite\")").error == nil)
        #expect(try Data(contentsOf: folder.appendingPathComponent("again.tflite")) == written)
    }

    @Test func headerHoldsTheArrayLabelsAndQuantization() throws {
        #expect(session.run("export(q, \"wand_model.h\")").error == nil)
        let header = try String(contentsOf: folder.appendingPathComponent("wand_model.h"), encoding: .utf8)
        #expect(header.contains("wand_model"))
        #expect(header.contains("wand_model_len"))
        #expect(header.contains("\"wing\""))
        #expect(try files() == ["wand_model.h"])
    }

    @Test func sourceComesWithItsHeader() throws {
        let outcome = session.run("export(q, \"wand.cc\")")
        #expect(outcome.error == nil)
        #expect(outcome.sink.stdoutText.hasPrefix("wrote wand.cc and wand.h"))
        #expect(try files() == ["wand.cc", "wand.h"])
        let source = try String(contentsOf: folder.appendingPathComponent("wand.cc"), encoding: .utf8)
        #expect(source.contains("#include \"wand.h\""))
    }

    @Test func badExportsAreErrorsAndLeaveNoFile() throws {
        let cases: [(String, ErrorKind)] = [
            ("export(wand, \"wand.tflite\")", .type),
            ("export(data, \"data.tflite\")", .type),
            ("export(q, \"wand.csv\")", .type),
            ("export(q, \"wand.txt\")", .value),
            ("export(q, \"../wand.tflite\")", .data),
            ("export(q, \"/etc/wand.tflite\")", .data),
            ("export(q, \"missing/wand.tflite\")", .data),
        ]
        for (code, kind) in cases {
            let error = try #require(session.run(code).error, "\(code)")
            #expect(error.kind == kind, "\(code): \(error.message)")
        }
        #expect(try files().isEmpty)
    }

    @Test func unreadableModelsAreDataErrors() throws {
        try Data("not a model".utf8).write(to: folder.appendingPathComponent("junk.tflite"))
        for code in ["load_model(\"missing.tflite\")", "load_model(\"junk.tflite\")", "load_model(\"../x.tflite\")"] {
            let error = try #require(session.run(code).error, "\(code)")
            #expect(error.kind == .data, "\(code): \(error.message)")
        }
    }

    @Test func referenceModelsAreTheFolderModelsInNameOrder() throws {
        let zoo = folder.appendingPathComponent("zoo")
        try FileManager.default.createDirectory(at: zoo, withIntermediateDirectories: true)
        session.referenceModels = zoo
        #expect(session.run("export(q, \"zoo/b_wand.tflite\")").error == nil)
        #expect(session.run("export(q, \"zoo/a_wand.tflite\")").error == nil)
        try Data("notes".utf8).write(to: zoo.appendingPathComponent("README.md"))
        #expect(session.run("zoo = reference_models()").error == nil)
        #expect(session.value("zoo[0].name") == "\"a_wand.tflite\"")
        #expect(session.value("zoo[1].name") == "\"b_wand.tflite\"")
        #expect(session.value("zoo[1].params == q.params") == "true")
        #expect(session.value("predict(zoo[0], data) == predict(q, data)") == "true")
        // A broken file is an error naming it, not a silent gap in the list.
        try Data("not a model".utf8).write(to: zoo.appendingPathComponent("c_junk.tflite"))
        let error = try #require(session.run("reference_models()").error)
        #expect(error.kind == .data)
        #expect(error.message.contains("c_junk.tflite"))
    }

    @Test func noReferenceModelsIsAnEmptyListWithANote() throws {
        session.referenceModels = folder.appendingPathComponent("absent")
        let outcome = session.run("zoo = reference_models()")
        #expect(outcome.error == nil)
        #expect(outcome.sink.stdoutText.contains("MOTE_MODELS_DIR"))
        #expect(session.value("zoo") == "[]")
    }
}
