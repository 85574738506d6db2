/// Parameters of int8 ADD (`CalculateOpDataAdd`): both inputs are brought to a common scale
/// with 20 bits of headroom, summed, and rescaled to the output.
public struct AddParameters: Sendable, Hashable {
    public var input1Offset: Int32
    public var input2Offset: Int32
    public var outputOffset: Int32
    public var leftShift: Int
    public var input1: FixedPoint.Multiplier
    public var input2: FixedPoint.Multiplier
    public var output: FixedPoint.Multiplier
    public var range: ActivationRange

    /// `twice_max = 2 * max(s1, s2)`; `m1 = s1 / twice_max`, `m2 = s2 / twice_max`,
    /// `mo = twice_max / (2^20 * so)`, all in double.
    public init(input1: Quantization, input2: Quantization, output: Quantization, activation: FusedActivation) {
        leftShift = 20
        input1Offset = -input1.zeroPoint
        input2Offset = -input2.zeroPoint
        outputOffset = output.zeroPoint
        let twiceMax = 2 * Double(max(input1.scale, input2.scale))
        self.input1 = FixedPoint.quantizeMultiplierSmallerThanOne(Double(input1.scale) / twiceMax)
        self.input2 = FixedPoint.quantizeMultiplierSmallerThanOne(Double(input2.scale) / twiceMax)
        self.output = FixedPoint.quantizeMultiplierSmallerThanOne(twiceMax / (Double(1 << leftShift) * Double(output.scale)))
        range = .int8(activation, scale: output.scale, zeroPoint: output.zeroPoint)
    }
}

extension ReferenceKernels {
    /// One element of int8 ADD (`AddFunc`).
    @inline(__always)
    public static func add(_ x: Int8, _ y: Int8, _ p: AddParameters) -> Int8 {
        let shifted1 = (p.input1Offset + Int32(x)) << p.leftShift
        let shifted2 = (p.input2Offset + Int32(y)) << p.leftShift
        let scaled1 = FixedPoint.multiplyByQuantizedMultiplier(shifted1, p.input1)
        let scaled2 = FixedPoint.multiplyByQuantizedMultiplier(shifted2, p.input2)
        let raw = FixedPoint.multiplyByQuantizedMultiplier(scaled1 &+ scaled2, p.output) &+ p.outputOffset
        return Int8(p.range.clamp(raw))
    }

    /// int8 ADD with NumPy-style broadcasting of the two shapes (right-aligned, size-1 dimensions
    /// stretch). Returns nil when the shapes do not broadcast.
    public static func add(_ a: [Int8], shape shapeA: [Int], _ b: [Int8], shape shapeB: [Int],
                           parameters: AddParameters) -> (values: [Int8], shape: [Int])? {
        if shapeA == shapeB {
            return (zip(a, b).map { add($0, $1, parameters) }, shapeA)
        }
        let rank = max(shapeA.count, shapeB.count)
        let paddedA = Array(repeating: 1, count: rank - shapeA.count) + shapeA
        let paddedB = Array(repeating: 1, count: rank - shapeB.count) + shapeB
        var shape: [Int] = []
        for (m, n) in zip(paddedA, paddedB) {
            guard m == n || m == 1 || n == 1 else { return nil }
            shape.append(max(m, n))
        }
        func strides(_ dims: [Int]) -> [Int] {
            var result = Array(repeating: 0, count: rank)
            var step = 1
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                result[axis] = dims[axis] == 1 ? 0 : step
                step *= dims[axis]
            }
            return result
        }
        let stridesA = strides(paddedA), stridesB = strides(paddedB)
        let count = shape.reduce(1, *)
        var output = [Int8](repeating: 0, count: count)
        var coordinate = Array(repeating: 0, count: rank)
        for index in 0..<count {
            var offsetA = 0, offsetB = 0
            for axis in 0..<rank {
                offsetA += coordinate[axis] * stridesA[axis]
                offsetB += coordinate[axis] * stridesB[axis]
            }
            output[index] = add(a[offsetA], b[offsetB], parameters)
            var axis = rank - 1
            while axis >= 0 {
                coordinate[axis] += 1
                if coordinate[axis] < shape[axis] { break }
                coordinate[axis] = 0
                axis -= 1
            }
        }
        return (output, shape)
    }
}
