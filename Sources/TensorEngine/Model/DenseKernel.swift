/// Fully connected layer kernels: `y = x · W + b` with `W` as `[in, units]`.
///
/// The reference loops sum `x[n, k] · W[k, j]` from zero in increasing `k` and then add the bias;
/// the fast versions use the matrix product, which sums the same products in the same order, so
/// the two are bit-identical.
package enum DenseKernel {
    /// The forward pass by plain loops (the definition).
    package static func forwardReference<S: EngineScalar>(_ x: [S], batch: Int, inputs: Int,
                                                          weights w: [S], bias: [S], units: Int) -> [S] {
        var out = [S](repeating: 0, count: batch * units)
        for n in 0..<batch {
            for j in 0..<units {
                var sum: S = 0
                for k in 0..<inputs { sum += x[n * inputs + k] * w[k * units + j] }
                out[n * units + j] = sum + bias[j]
            }
        }
        return out
    }

    /// The backward pass by plain loops: gradients for input, weights and bias given `dz`.
    package static func backwardReference<S: EngineScalar>(_ x: [S], batch: Int, inputs: Int, weights w: [S],
                                                           units: Int, outputGradient dz: [S])
        -> (input: [S], weights: [S], bias: [S]) {
        var dw = [S](repeating: 0, count: inputs * units)
        for k in 0..<inputs {
            for j in 0..<units {
                var sum: S = 0
                for n in 0..<batch { sum += x[n * inputs + k] * dz[n * units + j] }
                dw[k * units + j] = sum
            }
        }
        var dx = [S](repeating: 0, count: batch * inputs)
        for n in 0..<batch {
            for k in 0..<inputs {
                var sum: S = 0
                for j in 0..<units { sum += dz[n * units + j] * w[k * units + j] }
                dx[n * inputs + k] = sum
            }
        }
        return (dx, dw, ConvolutionKernel.biasGradient(dz, rows: batch, filters: units))
    }

    /// The forward pass by the matrix product.
    package static func forwardFast<S: EngineScalar>(_ x: [S], batch: Int, inputs: Int,
                                                     weights w: [S], bias: [S], units: Int) -> [S] {
        var out = MatrixMath.product(x, w, rows: batch, inner: inputs, columns: units)
        ConvolutionKernel.addBias(bias, to: &out, rows: batch)
        return out
    }

    /// The backward pass by the matrix product: `dW = xᵀ · dz`, `dx = dz · Wᵀ` (empty without `inputGradient`).
    package static func backwardFast<S: EngineScalar>(_ x: [S], batch: Int, inputs: Int, weights w: [S],
                                                      units: Int, outputGradient dz: [S], inputGradient: Bool = true)
        -> (input: [S], weights: [S], bias: [S]) {
        let dw = MatrixMath.product(x, dz, rows: inputs, inner: batch, columns: units, layout: .transposed)
        let dx = inputGradient ? MatrixMath.product(dz, MatrixMath.transpose(w, rows: inputs, columns: units),
                                                    rows: batch, inner: units, columns: inputs) : []
        return (dx, dw, ConvolutionKernel.biasGradient(dz, rows: batch, filters: units))
    }
}
