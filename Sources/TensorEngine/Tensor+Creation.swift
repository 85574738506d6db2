extension Tensor {
    /// A tensor of the given shape with every element `0`.
    ///
    /// - Precondition: `shape` passes ``validate(shape:)``.
    public static func zeros(_ shape: [Int]) -> Tensor {
        filled(shape, with: 0)
    }

    /// A tensor of the given shape with every element `1`.
    ///
    /// - Precondition: `shape` passes ``validate(shape:)``.
    public static func ones(_ shape: [Int]) -> Tensor {
        filled(shape, with: 1)
    }

    /// A tensor of the given shape with every element equal to `value`.
    ///
    /// - Precondition: `shape` passes ``validate(shape:)``.
    public static func filled(_ shape: [Int], with value: Float) -> Tensor {
        precondition((try? validate(shape: shape)) != nil, "Tensor.filled: invalid shape \(shape)")
        return Tensor(shape: shape, scalars: [Float](repeating: value, count: elementCount(of: shape)))
    }

    /// A tensor of standard normal samples drawn from a fresh ``SeededGenerator`` seeded with `seed`.
    ///
    /// The same seed gives the same numbers on every platform.
    /// - Precondition: `shape` passes ``validate(shape:)``.
    public static func randn(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return randn(shape, using: &generator)
    }

    /// A tensor of standard normal samples drawn, in row-major order, from `generator`.
    ///
    /// - Precondition: `shape` passes ``validate(shape:)``.
    public static func randn(_ shape: [Int], using generator: inout SeededGenerator) -> Tensor {
        precondition((try? validate(shape: shape)) != nil, "Tensor.randn: invalid shape \(shape)")
        return build(shape: shape) { out in
            for index in out.indices { out[index] = generator.nextNormal() }
        }
    }

    /// A tensor of samples uniform in `[lower, upper)`, drawn in row-major order from `generator`.
    ///
    /// Each element is `lower + (upper − lower) · u` with `u` from ``SeededGenerator/nextUniform()``;
    /// float rounding can make an element equal `upper` when the range is wide.
    /// - Precondition: `shape` passes ``validate(shape:)``.
    public static func uniform(_ shape: [Int], in lower: Float, _ upper: Float,
                               using generator: inout SeededGenerator) -> Tensor {
        precondition((try? validate(shape: shape)) != nil, "Tensor.uniform: invalid shape \(shape)")
        let width = upper - lower
        return build(shape: shape) { out in
            for index in out.indices { out[index] = lower + width * generator.nextUniform() }
        }
    }

    /// `count` evenly spaced numbers from `start` to `end`, both included (numpy's `linspace`).
    ///
    /// Values are computed in double precision as `start + i · step` and rounded once to float;
    /// the last element is exactly `end`. `count == 1` gives `[start]`, `count == 0` an empty tensor.
    /// - Precondition: `count >= 0`.
    public static func linspace(_ start: Float, _ end: Float, count: Int) -> Tensor {
        precondition(count >= 0, "Tensor.linspace: count must not be negative")
        let first = Double(start)
        let step = count > 1 ? (Double(end) - first) / Double(count - 1) : 0
        return build(shape: [count]) { out in
            for index in out.indices { out[index] = Float(first + Double(index) * step) }
            if count > 1 { out[count - 1] = end }
        }
    }

    /// Numbers from `start` up to but excluding `end` in steps of `step` (numpy's `arange`).
    ///
    /// The length is `ceil((end − start) / step)` (0 when that is negative); element `i` is
    /// `start + i · step`, computed in double precision.
    /// - Throws: `.invalidArgument` when `step` is zero or any bound is not finite.
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) throws(TensorError) -> Tensor {
        guard step != 0 else { throw .invalidArgument(operation: "arange", reason: "step must not be zero") }
        guard start.isFinite, end.isFinite, step.isFinite else {
            throw .invalidArgument(operation: "arange", reason: "start, end and step must be finite")
        }
        let length = ((Double(end) - Double(start)) / Double(step)).rounded(.up)
        guard length <= 0x1p40 else {
            throw .invalidArgument(operation: "arange", reason: "\(length) elements are too many")
        }
        let count = length > 0 ? Int(length) : 0
        return build(shape: [count]) { out in
            for index in out.indices { out[index] = Float(Double(start) + Double(index) * Double(step)) }
        }
    }
}
