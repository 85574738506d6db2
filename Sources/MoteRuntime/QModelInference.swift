import Int8Inference
import MoteSyntax
import TensorEngine

/// Running a qmodel on float data: inputs are quantized with the graph's input parameters, the
/// int8 kernels run, and outputs are dequantized.
extension QModelHandle {
    /// The outputs for `inputs` (`[n] + inputShape`, or samples with as many elements):
    /// `[n] + outputShape`, dequantized when the graph's output is int8.
    func predict(_ inputs: Tensor) throws(InferenceError) -> Tensor {
        let size = inputShape.reduce(1, *), outputSize = outputShape.reduce(1, *)
        let count = size > 0 ? inputs.count / size : 0
        var scalars = [Float](repeating: 0, count: count * outputSize)
        let int8Input = inputQuantization.flatMap { q in graph.tensors[graph.inputs[0]].elementType == .int8 ? q : nil }
        let int8Output = outputQuantization
        // A graph whose input and output stay in the interpreter's block: each sample quantized
        // into it and dequantized out of it, with no arrays per sample.
        if let q = int8Input, let out = int8Output, graph.inputs.count == 1, graph.outputs.count == 1,
           graph.tensors[graph.inputs[0]].elementCount == size, graph.tensors[graph.outputs[0]].elementCount == outputSize,
           graph.tensors[graph.outputs[0]].elementType == .int8,
           try inputs.scalars.withUnsafeBufferPointer({ (all) throws(InferenceError) -> Bool in
               try scalars.withUnsafeMutableBufferPointer { (target) throws(InferenceError) -> Bool in
                   try interpreter.runInPlace(
                       samples: count,
                       fill: { n, input in
                           FastKernels.quantize(UnsafeBufferPointer(rebasing: all[(n * size)..<((n + 1) * size)]),
                                                scale: q.scale, zeroPoint: q.zeroPoint, into: input.baseAddress!)
                       },
                       read: { n, output in
                           FastKernels.dequantize(output, scale: out.scale, zeroPoint: out.zeroPoint, into: target.baseAddress! + n * outputSize)
                       })
               }
           }) {
            return Tensor(shape: [count] + outputShape, scalars: scalars)
        }
        for n in 0..<count {
            let input: TensorData
            if let q = int8Input {
                // Quantized straight from the batch, with no float copy of the sample.
                input = .int8(inputs.scalars.withUnsafeBufferPointer { all in
                    FastKernels.quantize(UnsafeBufferPointer(rebasing: all[(n * size)..<((n + 1) * size)]), scale: q.scale, zeroPoint: q.zeroPoint)
                })
            } else {
                input = .float32(Array(inputs.scalars[(n * size)..<((n + 1) * size)]))
            }
            guard let result = try interpreter.run([input]).first else { throw .invalidGraph("the graph has no output") }
            guard result.count == outputSize else { throw .invalidGraph("the output has \(result.count) values, not \(outputSize)") }
            if case .int8(let values) = result, let q = int8Output {
                scalars.withUnsafeMutableBufferPointer { target in
                    FastKernels.dequantize(values, scale: q.scale, zeroPoint: q.zeroPoint, into: target.baseAddress! + n * outputSize)
                }
            } else {
                let floats = try floatOutput(result)
                scalars.replaceSubrange((n * outputSize)..<((n + 1) * outputSize), with: floats)
            }
        }
        return Tensor(shape: [count] + outputShape, scalars: scalars)
    }

    /// The graph's output as floats: dequantized when it is int8.
    func floatOutput(_ result: TensorData) throws(InferenceError) -> [Float] {
        switch result {
        case .int8(let values):
            guard let output = outputQuantization else { throw .invalidGraph("the int8 output has no quantization") }
            guard !values.isEmpty else { return [] }
            return [Float](unsafeUninitializedCapacity: values.count) { buffer, count in
                FastKernels.dequantize(values, scale: output.scale, zeroPoint: output.zeroPoint, into: buffer.baseAddress!)
                count = values.count
            }
        case .float32(let values):
            return values
        case .int32:
            throw .unsupported("an int32 output")
        }
    }

    /// Every graph tensor's value for one float sample (for per-layer comparisons).
    func tensorValues(sample: [Float]) throws(InferenceError) -> [TensorData?] {
        try interpreter.runKeepingTensors([graphInput(sample)])
    }

    /// One float sample as the graph takes it: quantized for an int8 input, as it is for float.
    func graphInput(_ sample: [Float]) -> TensorData {
        guard let input = inputQuantization, graph.tensors[graph.inputs[0]].elementType == .int8 else { return .float32(sample) }
        return .int8(sample.withUnsafeBufferPointer { FastKernels.quantize($0, scale: input.scale, zeroPoint: input.zeroPoint) })
    }

    /// An inference failure as the learner sees it.
    static func diagnostic(_ error: InferenceError, at range: SourceRange) -> Diagnostic {
        Diagnostic(.value, "the int8 model could not run: \(error.description)", at: range)
    }
}
