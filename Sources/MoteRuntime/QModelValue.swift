import Int8Inference
import JSONValues
import RichDisplay
import TensorEngine

/// What `quantize` returns: the int8 graph of a float model, with what displays, `predict` and
/// `compare` need. Immutable, and shared by every name bound to it.
public final class QModelHandle: Sendable {
    /// The float model it came from, e.g. `wand`.
    public let modelName: String
    /// The quantizer's result: the graph and where each float layer's output lives in it.
    public let quantized: QuantizedGraph
    /// The float model's layers as written, to name the per-layer comparison.
    public let layerTexts: [String]
    /// One input sample's shape, and one output's.
    public let inputShape: [Int]
    public let outputShape: [Int]
    /// The float model's last activation, which decides the loss `evaluate` reports.
    public let finalActivation: Activation?
    /// The class names of the calibration data (empty for regression data).
    public let classNames: [String]

    init(modelName: String, quantized: QuantizedGraph, model: Model, classNames: [String]) {
        self.modelName = modelName
        self.quantized = quantized
        layerTexts = model.layers.map(LayerText.text)
        inputShape = model.inputShape
        outputShape = model.outputShape
        finalActivation = model.finalActivation
        self.classNames = classNames
    }

    public var graph: Graph { quantized.graph }

    /// The int8 input's scale and zero point.
    public var inputQuantization: Quantization { graph.tensors[graph.inputs[0]].quantization! }

    /// The int8 output's scale and zero point.
    public var outputQuantization: Quantization { graph.tensors[graph.outputs[0]].quantization! }
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
        return Table(title: "Quantized \(handle.modelName) (int8)",
                     columns: [.init("operator"), .init("output"), .init("shape"), .init("parameters", alignment: .right),
                               .init("scale, zero point")],
                     rows: rows,
                     footer: [["total", "", "\([1] + handle.outputShape)", NumberText.grouped(graph.parameterCount), ""]],
                     caption: "Input int8 \(quantizationText(handle.inputQuantization)); \(NumberText.grouped(graph.multiplyAccumulates)) MACs per inference; "
                        + "calibrated on \(handle.quantized.calibrationSamples) samples.")
    }

    static func json(_ handle: QModelHandle) -> JSON {
        func shape(_ dims: [Int]) -> JSON { .array(dims.map { .number(Double($0)) }) }
        func quantization(_ q: Quantization) -> JSON { ["scale": .number(Double(q.scale)), "zero_point": .number(Double(q.zeroPoint))] }
        let graph = handle.graph
        return [
            "model": .string(handle.modelName),
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
    }

    static func headline(_ handle: QModelHandle) -> String {
        "int8 \(handle.modelName): \(NumberText.grouped(handle.graph.parameterCount)) parameters, \(NumberText.grouped(handle.graph.multiplyAccumulates)) MACs"
    }

    static func quantizationText(_ q: Quantization) -> String {
        q.isPerTensor ? "\(NumberText.string(Double(q.scale))), \(q.zeroPoint)" : "per channel (\(q.scales.count))"
    }
}
