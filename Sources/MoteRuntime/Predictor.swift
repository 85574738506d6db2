import Int8Inference
import MoteSyntax
import TensorEngine

/// What `evaluate`, `accuracy` and `predict` run: a float model, or a qmodel on the int8 kernels.
enum Predictor {
    case float(ModelHandle)
    case int8(QModelHandle)

    var inputShape: [Int] {
        switch self {
        case .float(let handle): handle.model.inputShape
        case .int8(let handle): handle.inputShape
        }
    }

    var outputShape: [Int] {
        switch self {
        case .float(let handle): handle.model.outputShape
        case .int8(let handle): handle.outputShape
        }
    }

    var finalActivation: Activation? {
        switch self {
        case .float(let handle): handle.model.finalActivation
        case .int8(let handle): handle.finalActivation
        }
    }

    /// Outputs `[n] + outputShape` for `inputs` (`[n] + inputShape`, or samples with as many
    /// elements); a qmodel's are dequantized.
    func predict(_ inputs: Tensor, at range: SourceRange) throws(Diagnostic) -> Tensor {
        switch self {
        case .float(let handle):
            do { return try handle.model.predict(inputs) } catch { throw ModelBuilder.diagnostic(error, at: range) }
        case .int8(let handle):
            let size = Tensor.elementCount(of: handle.inputShape)
            guard inputs.rank >= 1, size > 0, inputs.count == inputs.shape[0] * size else {
                throw ModelBuilder.diagnostic(.batchMismatch(expected: handle.inputShape, got: Array(inputs.shape.dropFirst())), at: range)
            }
            do { return try handle.predict(inputs) } catch { throw QModelHandle.diagnostic(error, at: range) }
        }
    }
}

extension Call {
    /// A model or a qmodel.
    func predictor(_ name: String) throws(Diagnostic) -> Predictor {
        switch value(name) {
        case .model(let handle): return .float(handle)
        case .qmodel(let handle): return .int8(handle)
        case let other: throw typeError(name, expected: "a model or a qmodel", got: other)
        }
    }
}
