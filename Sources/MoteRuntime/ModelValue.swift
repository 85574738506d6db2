import Synchronization
import TensorEngine

/// What a layer call such as `conv1d(8, kernel: 5)` evaluates to: the model's input line, or a layer.
public enum LayerValue: Sendable, Equatable {
    case input([Int])
    case layer(LayerSpec)

    /// The call as a learner would write it, e.g. `dense(4, activation: softmax)`.
    public var text: String {
        switch self {
        case .input(let dims): "input(\(dims.map(String.init).joined(separator: ", ")))"
        case .layer(let spec): LayerText.text(spec)
        }
    }
}

/// A model bound in the session. `fit` trains it in place, so every name that refers to it sees
/// the trained weights: the model is shared, not copied, like a Python object.
public final class ModelHandle: Sendable {
    public let name: String
    private let state: Mutex<Model>

    init(name: String, model: Model) {
        self.name = name
        state = Mutex(model)
    }

    public var model: Model {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}

/// Layer specs written back as Mote calls, for displays and errors.
enum LayerText {
    static func text(_ spec: LayerSpec) -> String {
        func activation(_ activation: Activation) -> String { activation == .linear ? "" : ", activation: \(activation.name)" }
        func size(_ size: Size2D) -> String { size.height == size.width ? "\(size.height)" : "[\(size.height), \(size.width)]" }
        switch spec {
        case let .dense(units, act): return "dense(\(units)\(activation(act)))"
        case let .conv1d(filters, kernel, stride, padding, act):
            return "conv1d(\(filters), kernel: \(kernel)\(stride == 1 ? "" : ", stride: \(stride)")\(padding == .same ? "" : ", padding: valid")\(activation(act)))"
        case let .conv2d(filters, kernel, stride, padding, act):
            return "conv2d(\(filters), kernel: \(size(kernel))\(stride == Size2D(1) ? "" : ", stride: \(size(stride))")\(padding == .same ? "" : ", padding: valid")\(activation(act)))"
        case let .depthwiseConv2d(kernel, multiplier, stride, padding, act):
            return "depthwise_conv2d(kernel: \(size(kernel))\(multiplier == 1 ? "" : ", multiplier: \(multiplier)")\(stride == Size2D(1) ? "" : ", stride: \(size(stride))")\(padding == .same ? "" : ", padding: valid")\(activation(act)))"
        case let .maxPool(size, stride): return "maxpool(\(size)\(stride == size ? "" : ", stride: \(stride)"))"
        case let .averagePool(size, stride): return "avgpool(\(size)\(stride == size ? "" : ", stride: \(stride)"))"
        case .globalAveragePool: return "global_avgpool()"
        case .flatten: return "flatten()"
        case let .reshape(dims): return "reshape(\(dims.map(String.init).joined(separator: ", ")))"
        case let .dropout(rate): return "dropout(\(NumberText.string(Double(rate))))"
        case .batchNormalization: return "batchnorm()"
        }
    }
}
