import Foundation
import Int8Inference
import MCUEmulator

/// An int8 graph as portable C99 source a user drops into any microcontroller project: the
/// model's constants, one function that runs the operators as straight-line calls into kernels
/// bit-exact with the reference kernels, and a static arena laid out by TensorFlow Lite Micro's greedy planner.
///
/// The folder holds `mote_model.h` (the API and the input and output facts), `mote_model.c`
/// (constants, per-operator parameters computed here exactly as the Swift kernels compute them,
/// the arena and the calls), `mote_kernels.h` / `mote_kernels.c` (the kernels) and `README.txt`.
/// No heap, no TensorFlow Lite Micro; floating point only where the graph itself is float
/// (QUANTIZE, DEQUANTIZE and float FULLY_CONNECTED).
public struct CModelExport: Sendable, Hashable {
    /// One generated file.
    public struct File: Sendable, Hashable {
        /// The file name inside the folder.
        public var name: String
        /// The text.
        public var contents: String
    }

    /// The highest tensor rank ADD's broadcasting and MEAN handle (`MOTE_MAX_RANK`).
    static let maxRank = 8

    /// The files of the folder, in a fixed order.
    public let files: [File]
    /// Bytes of the static arena (the planned head; the C code needs no persistent tail).
    public let arenaBytes: Int
    /// The graph's input tensor.
    public let input: GraphTensor
    /// The graph's output tensor.
    public let output: GraphTensor
    /// The number of operators (each brackets its call with two cycle marks).
    public let operatorCount: Int

    /// Generates the C for a graph with one input and one output.
    public init(graph: Graph) throws(CExportError) {
        guard graph.inputs.count == 1, graph.outputs.count == 1 else {
            throw .unsupported("the graph has \(graph.inputs.count) inputs and \(graph.outputs.count) outputs; the C API takes one of each")
        }
        let plan = MemoryPlan.plan(graph, pointerSize: 4, library: .reference)
        var writer = CModelWriter(graph: graph, plan: plan)
        for (position, op) in graph.operators.enumerated() {
            try writer.emit(op, at: position)
        }
        input = graph.tensors[graph.inputs[0]]
        output = graph.tensors[graph.outputs[0]]
        arenaBytes = max(plan.headBytes, 16)
        operatorCount = graph.operators.count
        let inputPointer = try writer.arenaPointer(graph.inputs[0])
        let outputPointer = try writer.arenaPointer(graph.outputs[0])
        let header = try CModelText.header(input: input, output: output, arenaBytes: arenaBytes, operatorCount: operatorCount)
        let model = CModelText.source(writer: writer, arenaBytes: arenaBytes, inputPointer: inputPointer, outputPointer: outputPointer)
        files = [
            File(name: "mote_model.h", contents: header),
            File(name: "mote_model.c", contents: model),
            File(name: "mote_kernels.h", contents: CKernelSource.header),
            File(name: "mote_kernels.c", contents: CKernelSource.source),
            File(name: "README.txt", contents: CModelText.readme(input: input, output: output, arenaBytes: arenaBytes)),
        ]
    }

    /// The C source files to compile (the headers are found beside them).
    public var sourceFileNames: [String] { ["mote_model.c", "mote_kernels.c"] }

    /// Bytes the caller passes to `mote_model_invoke` as input.
    public var inputBytes: Int { input.elementCount * input.elementType.byteSize }

    /// Bytes `mote_model_invoke` writes as output.
    public var outputBytes: Int { output.elementCount * output.elementType.byteSize }

    /// Writes the folder atomically: the files go into a temporary sibling folder, each is
    /// flushed to disk, and the folder is renamed into place. An existing folder is replaced as
    /// a whole, never file by file; a failure leaves the old folder (or nothing) behind.
    public func write(to folder: URL) throws(CExportError) {
        try FolderWriter.replace(folder, with: files.map { ($0.name, Data($0.contents.utf8)) })
    }
}
