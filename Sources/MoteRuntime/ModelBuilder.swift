import DataPipeline
import JSONValues
import MoteSyntax
import RichDisplay
import TensorEngine

/// Turns layer values into a model, and a learner's data into model inputs, with errors that
/// point at the layer or argument at fault.
enum ModelBuilder {
    /// A model from `input(...)` followed by layers; shape errors point at the first layer that
    /// does not fit and name both shapes.
    static func build(name: String, layers: [(value: Value, range: SourceRange)], seed: UInt64,
                      at range: SourceRange) throws(Diagnostic) -> ModelHandle {
        guard let first = layers.first else {
            throw Diagnostic(.value, "model '\(name)' has no layers", at: range, hint: "start with input(...), e.g. input(100, 6)")
        }
        guard case .layer(.input(let input)) = first.value else {
            throw Diagnostic(.value, "the first line of a model must be input(...), not \(first.value.plainText)", at: first.range,
                             hint: "e.g. input(100, 6) for windows of 100 steps of 6 axes")
        }
        try checkSize(input, of: "the input", at: first.range)
        var specs = [LayerSpec]()
        var shape = input
        for (index, layer) in layers.dropFirst().enumerated() {
            guard case .layer(let value) = layer.value, case .layer(let spec) = value else {
                let what = if case .layer(.input) = layer.value { "input(...) can only be the first line" } else {
                    "a model holds layers such as dense(4), not \(layer.value.kindWithArticle)"
                }
                throw Diagnostic(.value, what, at: layer.range)
            }
            let layerInput = shape
            do {
                shape = try spec.outputShape(for: shape, name: Model.layerName(spec, index: index))
            } catch {
                throw diagnostic(error, at: layer.range)
            }
            // Checked here, before any weight is allocated: `dense(1e10)` is an error, not a trap.
            if let layout = spec.kernelLayout(input: layerInput) {
                try checkSize(layout.shape, of: "the weights of \(Model.layerName(spec, index: index))", at: layer.range)
            }
            try checkSize(shape, of: "the output of \(Model.layerName(spec, index: index))", at: layer.range)
            specs.append(spec)
        }
        do {
            return ModelHandle(name: name, model: try Model.build(input: input, layers: specs, seed: seed))
        } catch {
            throw diagnostic(error, at: range)
        }
    }

    /// A ResourceError when a tensor of `shape` would hold more elements than one tensor may.
    private static func checkSize(_ shape: [Int], of what: String, at range: SourceRange) throws(Diagnostic) {
        let limit = Limits.default.tensorElements
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: max(dimension, 0))
            guard !overflow, product <= limit else {
                throw Diagnostic(.resource, "\(what) would have shape \(shape), over the limit of \(limit) elements",
                                 at: range, hint: "use fewer units or filters, or a smaller input")
            }
            count = product
        }
    }

    /// The samples for a model: a sample, a dataset, or a tensor holding one sample or a batch.
    /// Returns the batch and whether it was a single sample.
    static func inputs(_ value: Value, inputShape: [Int], at range: SourceRange) throws(Diagnostic) -> (Tensor, single: Bool) {
        let size = Tensor.elementCount(of: inputShape)
        let tensor: Tensor
        switch value {
        case .dataset(let data): return (data.samples, false)
        case .sample(let sample): tensor = sample.values
        case .tensor(let values): tensor = values
        case .list, .number: tensor = try TensorLiteral.tensor(from: value, limits: .default, at: range)
        default:
            throw Diagnostic(.type, "a model takes a sample, a tensor or a dataset, not \(value.kindWithArticle)", at: range)
        }
        if tensor.count == size, tensor.shape != [1] + inputShape || tensor.rank != inputShape.count + 1 {
            return (Tensor(shape: [1] + inputShape, scalars: tensor.scalars), true)
        }
        guard tensor.rank > inputShape.count || tensor.rank >= 2, tensor.count % size == 0 else {
            throw Diagnostic(.shape, "a sample of shape \(tensor.shape) (\(tensor.count) elements) does not fit the model input "
                             + "\(inputShape) (\(size) elements)", at: range,
                             hint: "give one sample of the input's shape (or its element count), or a batch with one more axis")
        }
        return (tensor, false)
    }

    /// A model error as the learner sees it: shapes are ShapeErrors, the rest ValueErrors.
    static func diagnostic(_ error: ModelError, at range: SourceRange) -> Diagnostic {
        let kind: ErrorKind = switch error {
        case .shapeMismatch, .batchMismatch, .targetMismatch: .shape
        case .invalidInput, .invalidArgument: .value
        }
        return Diagnostic(kind, error.description, at: range, hint: error.hint)
    }
}

/// How models read: a summary table (the `summary()` of `LANGUAGE.md` §5).
enum ModelDisplay {
    static func summary(_ handle: ModelHandle) -> Table {
        let model = handle.model
        let rows = [["input", "\(model.inputShape)", "0", "0", ByteText.string(Tensor.elementCount(of: model.inputShape) * 4)]]
            + zip(model.layers, model.summary).map { spec, row in
                [LayerText.text(spec), "\(row.outputShape)", NumberText.grouped(row.parameters), NumberText.grouped(row.macs),
                 ByteText.string(row.activationBytes)]
            }
        let activations = model.summary.map(\.activationBytes).reduce(0, +)
        return Table(title: "Model \(handle.name)",
                     columns: [.init("layer"), .init("output shape"), .init("parameters", alignment: .right),
                               .init("MACs", alignment: .right), .init("activations", alignment: .right)],
                     rows: rows,
                     footer: [["total", "\(model.outputShape)", NumberText.grouped(model.parameterCount), NumberText.grouped(model.macs),
                               ByteText.string(activations)]],
                     caption: "Parameters as float32 take \(ByteText.string(model.parameterCount * 4)); MACs are per inference.")
    }

    static func json(_ handle: ModelHandle) -> JSON {
        let model = handle.model
        return [
            "name": .string(handle.name),
            "params": .number(Double(model.parameterCount)),
            "macs": .number(Double(model.macs)),
            "input_shape": .array(model.inputShape.map { .number(Double($0)) }),
            "output_shape": .array(model.outputShape.map { .number(Double($0)) }),
            "layers": .array(model.summary.map { row in
                ["name": .string(row.name), "output_shape": .array(row.outputShape.map { .number(Double($0)) }),
                 "params": .number(Double(row.parameters)), "macs": .number(Double(row.macs)),
                 "activation_bytes": .number(Double(row.activationBytes))]
            }),
        ]
    }
}

/// Byte counts as a table shows them: `512 B`, `2.3 KB`, `1.5 MB` (1 KB = 1024 B), one decimal
/// at most so the columns stay readable.
enum ByteText {
    static func string(_ bytes: Int) -> String {
        let (scale, unit): (Double, String) = bytes >= 1 << 20 ? (Double(1 << 20), "MB") : bytes >= 1024 ? (1024, "KB") : (1, "B")
        return NumberText.string((Double(bytes) / scale * 10).rounded() / 10) + " " + unit
    }
}

extension NumberText {
    /// Whole numbers with thousands separators: `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }
}
