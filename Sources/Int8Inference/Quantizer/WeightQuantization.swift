/// Symmetric per-channel int8 weights and int32 biases, as TensorFlow Lite's quantizer makes them.
enum WeightQuantization {
    /// Per-channel symmetric int8 values: `scale[c] = max|w_c| / 127` (1 for an all-zero channel)
    /// and `q = clamp(round(w / scale[c]), -127, 127)`, ties away from zero.
    ///
    /// `channelOf` maps a flat index of `weights` to its channel.
    static func perChannel(_ weights: [Float], channels: Int, channelOf: (Int) -> Int) -> (values: [Int8], scales: [Float]) {
        var largest = [Float](repeating: 0, count: channels)
        for (index, weight) in weights.enumerated() {
            let channel = channelOf(index)
            largest[channel] = max(largest[channel], abs(weight))
        }
        let scales = largest.map { $0 > 0 ? $0 / 127 : 1 }
        let values = weights.enumerated().map { index, weight -> Int8 in
            let rounded = (weight / scales[channelOf(index)]).rounded(.toNearestOrAwayFromZero)
            return Int8(max(-127, min(127, rounded)))
        }
        return (values, scales)
    }

    /// Int32 biases with `scale[c] = s_in * s_w[c]` (a float32 product) and zero point 0:
    /// `q = clamp(round(b / scale), ±(2^31 - 1))`.
    static func bias(_ bias: [Float], inputScale: Float, weightScales: [Float]) -> (values: [Int32], scales: [Float]) {
        let scales = weightScales.map { inputScale * $0 }
        let values = zip(bias, scales).map { value, scale -> Int32 in
            let rounded = (Double(value) / Double(scale)).rounded(.toNearestOrAwayFromZero)
            return Int32(max(-Double(Int32.max), min(Double(Int32.max), rounded)))
        }
        return (values, scales)
    }

    /// Batchnorm's inference transform as a per-channel affine map `y = a * x + b` with
    /// `a = gamma / sqrt(variance + epsilon)` and `b = beta - mean * a`.
    static func batchnormAffine(gamma: [Float], beta: [Float], mean: [Float], variance: [Float],
                                epsilon: Float) -> (scale: [Float], shift: [Float]) {
        let scale = zip(gamma, variance).map { $0 / ($1 + epsilon).squareRoot() }
        let shift = (0..<beta.count).map { beta[$0] - mean[$0] * scale[$0] }
        return (scale, shift)
    }
}
