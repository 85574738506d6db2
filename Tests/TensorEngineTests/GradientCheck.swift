@testable import TensorEngine

/// Central-difference gradient checks in float64 on the generic network code.
///
/// The loss is `L = Σ output · R` for a fixed random `R`, so `∂L/∂output = R`; every input element
/// and every trainable parameter is perturbed by ±h and the difference quotient compared with the
/// analytic gradient.
enum GradientCheck {
    struct Failure: CustomStringConvertible {
        var what: String
        var analytic: Double
        var numeric: Double
        var description: String { "\(what): analytic \(analytic), numeric \(numeric)" }
    }

    /// Every mismatch beyond `|a − n| ≤ absolute + relative · max(|a|, |n|)`; empty when the check passes.
    static func failures(input: [Int], layers: [LayerSpec], batch: Int = 3, training: Bool = false,
                         seed: UInt64 = 1, randomState: Bool = false,
                         relative: Double = 1e-5, absolute: Double = 1e-7) throws -> [Failure] {
        let model = try Model.build(input: input, layers: layers, seed: seed)
        var network = Network<Double>(model)
        var random = SeededGenerator(seed: seed &+ 100)
        // Biases and batchnorm parameters start at constants; randomise them so every path is exercised.
        for layer in network.trainable.indices {
            for p in network.trainable[layer].indices where network.trainable[layer][p].shape.count == 1 {
                network.trainable[layer][p].scalars = network.trainable[layer][p].scalars.map {
                    $0 + Double(random.nextNormal()) * 0.3
                }
            }
            if randomState, network.state[layer].count == 2 {
                network.state[layer][0].scalars = network.state[layer][0].scalars.map { _ in Double(random.nextNormal()) }
                network.state[layer][1].scalars = network.state[layer][1].scalars.map { _ in 0.5 + Double(random.nextUniform()) }
            }
        }
        let x = ShapedArray<Double>(shape: [batch] + input,
                                    scalars: (0..<(batch * Tensor.elementCount(of: input))).map { _ in Double(random.nextNormal()) })
        let outputShape = [batch] + model.outputShape
        let r = (0..<Tensor.elementCount(of: outputShape)).map { _ in Double(random.nextNormal()) }
        let dropoutSeed = seed &+ 200

        func loss(_ net: Network<Double>, _ x: ShapedArray<Double>) -> Double {
            var generator = SeededGenerator(seed: dropoutSeed)
            let records = net.forward(x, training: training, generator: &generator, variant: .reference)
            return zip(records.last!.output.scalars, r).reduce(0) { $0 + $1.0 * $1.1 }
        }
        var generator = SeededGenerator(seed: dropoutSeed)
        let records = network.forward(x, training: training, generator: &generator, variant: .reference)
        let analytic = network.backward(records, gradient: ShapedArray(shape: outputShape, scalars: r),
                                        atPreActivation: false, variant: .reference)

        var found: [Failure] = []
        let h = 1e-5
        func compare(_ what: String, _ a: Double, _ plus: Double, _ minus: Double) {
            let numeric = (plus - minus) / (2 * h)
            if abs(a - numeric) > absolute + relative * max(abs(a), abs(numeric)) {
                found.append(Failure(what: what, analytic: a, numeric: numeric))
            }
        }
        for i in 0..<x.count {
            var up = x, down = x
            up.scalars[i] += h
            down.scalars[i] -= h
            compare("input[\(i)]", analytic.input.scalars[i], loss(network, up), loss(network, down))
        }
        for layer in network.trainable.indices {
            for p in network.trainable[layer].indices {
                for i in 0..<network.trainable[layer][p].count {
                    var up = network, down = network
                    up.trainable[layer][p].scalars[i] += h
                    down.trainable[layer][p].scalars[i] -= h
                    compare("layer \(layer) parameter \(p)[\(i)]", analytic.trainable[layer][p].scalars[i],
                            loss(up, x), loss(down, x))
                }
            }
        }
        return found
    }
}
