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
            return ShapedArray(shape: z.shape, scalars: Activation.map(z.scalars) { $0 > 0 ? $0 : 0 })
        case .relu6:
            return ShapedArray(shape: z.shape, scalars: Activation.map(z.scalars) { $0 > 0 ? ($0 < 6 ? $0 : 6) : 0 })
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
        var dz = [S](repeating: 0, count: count)
        switch self {
        case .linear:
            return dy
        case .relu:
            return ShapedArray(shape: dy.shape, scalars: Activation.zip(z.scalars, dy.scalars) { $0 > 0 ? $1 : 0 })
        case .relu6:
            return ShapedArray(shape: dy.shape,
                               scalars: Activation.zip(z.scalars, dy.scalars) { $0 > 0 && $0 < 6 ? $1 : 0 })
        case .sigmoid:
            for i in 0..<count { dz[i] = dy.scalars[i] * y.scalars[i] * (1 - y.scalars[i]) }
        case .tanh:
            for i in 0..<count { dz[i] = dy.scalars[i] * (1 - y.scalars[i] * y.scalars[i]) }
        case .softmax:
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

    /// `transform` of every element, in loops the compiler can vectorise (no per-element checks).
    @inline(__always)
    private static func map<S: EngineScalar>(_ x: [S], _ transform: (S) -> S) -> [S] {
        [S](unsafeUninitializedCapacity: x.count) { out, initialized in
            x.withUnsafeBufferPointer { x in
                for i in 0..<x.count { out[i] = transform(x[i]) }
            }
            initialized = x.count
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
