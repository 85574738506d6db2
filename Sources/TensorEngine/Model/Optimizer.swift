import Foundation

/// How gradients update the weights, with Keras's defaults.
public enum Optimizer: Sendable, Equatable {
    /// Stochastic gradient descent: `v = momentum·v − lr·g; w += v` (plain `w −= lr·g` without momentum).
    case sgd(learningRate: Float = 0.01, momentum: Float = 0)
    /// Adam with β₁ 0.9, β₂ 0.999 and ε 1e-7, as Keras.
    case adam(learningRate: Float = 0.001)

    /// The name as written in a notebook.
    public var name: String {
        switch self {
        case .sgd: "sgd"
        case .adam: "adam"
        }
    }

    /// The learning rate.
    public var learningRate: Float {
        switch self {
        case let .sgd(learningRate, _), let .adam(learningRate): learningRate
        }
    }
}

/// An optimizer with its per-parameter state (momentum velocities, Adam's moments and step).
public struct OptimizerState: Sendable, Equatable {
    /// The optimizer being applied.
    public let optimizer: Optimizer
    /// Updates applied so far.
    public private(set) var step = 0
    /// SGD's velocity or Adam's first moment, shaped like each trainable parameter.
    private var first: [[[Float]]]
    /// Adam's second moment.
    private var second: [[[Float]]]

    /// Fresh state (all zero) for the trainable parameters of `model`.
    public init(_ optimizer: Optimizer, for model: Model) {
        self.optimizer = optimizer
        let zeros = model.parameters.map { $0.trainable.map { [Float](repeating: 0, count: $0.count) } }
        first = zeros
        second = zeros
    }

    /// Applies one update of `gradients` to the trainable parameters of `model`.
    ///
    /// Adam follows Keras: `m += (g − m)(1 − β₁)`, `v += (g² − v)(1 − β₂)`,
    /// `w −= α·m / (√v + ε)` with `α = lr·√(1 − β₂ᵗ) / (1 − β₁ᵗ)` (the bias corrections, computed
    /// in double precision and rounded once).
    /// - Precondition: `gradients` has the model's parameter shapes.
    public mutating func apply(_ gradients: Gradients, to model: inout Model) {
        step += 1
        switch optimizer {
        case let .sgd(learningRate, momentum):
            Self.update(&model, gradients) { layer, index, w, g in
                if momentum == 0 {
                    for i in w.indices { w[i] -= learningRate * g[i] }
                } else {
                    for i in w.indices {
                        first[layer][index][i] = momentum * first[layer][index][i] - learningRate * g[i]
                        w[i] += first[layer][index][i]
                    }
                }
            }
        case let .adam(learningRate):
            let beta1 = 0.9, beta2 = 0.999
            let epsilon: Float = 1e-7
            let t = Double(step)
            let alpha = Float(Double(learningRate) * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t)))
            let oneMinusBeta1 = Float(1 - beta1), oneMinusBeta2 = Float(1 - beta2)
            Self.update(&model, gradients) { layer, index, w, g in
                for i in w.indices {
                    first[layer][index][i] += (g[i] - first[layer][index][i]) * oneMinusBeta1
                    second[layer][index][i] += (g[i] * g[i] - second[layer][index][i]) * oneMinusBeta2
                    w[i] -= alpha * first[layer][index][i] / (second[layer][index][i].squareRoot() + epsilon)
                }
            }
        }
    }

    private static func update(_ model: inout Model, _ gradients: Gradients,
                        _ rule: (Int, Int, inout [Float], [Float]) -> Void) {
        for layer in model.parameters.indices {
            for index in model.parameters[layer].trainable.indices {
                let parameter = model.parameters[layer].trainable[index]
                let gradient = gradients.parameters[layer][index]
                precondition(gradient.shape == parameter.shape, "OptimizerState.apply: gradient shape \(gradient.shape)")
                var weights = parameter.scalars
                rule(layer, index, &weights, gradient.scalars)
                model.parameters[layer].trainable[index] = Tensor(shape: parameter.shape, scalars: weights)
            }
        }
    }
}
