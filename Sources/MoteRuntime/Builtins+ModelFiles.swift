import FirmwareExport
import Foundation
import Int8Inference
import MoteSyntax
import TFLiteFormat

extension Builtins {
    /// Reading and writing models as files (`LANGUAGE.md` §5 `load_model`, `export`). Every path
    /// goes through the session's sandbox; writes are atomic.
    static let modelFiles: [Builtin] = [
        Builtin("load_model", category: .data, summary: "a .tflite model from a file, as a qmodel",
                parameters: [.required("path", "the .tflite file, relative to the notebook's folder")],
                returns: "qmodel",
                doc: "Reads a TensorFlow Lite model (int8, or float with the operators Mote runs) so predict, evaluate, accuracy and export work on it. Shapes are one sample's (the batch axis dropped). The model runs on the same reference kernels as TensorFlow Lite Micro, bit for bit.",
                examples: ["kws = load_model(\"kws_ref_model.tflite\")", "predict(kws, features[0])"]) { call throws(Diagnostic) in
            let path = try call.string("path")
            let url = try call.session.file(path, at: call.range(of: "path"))
            return .qmodel(try ModelFile.load(url, named: path, at: call.range(of: "path")))
        },
        Builtin("export", category: .deployment, summary: "write a qmodel (.tflite, C++), data (.csv, .npy) or any value (.json)",
                parameters: [.required("value", "what to write: a qmodel, a dataset or tensor, or any value for .json"),
                             .required("path", "the file: .tflite, .h (one header with everything), .cc (source plus its .h), .csv, .npy or .json; a folder (ending in / or with no extension) for C99 inference code")],
                returns: "none",
                doc: "By extension: .tflite writes the model that TensorFlow Lite Micro and LiteRT load; .h writes one header holding the model as a 16-byte aligned array with its length, the class labels and the input and output shape, scale and zero point (as xxd -i would, plus what a sketch needs); .cc writes the array in a source file and declares it in a header of the same name beside it, as TensorFlow Lite Micro's examples do. .csv writes a dataset one sample a row with its label (a time series one step a row with a sample column, as load_csv reads it back with window:) or a 1-D or 2-D tensor; .npy writes a tensor, or a dataset's samples, as NumPy float32; .json writes any value's numbers (a report's, as graders read them). A path ending in / or without an extension writes a folder of portable C99 that runs the qmodel with no TensorFlow Lite Micro: mote_model.h (mote_model_invoke and the input and output shape, scale and zero point), mote_model.c (the constants and the operators as straight-line calls over a static arena of the planned size), mote_kernels.c/.h (the int8 kernels, bit-exact with predict) and README.txt. Writes are atomic: a failed export leaves no half-written file, and a folder is replaced only as a whole.",
                examples: ["export(q, \"wand.tflite\")", "export(q, \"wand_c/\")", "export(q, \"wand_model.h\")", "export(test, \"test.csv\")", "export(deploy(q, nano33ble), \"report.json\")"]) { call throws(Diagnostic) in
            try ModelExport.export(call)
        },
    ]
}

/// `export`: the format from the extension (a qmodel as .tflite or C++, data and reports through
/// `DataExport`), atomic writes inside the sandbox.
enum ModelExport {
    enum Format: String, CaseIterable {
        case tflite, h, cc
    }

