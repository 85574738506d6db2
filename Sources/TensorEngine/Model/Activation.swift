/// The activation a layer applies to its output.
public enum Activation: String, Sendable, Equatable, CaseIterable {
    /// The identity (the default).
    case linear
    /// `max(0, x)`.
    case relu
    /// `min(max(0, x), 6)`.
    case relu6
    /// `1 / (1 + e^-x)`.
    case sigmoid
    /// The hyperbolic tangent.
    case tanh
    /// `e^x / Σ e^x` over the last axis (the classes).
    case softmax

    /// The name as written in a model block, e.g. `"relu6"`.
    public var name: String { rawValue }
}

extension Activation {
    /// Applies the activation to `z`, a batch whose last axis is the feature axis.
    ///
    /// Sigmoid is computed in the form that does not overflow for either sign of `x`; softmax
    /// subtracts each row's maximum first.
    package func apply<S: EngineScalar>(_ z: ShapedArray<S>) -> ShapedArray<S> {
        switch self {
        case .linear:
            return z
        case .relu:
            return ShapedArray(shape: z.shape, scalars: Activation.rectified(z.scalars, ceiling: .infinity))
        case .relu6:
            return ShapedArray(shape: z.shape, scalars: Activation.rectified(z.scalars, ceiling: 6))
        case .sigmoid:
            return ShapedArray(shape: z.shape, scalars: z.scalars.map(Activation.sigmoid))
        case .tanh:
            return ShapedArray(shape: z.shape, scalars: z.scalars.map { S.hyperbolicTangent($0) })
        case .softmax:
            return ShapedArray(shape: z.shape, scalars: Activation.softmax(z.scalars, width: z.shape.last ?? 1))
        }
    }

    /// The gradient with respect to the pre-activation `z`, given the activation's output `y`
    /// and the gradient `dy` with respect to it.
    ///
    /// The derivative at a kink (relu at 0, relu6 at 0 and 6) is taken as 0, as TensorFlow does.
    package func backward<S: EngineScalar>(preActivation z: ShapedArray<S>, output y: ShapedArray<S>,
                                           outputGradient dy: ShapedArray<S>) -> ShapedArray<S> {
        let count = dy.count
        var dz = [S]()
        switch self {
        case .linear:
            return dy
        case .relu:
            return ShapedArray(shape: dy.shape, scalars: Activation.rectifiedGradient(z.scalars, dy.scalars, ceiling: .infinity))
        case .relu6:
            return ShapedArray(shape: dy.shape, scalars: Activation.rectifiedGradient(z.scalars, dy.scalars, ceiling: 6))
        case .sigmoid:
            return ShapedArray(shape: dy.shape, scalars: Activation.zip(dy.scalars, y.scalars) { $0 * $1 * (1 - $1) })
        case .tanh:
            return ShapedArray(shape: dy.shape, scalars: Activation.zip(dy.scalars, y.scalars) { $0 * (1 - $1 * $1) })
        case .softmax:
            dz = [S](repeating: 0, count: count)
            // dz_i = y_i · (dy_i − Σ_j dy_j y_j), row by row.
            let width = dy.shape.last ?? 1
            for row in 0..<(width > 0 ? count / width : 0) {
                let base = row * width
                var dot: S = 0
                for j in 0..<width { dot += dy.scalars[base + j] * y.scalars[base + j] }
                for j in 0..<width { dz[base + j] = y.scalars[base + j] * (dy.scalars[base + j] - dot) }
            }
        }
        return ShapedArray(shape: dy.shape, scalars: dz)
    }

    /// ReLU (`ceiling` infinite) or ReLU6 (`ceiling` 6): `x > 0 ? min(x, ceiling) : 0`, so NaN and
    /// −0 give 0.
    private static func rectified<S: EngineScalar>(_ x: [S], ceiling: S) -> [S] {
        [S](unsafeUninitializedCapacity: x.count) { out, initialized in
            x.withUnsafeBufferPointer { x in
                if let source = x.baseAddress, let target = out.baseAddress {
                    rectify(source, into: target, count: x.count, ceiling: ceiling)
                }
            }
            initialized = x.count
        }
    }

