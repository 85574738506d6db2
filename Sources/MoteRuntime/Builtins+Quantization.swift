import DataPipeline
import Foundation
import Int8Inference
import MoteSyntax
import RichDisplay
import TensorEngine

extension Builtins {
    /// Quantization (`LANGUAGE.md` §5).
    static let quantization: [Builtin] = [
        Builtin("quantize", category: .quantization, summary: "an int8 version of a trained model, calibrated on data",
                parameters: [
                    .required("model", "the trained float model"),
                    .required("calibration", "a dataset of samples like those the model will see, to measure each layer's range"),
                    .optional("samples", "how many calibration samples to use (spread evenly over the data)", default: .number(100),
                              keywordOnly: true),
                ],
                returns: "qmodel",
                doc: "Post-training quantization to TensorFlow Lite's int8 specification: weights int8 per output channel (symmetric), biases int32, activations int8 per tensor with ranges from the min and max over the calibration samples (widened to include 0). Batchnorm after a layer without activation is folded into it, relu and relu6 are fused, and softmax and sigmoid outputs use the fixed scale 1/256 and zero point -128 (tanh 1/128, 0). The input and output are int8 with their own scale and zero point. Fewer than 100 calibration samples give a warning: ranges from a few samples can clip values the model meets later. The same model and data give the same qmodel.",
                examples: ["q = quantize(wand, calibration: train, samples: 100)", "q.params"]) { call throws(Diagnostic) in
            try Quantizing.quantize(call)
        },
        Builtin("compare", category: .quantization, summary: "float vs int8: accuracy, agreement, size and per-layer error",
                parameters: [.required("model", "the float model"), .required("qmodel", "its quantized version"),
                             .required("data", "a labelled dataset to compare them on")],
                returns: "table",
                doc: "Runs both models on the data: accuracy of each, agreement (the share of samples both put in the same class), their size in bytes (float32 parameters; the int8 .tflite file), and per layer the signal-to-quantization-noise ratio (SQNR, in dB) of the int8 output against the float one over up to 100 samples — about 6 dB per bit, so 30 dB or more is a healthy int8 layer and a sudden drop points at the layer that loses accuracy.",
                examples: ["compare(wand, q, test)"]) { call throws(Diagnostic) in
            .table(try Quantizing.compare(call))
        },
    ]
}

extension Call {
    func qmodel(_ name: String) throws(Diagnostic) -> QModelHandle {
        let value = value(name)
        guard case .qmodel(let handle) = value else { throw typeError(name, expected: "a qmodel (from quantize)", got: value) }
        return handle
    }
}

/// `quantize` and `compare`.
enum Quantizing {
    static func quantize(_ call: Call) throws(Diagnostic) -> Value {
        let handle = try call.model("model")
        let model = handle.model
        let data: Dataset
        switch call.value("calibration") {
        case .dataset(let given): data = given
        case let other: throw call.typeError("calibration", expected: "a dataset", got: other)
        }
        let wanted = try call.integer("samples", minimum: 1)
        guard Tensor.elementCount(of: data.sampleShape) == Tensor.elementCount(of: model.inputShape) else {
            throw ModelBuilder.diagnostic(.batchMismatch(expected: model.inputShape, got: data.sampleShape), at: call.range(of: "calibration"))
        }
        // Evenly spread picks: data ordered by class still calibrates on every class.
        let count = min(wanted, data.count)
        let picked = count == data.count ? data : data.selecting((0..<count).map { $0 * data.count / count })
        let result: QuantizedGraph
        do { result = try Quantizer.quantize(model, calibration: picked.samples) } catch {
            throw Diagnostic(.value, error.description, at: call.range(of: "calibration"))
        }
        for warning in result.warnings {
            let asked = wanted > data.count ? " (asked for \(wanted), the data holds \(data.count))" : ""
            call.stderr("Warning: quantize(\(handle.name)): \(warning)\(asked)\n")
        }
        return .qmodel(QModelHandle(modelName: handle.name, quantized: result, model: model, classNames: data.classNames))
    }

    /// Samples over which per-layer errors are measured: enough for a stable figure, few enough
    /// to stay quick with the reference kernels.
    static let layerSamples = 100

