import Int8Inference
import TFLiteFormat
import JSONValues
import RichDisplay
import TensorEngine

/// What `quantize` (or `load_model`) returns: an int8 graph with what displays, `predict` and
/// `compare` need. Immutable, and shared by every name bound to it.
public final class QModelHandle: Sendable {
    /// Where the graph came from: the float model it quantizes, or the file it was read from.
    public enum Origin: Sendable, Equatable {
        case quantized(model: String)
        case loaded(file: String)
    }

    public let origin: Origin
    /// The graph, and where each float layer's output lives in it (no layers for a loaded file).
    public let quantized: QuantizedGraph
    /// The float model's layers as written, to name the per-layer comparison.
    public let layerTexts: [String]
    /// One input sample's shape, and one output's.
    public let inputShape: [Int]
    public let outputShape: [Int]
    /// The last activation, which decides the loss `evaluate` reports.
    public let finalActivation: Activation?
    /// The class names of the calibration data (empty for regression data and loaded files).
    public let classNames: [String]
    /// The model as a `.tflite` file, encoded once.
    public let tflite: Result<[UInt8], TFLiteWriteError>
    /// The interpreter on the fast kernels, its filters packed once for every later `predict`.
    let interpreter: Interpreter

    init(modelName: String, quantized: QuantizedGraph, model: Model, classNames: [String]) {
        origin = .quantized(model: modelName)
        self.quantized = quantized
        layerTexts = model.layers.map(LayerText.text)
        inputShape = model.inputShape
        outputShape = model.outputShape
        finalActivation = model.finalActivation
        self.classNames = classNames
        tflite = Result { () throws(TFLiteWriteError) in try TFLiteWriter.encode(quantized.graph) }
        interpreter = Interpreter(graph: quantized.graph)
    }

    /// A model read from a `.tflite` file (`bytes`): shapes without the batch axis, the last
    /// activation from the last operator.
    init(file: String, graph: Graph, bytes: [UInt8]) {
        origin = .loaded(file: file)
        quantized = QuantizedGraph(graph: graph, layerTensors: [], warnings: [], calibrationSamples: 0)
        layerTexts = []
        func sample(_ shape: [Int]) -> [Int] { shape.count > 1 ? Array(shape.dropFirst()) : shape }
        inputShape = sample(graph.tensors[graph.inputs[0]].shape)
        outputShape = sample(graph.tensors[graph.outputs[0]].shape)
        finalActivation = switch graph.operators.last?.kind {
        case .softmax: .softmax
        case .logistic: .sigmoid
        case .tanh: .tanh
        case .conv2D, .depthwiseConv2D, .fullyConnected, .averagePool2D, .maxPool2D, .mean, .add, .reshape, .quantize,
             .dequantize, nil: nil
        }
        classNames = []
        tflite = .success(bytes)
        interpreter = Interpreter(graph: graph)
    }

    public var graph: Graph { quantized.graph }

    /// The name displays use: the float model's, or the file's.
    public var name: String {
        switch origin {
        case .quantized(let model): model
        case .loaded(let file): file
        }
    }

    /// The input's scale and zero point (nil for a float input).
    public var inputQuantization: Quantization? { graph.tensors[graph.inputs[0]].quantization }

    /// The output's scale and zero point (nil for a float output).
    public var outputQuantization: Quantization? { graph.tensors[graph.outputs[0]].quantization }
}

/// Tables and JSON of a qmodel.
enum QModelDisplay {
    static func table(_ handle: QModelHandle) -> Table {
        let graph = handle.graph
        let rows = graph.operators.map { op -> [String] in
            let output = graph.tensors[op.outputs[0]]
            let filter = op.inputs.dropFirst().compactMap { $0 }.map { graph.tensors[$0] }.filter { $0.quantization != nil }
            return [op.kind.name, output.name, "\(output.shape)", NumberText.grouped(filter.reduce(0) { $0 + $1.elementCount }),
                    output.quantization.map(quantizationText) ?? ""]
        }
        let title: String = switch handle.origin {
        case .quantized(let model): "Quantized \(model) (int8)"
        case .loaded(let file): "Loaded \(file)"
        }
        var notes: [String] = []
        if let input = handle.inputQuantization { notes.append("Input int8 \(quantizationText(input))") }
        notes.append("\(NumberText.grouped(graph.multiplyAccumulates)) MACs per inference")
        if case .success(let bytes) = handle.tflite { notes.append(".tflite \(ByteText.string(bytes.count))") }
        if case .quantized = handle.origin { notes.append("calibrated on \(handle.quantized.calibrationSamples) samples") }
        return Table(title: title,
                     columns: [.init("operator"), .init("output"), .init("shape"), .init("parameters", alignment: .right),
                               .init("scale, zero point")],
                     rows: rows,
                     footer: [["total", "", "\([1] + handle.outputShape)", NumberText.grouped(graph.parameterCount), ""]],
                     caption: notes.joined(separator: "; ") + ".")
    }

    static func json(_ handle: QModelHandle) -> JSON {
        func shape(_ dims: [Int]) -> JSON { .array(dims.map { .number(Double($0)) }) }
        func quantization(_ q: Quantization?) -> JSON {
            guard let q else { return .null }
            return ["scale": .number(Double(q.scale)), "zero_point": .number(Double(q.zeroPoint))]
        }
        let graph = handle.graph
        var object: [String: JSON] = [
            "model": .string(handle.name),
            "name": .string(handle.name),
            "params": .number(Double(graph.parameterCount)),
            "macs": .number(Double(graph.multiplyAccumulates)),
            "input_shape": shape(handle.inputShape),
            "output_shape": shape(handle.outputShape),
            "input_quantization": quantization(handle.inputQuantization),
            "output_quantization": quantization(handle.outputQuantization),
            "calibration_samples": .number(Double(handle.quantized.calibrationSamples)),
            "classes": .array(handle.classNames.map(JSON.string)),
            "operators": .array(graph.operators.map { .string($0.kind.name) }),
        ]
        if case .success(let bytes) = handle.tflite { object["size"] = .number(Double(bytes.count)) }
        return .object(object)
    }

    static func headline(_ handle: QModelHandle) -> String {
        "int8 \(handle.name): \(NumberText.grouped(handle.graph.parameterCount)) parameters, \(NumberText.grouped(handle.graph.multiplyAccumulates)) MACs"
    }

    static func quantizationText(_ q: Quantization) -> String {
        q.isPerTensor ? "\(NumberText.string(Double(q.scale))), \(q.zeroPoint)" : "per channel (\(q.scales.count))"
    }
}
