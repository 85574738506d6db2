import Foundation
import TensorEngine

extension Dataset {
    /// The "hello world" of TinyML: `count` points with x uniform in [0, 2π] and
    /// y = sin(x) + noise · N(0, 1). Samples are `[count, 1]` (x), targets `[count, 1]` (y).
    public static func sine(count: Int, noise: Double, seed: UInt64) throws(DatasetError) -> Dataset {
        var generator = SeededGenerator(seed: seed)
        var xs = [Float](), ys = [Float]()
        xs.reserveCapacity(count)
        ys.reserveCapacity(count)
        for _ in 0..<count {
            let x = Double(generator.nextUniform()) * 2 * Double.pi
            xs.append(Float(x))
            ys.append(Float(Foundation.sin(x) + noise * Double(generator.nextNormal())))
        }
        return try Dataset(samples: Tensor(shape: [count, 1], scalars: xs), labels: .targets(Tensor(shape: [count, 1], scalars: ys)),
                           source: "sine(count: \(count), noise: \(noise), seed: \(seed))")
    }
}