    static func compare(_ call: Call) throws(Diagnostic) -> Table {
        let handle = try call.model("model")
        let quantized = try call.qmodel("qmodel")
        let data = try call.dataset("data")
        let model = handle.model
        guard model.inputShape == quantized.inputShape, model.outputShape == quantized.outputShape,
              model.layers.map(LayerText.text) == quantized.layerTexts else {
            throw Diagnostic(.value, "this qmodel (\(quantized.name)) was not made from a model shaped like \(handle.name)",
                             at: call.range(of: "qmodel"), hint: "compare a model with quantize(model, ...) of it")
        }
        let range = call.range(of: "data")
        let floatOutputs = try Predictor.float(handle).predict(data.samples, at: range)
        let int8Outputs = try Predictor.int8(quantized).predict(data.samples, at: range)
        var rows: [[String]] = []
        if data.isClassification {
            let floatClasses = Metrics.predictedClasses(floatOutputs), int8Classes = Metrics.predictedClasses(int8Outputs)
            let labels = data.classIndices
            func accuracy(_ predicted: [Int]) -> Double {
                Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
            }
            let floatAccuracy = accuracy(floatClasses), int8Accuracy = accuracy(int8Classes)
            let agreement = Double(zip(floatClasses, int8Classes).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
            let points = (int8Accuracy - floatAccuracy) * 100
            rows.append(["accuracy", MetricsValue.percent(floatAccuracy), MetricsValue.percent(int8Accuracy),
                         points == 0 ? "no change" : (points > 0 ? "+" : "") + NumberText.string((points * 10).rounded() / 10) + " points"])
            rows.append(["agreement", "", MetricsValue.percent(agreement), "same class on \(NumberText.grouped(labels.count)) samples"])
        } else {
            func meanAbsolute(_ outputs: Tensor) -> Double {
                Metrics.regression(outputs: outputs, targets: Fitting.targets(data)).mae
            }
            rows.append(["mean absolute error", NumberText.string(meanAbsolute(floatOutputs)), NumberText.string(meanAbsolute(int8Outputs)), ""])
        }
        let floatBytes = model.parameterCount * 4
        let int8Bytes: Int
        switch quantized.tflite {
        case .success(let bytes): int8Bytes = bytes.count
        case .failure(let error): throw Diagnostic(.value, "the int8 model cannot be written as .tflite: \(error.description)", at: call.range(of: "qmodel"))
        }
        let weightBytes = quantized.graph.constantBytes
        rows.append(["weights", ByteText.string(floatBytes), ByteText.string(weightBytes),
                     NumberText.string((Double(floatBytes) / Double(max(weightBytes, 1)) * 10).rounded() / 10) + "× smaller"])
        rows.append([".tflite file", "", ByteText.string(int8Bytes), "\(NumberText.grouped(int8Bytes)) bytes (q.size)"])
        let layers = try layerErrors(model, quantized, data, at: range)
        for (index, text) in quantized.layerTexts.enumerated() {
            guard let sqnr = layers[index] else { continue }
            rows.append(["layer \(index + 1): \(text)", "", sqnr.isInfinite ? "exact" : NumberText.string((sqnr * 10).rounded() / 10) + " dB", "SQNR"])
        }
        return Table(title: "\(handle.name) (float32) vs \(quantized.name) quantized (int8) on \(NumberText.grouped(data.count)) samples",
                     columns: [.init("measure"), .init("float32", alignment: .right), .init("int8", alignment: .right), .init("note")],
                     rows: rows,
                     caption: "Weights: the float32 parameters, and the int8 graph's constants (int8 weights, int32 biases, shapes); the .tflite file adds the graph's structure. SQNR: the int8 layer output "
                        + "against the float one over \(min(layerSamples, data.count)) samples; a layer folded into the next has no row.")
    }

    /// Per float layer, the SQNR in dB of the int8 tensor holding its output, or nil for a layer
    /// folded away. Infinite when the int8 values reproduce the float ones exactly.
    private static func layerErrors(_ model: Model, _ quantized: QModelHandle, _ data: Dataset,
                                    at range: SourceRange) throws(Diagnostic) -> [Double?] {
        let count = min(layerSamples, data.count)
        guard count > 0 else { return Array(repeating: nil, count: model.layers.count) }
        let picked = data.selecting((0..<count).map { $0 * data.count / count })
        var generator = SeededGenerator(seed: 0)  // inference draws nothing
        let pass: ForwardPass
        do { pass = try model.forward(picked.samples, training: false, generator: &generator) } catch {
            throw ModelBuilder.diagnostic(error, at: range)
        }
        let graph = quantized.graph
        var signal = [Double](repeating: 0, count: model.layers.count)
        var noise = signal
        let sampleSize = Tensor.elementCount(of: model.inputShape)
        for n in 0..<count {
            let sample = Array(picked.samples.scalars[(n * sampleSize)..<((n + 1) * sampleSize)])
            let values: [TensorData?]
            do { values = try quantized.tensorValues(sample: sample) } catch { throw QModelHandle.diagnostic(error, at: range) }
            for (layer, tensorIndex) in quantized.quantized.layerTensors.enumerated() {
                guard let tensorIndex, let q = graph.tensors[tensorIndex].quantization, let int8 = values[tensorIndex]?.int8Values else { continue }
                let floats = pass.records[layer].output.scalars
                let width = floats.count / count
                let dequantized = ReferenceKernels.dequantize(int8, scale: q.scale, zeroPoint: q.zeroPoint)
                for (i, value) in dequantized.enumerated() {
                    let reference = Double(floats[n * width + i])
                    signal[layer] += reference * reference
                    noise[layer] += (reference - Double(value)) * (reference - Double(value))
                }
            }
        }
        return quantized.quantized.layerTensors.indices.map { layer in
            guard quantized.quantized.layerTensors[layer] != nil else { return nil }
            if noise[layer] == 0 { return .infinity }
            return 10 * log10(max(signal[layer], .leastNormalMagnitude) / noise[layer])
        }
    }
}
