import Foundation
import Int8Inference
import MoteSyntax
import TFLiteFormat

extension Builtins {
    /// The reference models a course points its notebooks at (`LANGUAGE.md` §5
    /// `reference_models`): MLPerf Tiny and TensorFlow Lite Micro's examples, trained elsewhere.
    static let referenceModels: [Builtin] = [
        Builtin("reference_models", category: .data, summary: "the .tflite models in the course's reference folder, as qmodels",
                parameters: [],
                returns: "list",
                doc: "Loads every .tflite file in the reference folder — MOTE_MODELS_DIR, else models/ beside the notebook — in file-name order, each as a qmodel named by its file (m.name). The folder is read-only and needs no --allow-path. Where it holds no models the list is empty and a note says how to get them, so `for m in reference_models() { ... }` runs wherever the notebook does.",
                examples: ["zoo = reference_models()", "for m in zoo { show(deployments(m, [nano33ble, pico])) }"]) { call throws(Diagnostic) in
            let folder = call.session.referenceModels
            let files = ModelFile.tfliteFiles(in: folder)
            if files.isEmpty {
                call.stdout("no reference models in \(folder.path): set MOTE_MODELS_DIR to a folder of .tflite files (the MLPerf Tiny reference models, for example), or put them in models/ beside the notebook\n")
                return .list([])
            }
            var models: [Value] = []
            for file in files {
                try call.session.interruption.check(at: call.range)
                models.append(.qmodel(try ModelFile.load(file, named: file.lastPathComponent, at: call.range)))
            }
            return .list(models)
        },
    ]
}

/// Reading `.tflite` files into qmodels, for `load_model` and `reference_models`.
enum ModelFile {
    /// The model in `url`; `name` is how errors refer to the file.
    static func load(_ url: URL, named name: String, at range: SourceRange?) throws(Diagnostic) -> QModelHandle {
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: url)) } catch {
            throw Diagnostic(.data, "cannot read '\(name)': \(error.localizedDescription)", at: range)
        }
        let graph: Graph
        do throws(TFLiteReadError) { graph = try TFLiteReader.graph(from: bytes) } catch {
            throw Diagnostic(.data, "'\(name)' is not a model Mote can run: \(error.description)", at: range)
        }
        guard graph.inputs.count == 1, graph.outputs.count == 1 else {
            throw Diagnostic(.data, "'\(name)' has \(graph.inputs.count) inputs and \(graph.outputs.count) outputs; Mote runs models with one of each",
                             at: range)
        }
        return QModelHandle(file: url.lastPathComponent, graph: graph, bytes: bytes)
    }

    /// The regular `.tflite` files directly in `folder`, sorted by name (none if it is missing).
    static func tfliteFiles(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.lowercased().hasSuffix(".tflite") }.sorted().map { folder.appendingPathComponent($0) }
            .filter { url in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
    }
}
