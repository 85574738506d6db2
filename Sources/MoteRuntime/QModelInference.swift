import Int8Inference
import MoteSyntax
import TensorEngine

/// Running a qmodel on float data: inputs are quantized with the graph's input parameters, the
/// int8 kernels run, and outputs are dequantized.
extension QModelHandle {
    /// The dequantized outputs for `inputs` (`[n] + inputShape`, or samples with as many elements):
    /// `[n] + outputShape`.
    func predict(_ inputs: Tensor) throws(InferenceError) -> Tensor {
        let size = inputShape.reduce(1, *)
        let count = size > 0 ? inputs.count / size : 0
        let interpreter = Interpreter(graph: graph)
        let input = inputQuantization, output = outputQuantization
        var scalars: [Float] = []
        scalars.reserveCapacity(count * outputShape.reduce(1, *))
        for n in 0..<count {
            let sample = Array(inputs.scalars[(n * size)..<((n + 1) * size)])
            let quantized = ReferenceKernels.quantize(sample, scale: input.scale, zeroPoint: input.zeroPoint)
            guard let result = try interpreter.run([.int8(quantized)]).first?.int8Values else {
                throw .invalidGraph("the output is not int8")
            }
            scalars += ReferenceKernels.dequantize(result, scale: output.scale, zeroPoint: output.zeroPoint)
        }
        return Tensor(shape: [count] + outputShape, scalars: scalars)
    }

    /// Every graph tensor's value for one float sample (for per-layer comparisons).
    func tensorValues(sample: [Float]) throws(InferenceError) -> [TensorData?] {
        let input = inputQuantization
        return try Interpreter(graph: graph).runKeepingTensors([.int8(ReferenceKernels.quantize(sample, scale: input.scale,
                                                                                               zeroPoint: input.zeroPoint))])
    }

    /// An inference failure as the learner sees it.
    static func diagnostic(_ error: InferenceError, at range: SourceRange) -> Diagnostic {
        Diagnostic(.value, "the int8 model could not run: \(error.description)", at: range)
    }
}