    /// For ReLU and ReLU6, applies the activation to `z` in place (the values ``apply(_:)`` gives)
    /// and returns true; for the others returns false and leaves `z` as it is. Training uses it:
    /// the gradient of a rectifier needs only where its input lies in `(0, ceiling)`, and the
    /// output keeps that (`y > 0 ⇔ z > 0`, `y < c ⇔ z < c` for `y = min(max(z, 0), c)`), so the
    /// pre-activation need not be kept beside it.
    package func rectifyInPlace<S: EngineScalar>(_ z: inout [S]) -> Bool {
        let ceiling: S
        switch self {
        case .relu: ceiling = .infinity
        case .relu6: ceiling = 6
        case .linear, .sigmoid, .tanh, .softmax: return false
        }
        z.withUnsafeMutableBufferPointer { z in
            if let values = z.baseAddress { Activation.rectify(values, into: values, count: z.count, ceiling: ceiling) }
        }
        return true
    }

    /// The rectifier from `source` into `out` (which may be the same memory); large arrays in two
    /// halves on two threads.
    private static func rectify<S: EngineScalar>(_ source: UnsafePointer<S>, into out: UnsafeMutablePointer<S>,
                                                 count: Int, ceiling: S) {
        let shared = Unchecked((source, out))
        ParallelBands.run(count, work: count * ParallelBands.elementWork) { range in
            let (x, out) = shared.value
            for i in range {
                let value = x[i]
                out[i] = value > 0 ? (value < ceiling ? value : ceiling) : 0
            }
        }
    }

    /// The gradient through ``rectified(_:ceiling:)``: `dy` where `0 < z < ceiling` (any positive
    /// `z` for ReLU), else 0. Large arrays split in two halves on two threads.
    private static func rectifiedGradient<S: EngineScalar>(_ z: [S], _ dy: [S], ceiling: S) -> [S] {
        precondition(z.count == dy.count, "Activation.rectifiedGradient: lengths")
        let unbounded = ceiling == .infinity
        return [S](unsafeUninitializedCapacity: z.count) { out, initialized in
            z.withUnsafeBufferPointer { z in
                dy.withUnsafeBufferPointer { dy in
                    let shared = Unchecked((z.baseAddress, dy.baseAddress, out.baseAddress))
                    ParallelBands.run(z.count, work: z.count * ParallelBands.elementWork) { range in
                        let (z, dy, out) = (shared.value.0!, shared.value.1!, shared.value.2!)
                        // Both values loaded before the choice, and one loop per kind, so each
                        // compiles to vector selects rather than branches.
                        if unbounded {
                            for i in range {
                                let (input, gradient) = (z[i], dy[i])
                                out[i] = input > 0 ? gradient : 0
                            }
                        } else {
                            for i in range {
                                let (input, gradient) = (z[i], dy[i])
                                out[i] = input > 0 && input < ceiling ? gradient : 0
                            }
                        }
                    }
                }
            }
            initialized = z.count
        }
    }

    /// `combine` of every pair of elements of two arrays of one length, vectorisable like ``map(_:_:)``.
    @inline(__always)
    private static func zip<S: EngineScalar>(_ a: [S], _ b: [S], _ combine: (S, S) -> S) -> [S] {
        precondition(a.count == b.count, "Activation.zip: lengths")
        return [S](unsafeUninitializedCapacity: a.count) { out, initialized in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for i in 0..<a.count { out[i] = combine(a[i], b[i]) }
                }
            }
            initialized = a.count
        }
    }

    /// The logistic function, without overflow for large |x|.
    package static func sigmoid<S: EngineScalar>(_ x: S) -> S {
        if x >= 0 { return 1 / (1 + S.exponential(-x)) }
        let e = S.exponential(x)
        return e / (1 + e)
    }

    /// Row-wise softmax over rows of `width` elements, with each row's maximum subtracted first.
    package static func softmax<S: EngineScalar>(_ z: [S], width: Int) -> [S] {
        var out = [S](repeating: 0, count: z.count)
        guard width > 0 else { return out }
        for row in 0..<(z.count / width) {
            let base = row * width
            var largest = z[base]
            for j in 1..<width where z[base + j] > largest { largest = z[base + j] }
            var total: S = 0
            for j in 0..<width {
                let e = S.exponential(z[base + j] - largest)
                out[base + j] = e
                total += e
            }
            for j in 0..<width { out[base + j] /= total }
        }
        return out
    }
}
