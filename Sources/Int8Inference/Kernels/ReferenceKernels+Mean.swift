/// Parameters of int8 MEAN: the rescale from input to output scale (`QuantizeMultiplier(s_in / s_out)`)
/// and both zero points.
public struct MeanParameters: Sendable, Hashable {
    public var inputZeroPoint: Int32
    public var outputZeroPoint: Int32
    public var multiplier: FixedPoint.Multiplier

    /// Derives the parameters from the two tensors' quantization.
    public init(input: Quantization, output: Quantization) {
        inputZeroPoint = input.zeroPoint
        outputZeroPoint = output.zeroPoint
        multiplier = FixedPoint.quantizeMultiplier(Double(input.scale) / Double(output.scale))
    }
}

extension ReferenceKernels {
    /// MEAN int8 → int8 over `axes` (negative axes count from the end; repeats are ignored),
    /// as TensorFlow Lite Micro's `QuantizedMeanOrSum`: the raw values are summed in int32 per
    /// output cell; the count `n` is folded into the multiplier as `(M << k) / n` (truncating) with
    /// exponent `shift - k`, `k = min(floor(log2 n), 32, 31 + shift)`; then
    /// `out = MBQM(sum - zp_in * n) + zp_out`, clamped. The output has the reduced axes removed,
    /// or kept with size 1 when `keepDims`. Returns nil for an axis out of range.
    public static func mean(_ input: [Int8], shape: [Int], axes: [Int], keepDims: Bool,
                            parameters p: MeanParameters) -> (values: [Int8], shape: [Int])? {
        var reduced = Set<Int>()
        for axis in axes {
            let resolved = axis < 0 ? axis + shape.count : axis
            guard resolved >= 0, resolved < shape.count else { return nil }
            reduced.insert(resolved)
        }
        let keptShape = shape.indices.filter { !reduced.contains($0) }.map { shape[$0] }
        let outputShape = keepDims ? shape.indices.map { reduced.contains($0) ? 1 : shape[$0] } : keptShape
        let outputCount = keptShape.reduce(1, *)
        var sums = [Int32](repeating: 0, count: outputCount)
        // Walk the input in row-major order; the output cell index is built from the kept axes only.
        var index = [Int](repeating: 0, count: shape.count)
        for value in input {
            var cell = 0
            for axis in shape.indices where !reduced.contains(axis) { cell = cell * shape[axis] + index[axis] }
            sums[cell] &+= Int32(value)
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        let count = reduced.reduce(1) { $0 * shape[$1] }
        guard count > 0 else { return ([Int8](repeating: 0, count: outputCount), outputShape) }
        var k = Int64(count).bitWidth - 1 - Int64(count).leadingZeroBitCount
        k = min(k, 32, 31 + p.multiplier.shift)
        let multiplier = Int32(truncatingIfNeeded: (Int64(p.multiplier.multiplier) << k) / Int64(count))
        let shift = p.multiplier.shift - k
        let values = sums.map { sum -> Int8 in
            let centred = sum &- p.inputZeroPoint &* Int32(truncatingIfNeeded: count)
            let scaled = FixedPoint.multiplyByQuantizedMultiplier(centred, multiplier, shift) &+ p.outputZeroPoint
            return Int8(min(max(scaled, -128), 127))
        }
        return (values, outputShape)
    }
}