    static func export(_ call: Call) throws(Diagnostic) -> Value {
        let value = call.value("value")
        let path = try call.string("path")
        let extensionName = (path as NSString).pathExtension.lowercased()
        let range = call.range(of: "path")
        if path.hasSuffix("/") || extensionName.isEmpty {
            return try exportC(value, path: path, call: call)
        }
        if let format = DataExport.Format(rawValue: extensionName) {
            let data = try DataExport.encode(value, as: format, limits: call.limits, at: call.range(of: "value"))
            try write(data, to: try call.session.file(path, at: range), path: path, at: range)
            call.stdout("wrote \(path) (\(NumberText.grouped(data.count)) bytes)\n")
            return .none
        }
        guard let format = Format(rawValue: extensionName) else {
            throw Diagnostic(.value, "export writes .tflite, .h, .cc or a folder/ of C (a qmodel), .csv, .npy (data) or .json (any value), not '\(path)'",
                             at: range, hint: "e.g. export(q, \"model.tflite\") or export(data, \"data.csv\")")
        }
        guard case .qmodel(let handle) = value else {
            throw Diagnostic(.type, "export writes .tflite, .h and .cc from a qmodel (from quantize or load_model), not \(value.kindWithArticle)",
                             at: call.range(of: "value"),
                             hint: "quantize the model first: q = quantize(model, calibration: data)")
        }
        let url = try call.session.file(path, at: range)
        let bytes: [UInt8]
        switch handle.tflite {
        case .success(let encoded): bytes = encoded
        case .failure(let error): throw Diagnostic(.value, "this qmodel cannot be written as .tflite: \(error.description)", at: call.range)
        }
        let graph = handle.graph
        let c = CArrayExport(modelBytes: bytes, identifier: CArrayExport.identifier(fromFileName: url.lastPathComponent),
                             labels: handle.classNames,
                             input: CArrayExport.TensorInfo(graph.tensors[graph.inputs[0]]),
                             output: CArrayExport.TensorInfo(graph.tensors[graph.outputs[0]]))
        switch format {
        case .tflite:
            try write(Data(bytes), to: url, path: path, at: range)
            call.stdout("wrote \(path) (\(NumberText.grouped(bytes.count)) bytes)\n")
        case .h:
            try write(Data(c.headerOnly().utf8), to: url, path: path, at: range)
            call.stdout("wrote \(path): the model (\(NumberText.grouped(bytes.count)) bytes) as \(c.identifier)[]\n")
        case .cc:
            let headerURL = url.deletingPathExtension().appendingPathExtension("h")
            let headerPath = (path as NSString).deletingPathExtension + ".h"
            // The header is checked against the sandbox like the source.
            let checkedHeader = try call.session.file(headerPath, at: range)
            try write(Data(c.source(headerName: headerURL.lastPathComponent).utf8), to: url, path: path, at: range)
            try write(Data(c.header().utf8), to: checkedHeader, path: headerPath, at: range)
            call.stdout("wrote \(path) and \(headerPath): the model (\(NumberText.grouped(bytes.count)) bytes) as \(c.identifier)[]\n")
        }
        return .none
    }

    /// A qmodel as a folder of C99 inference code, written atomically.
    private static func exportC(_ value: Value, path: String, call: Call) throws(Diagnostic) -> Value {
        let range = call.range(of: "path")
        guard case .qmodel(let handle) = value else {
            throw Diagnostic(.type, "export writes a folder of C from a qmodel (from quantize or load_model), not \(value.kindWithArticle)",
                             at: call.range(of: "value"), hint: "quantize the model first: q = quantize(model, calibration: data)")
        }
        let url = try call.session.file(path, at: range)
        // Never swap out the notebook's own folder, and replace only a folder an earlier export wrote.
        let manager = FileManager.default
        if url.standardizedFileURL.path == call.session.workingDirectory.standardizedFileURL.path {
            throw Diagnostic(.value, "export needs a new folder for the C code, not the notebook's own folder", at: range,
                             hint: "e.g. export(q, \"model_c/\")")
        }
        if let existing = try? manager.contentsOfDirectory(atPath: url.path), !existing.isEmpty, !existing.contains("mote_model.h") {
            throw Diagnostic(.value, "'\(path)' already holds other files; export replaces only a folder it wrote", at: range,
                             hint: "choose a new folder name, e.g. export(q, \"model_c/\")")
        }
        let export: CModelExport
        do throws(CExportError) {
            export = try CModelExport(graph: handle.graph)
            try export.write(to: url)
        } catch {
            throw Diagnostic(.data, "cannot write '\(path)': \(error.description)", at: range)
        }
        call.stdout("wrote \(path): \(export.files.map(\.name).joined(separator: ", ")) (arena \(NumberText.grouped(export.arenaBytes)) bytes)\n")
        return .none
    }

    /// Writes through a temporary file and a rename, so the file is either whole or untouched.
    private static func write(_ data: Data, to url: URL, path: String, at range: SourceRange) throws(Diagnostic) {
        do { try data.write(to: url, options: .atomic) } catch {
            throw Diagnostic(.data, "cannot write '\(path)': \(error.localizedDescription)", at: range)
        }
    }
}
