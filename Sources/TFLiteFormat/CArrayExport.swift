import Int8Inference

/// A model as C++ source for a TensorFlow Lite Micro sketch: the `.tflite` bytes as a 16-byte
/// aligned array, its length, the class labels, and the input and output shape, scale and zero
/// point, so nothing in the sketch needs editing by hand.
///
/// The layout follows TensorFlow Lite Micro's examples (micro_speech's `model.h` / `model.cc`):
/// the header has an include guard and `extern` declarations, and the source includes the header
/// and defines the data, so the array is stored once however many files include the header.
/// `headerOnly()` instead defines everything in the header, as the Arduino tutorials do with
/// `xxd -i model.tflite > model.h`: convenient for a one-file sketch; namespace-scope `const`
/// objects have internal linkage in C++, so including it from several files still links, at the
/// cost of one copy of the model per file.
public struct CArrayExport: Sendable, Hashable {
    /// What a sketch needs to know about a graph input or output.
    public struct TensorInfo: Sendable, Hashable {
        /// Dimensions, outermost first.
        public var shape: [Int]
        /// Element type.
        public var elementType: ElementType
        /// Per-tensor quantization (`real = (q - zeroPoint) * scale`); nil for float tensors.
        public var quantization: Quantization?

        /// Creates tensor facts.
        public init(shape: [Int], elementType: ElementType, quantization: Quantization? = nil) {
            self.shape = shape
            self.elementType = elementType
            self.quantization = quantization
        }

        /// The facts of a graph tensor.
        public init(_ tensor: GraphTensor) {
            self.init(shape: tensor.shape, elementType: tensor.elementType, quantization: tensor.quantization)
        }
    }

    /// The C identifier every name starts with (`NAME`, `NAME_len`, `NAME_labels`, ...).
    public var identifier: String
    /// The bytes of the `.tflite` file.
    public var modelBytes: [UInt8]
    /// Class names in output order; no label constants are written when empty.
    public var labels: [String]
    /// The graph's first input, if known.
    public var input: TensorInfo?
    /// The graph's first output, if known.
    public var output: TensorInfo?

    /// Creates an export of given bytes; `identifier` must already be a valid C identifier
    /// (see `identifier(fromFileName:)`).
    public init(modelBytes: [UInt8], identifier: String, labels: [String] = [],
                input: TensorInfo? = nil, output: TensorInfo? = nil) {
        self.identifier = identifier
        self.modelBytes = modelBytes
        self.labels = labels
        self.input = input
        self.output = output
    }

    /// Encodes a graph with `TFLiteWriter` and names the arrays after `fileName` (such as `wand.h`).
    public init(graph: Graph, fileName: String, labels: [String] = [], description: String = "Mote") throws(TFLiteWriteError) {
        self.init(modelBytes: try TFLiteWriter.encode(graph, description: description),
                  identifier: Self.identifier(fromFileName: fileName), labels: labels,
                  input: graph.inputs.first.map { TensorInfo(graph.tensors[$0]) },
                  output: graph.outputs.first.map { TensorInfo(graph.tensors[$0]) })
    }

    /// A C identifier from a file name: the last path component without its extension, each run of
    /// characters other than ASCII letters, digits and `_` made one `_`, outer underscores dropped;
    /// `model_` is put in front of a leading digit, `_model` after a C++ keyword, and an empty
    /// result becomes `model`. `"Magic Wand-v2.tflite"` gives `Magic_Wand_v2`.
    public static func identifier(fromFileName fileName: String) -> String {
        var base = Substring(fileName)
        if let slash = base.lastIndex(where: { $0 == "/" || $0 == "\\" }) { base = base[base.index(after: slash)...] }
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = base[..<dot] }
        var result = ""
        var pendingSeparator = false
        for scalar in base.unicodeScalars {
            let keep = scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
            if keep {
                if pendingSeparator && !result.isEmpty { result.append("_") }
                pendingSeparator = false
                result.unicodeScalars.append(scalar)
            } else {
                // `_` itself and every other character separate words; runs collapse into one `_`.
                pendingSeparator = true
            }
        }
        if result.isEmpty { return "model" }
        if let first = result.unicodeScalars.first, ("0"..."9").contains(first) { result = "model_" + result }
        if cKeywords.contains(result) { result += "_model" }
        return result
    }

    /// The include guard of the header.
    var guardName: String { "MOTE_\(identifier.uppercased())_H_" }
}
