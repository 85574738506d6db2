extension Tensor {
    /// The numpy broadcast of two shapes: axes are aligned from the right and each pair must be
    /// equal or contain a 1. Returns `nil` when the shapes are incompatible.
    public static func broadcastShape(_ lhs: [Int], _ rhs: [Int]) -> [Int]? {
        let rank = Swift.max(lhs.count, rhs.count)
        var result = [Int](repeating: 1, count: rank)
        for offset in 0..<rank {
            let a = offset < lhs.count ? lhs[lhs.count - 1 - offset] : 1
            let b = offset < rhs.count ? rhs[rhs.count - 1 - offset] : 1
            guard a == b || a == 1 || b == 1 else { return nil }
            result[rank - 1 - offset] = a == 1 ? b : a
        }
        return result
    }

    /// Strides for reading a tensor of `shape` as if it had the (broadcast) shape `target`:
    /// broadcast axes get stride 0.
    package static func broadcastStrides(of shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(of: shape)
        let padding = target.count - shape.count
        return (0..<target.count).map { axis in
            axis < padding || shape[axis - padding] == 1 ? 0 : own[axis - padding]
        }
    }
}

/// A loop nest over a broadcast output, reduced to as few axes as possible.
///
/// Axes of length 1 are dropped and neighbouring axes are merged when both operands step through
/// them contiguously (or both stay put), so most broadcasts become one outer loop around one
/// long inner run.
struct BroadcastLoop {
    /// Lengths of the outer axes (all but the innermost), outermost first.
    var outerLengths: [Int]
    var outerStridesA: [Int]
    var outerStridesB: [Int]
    /// Length of the innermost run and each operand's stride within it (0 or the element step).
    var innerLength: Int
    var innerStrideA: Int
    var innerStrideB: Int

    init(shape: [Int], stridesA: [Int], stridesB: [Int]) {
        var lengths: [Int] = []
        var a: [Int] = []
        var b: [Int] = []
        for axis in shape.indices where shape[axis] != 1 {
            if let last = lengths.indices.last,
               a[last] == stridesA[axis] * shape[axis], b[last] == stridesB[axis] * shape[axis] {
                lengths[last] *= shape[axis]
                a[last] = stridesA[axis]
                b[last] = stridesB[axis]
            } else {
                lengths.append(shape[axis])
                a.append(stridesA[axis])
                b.append(stridesB[axis])
            }
        }
        innerLength = lengths.popLast() ?? 1
        innerStrideA = a.popLast() ?? 0
        innerStrideB = b.popLast() ?? 0
        outerLengths = lengths
        outerStridesA = a
        outerStridesB = b
    }

    /// Calls `body(offsetA, offsetB, outputOffset)` for each inner run, in row-major order.
    func forEachRun(_ body: (Int, Int, Int) -> Void) {
        let outerCount = outerLengths.reduce(1, *)
        guard outerCount > 0, innerLength > 0 else { return }
        var counters = [Int](repeating: 0, count: outerLengths.count)
        var offsetA = 0
        var offsetB = 0
        for run in 0..<outerCount {
            body(offsetA, offsetB, run * innerLength)
            // Advance the odometer, innermost outer axis first.
            var axis = outerLengths.count - 1
            while axis >= 0 {
                counters[axis] += 1
                offsetA += outerStridesA[axis]
                offsetB += outerStridesB[axis]
                if counters[axis] < outerLengths[axis] { break }
                offsetA -= outerStridesA[axis] * outerLengths[axis]
                offsetB -= outerStridesB[axis] * outerLengths[axis]
                counters[axis] = 0
                axis -= 1
            }
        }
    }
}
