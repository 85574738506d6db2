import Testing
import TensorEngine
@testable import Int8Inference

/// Small seeded classification tasks in the shapes course models take.
enum ToyData {
    /// `[n, steps, channels]` sequences: class `k` puts a bump on channel `k % channels`, at a
    /// random place, over noise. Labels cycle through the classes.
    static func sequences(count: Int, steps: Int = 24, channels: Int = 3, classes: Int = 3, seed: UInt64)
        -> (inputs: Tensor, labels: Tensor) {
        var generator = SeededGenerator(seed: seed)
        var scalars = [Float](repeating: 0, count: count * steps * channels)
        var labels = [Float]()
        for n in 0..<count {
            let label = n % classes
            labels.append(Float(label))
            let centre = 4 + Int(generator.nextUniform() * Float(steps - 8))
            let sign: Float = label >= channels ? -1 : 1
            for t in 0..<steps {
                for c in 0..<channels {
                    var value = (generator.nextUniform() - 0.5) * 0.6
                    if c == label % channels {
                        let bump = max(0, 1 - Float(abs(t - centre)) / 3)
                        value += sign * 2 * bump
                    }
                    scalars[(n * steps + t) * channels + c] = value
                }
            }
        }
        return (Tensor(shape: [count, steps, channels], scalars: scalars), Tensor(shape: [count], scalars: labels))
    }

    /// `[n, 8, 8, 1]` images: a horizontal bar, a vertical bar or a diagonal, at a random
    /// offset, over noise.
    static func images(count: Int, seed: UInt64) -> (inputs: Tensor, labels: Tensor) {
        var generator = SeededGenerator(seed: seed)
        let side = 8
        var scalars = [Float](repeating: 0, count: count * side * side)
        var labels = [Float]()
        for n in 0..<count {
            let label = n % 3
            labels.append(Float(label))
            let offset = 1 + Int(generator.nextUniform() * 6)
            for y in 0..<side {
                for x in 0..<side {
                    let on: Bool
                    switch label {
                    case 0: on = y == offset
                    case 1: on = x == offset
                    default: on = (x - y + 8) % 8 == offset % 4
                    }
                    scalars[(n * side + y) * side + x] = (on ? 1 : 0) + (generator.nextUniform() - 0.5) * 0.5
                }
            }
        }
        return (Tensor(shape: [count, side, side, 1], scalars: scalars), Tensor(shape: [count], scalars: labels))
    }
}

/// Trains, quantizes and runs a model; reports float and int8 accuracy and their agreement.
struct QuantizedRun {
    let model: Model
    let quantized: QuantizedGraph
    let floatAccuracy: Double
    let int8Accuracy: Double
    let agreement: Double
    let largestProbabilityGap: Float

    init(input: [Int], layers: [LayerSpec], train: (inputs: Tensor, labels: Tensor), test: (inputs: Tensor, labels: Tensor),
         epochs: Int = 12, calibration: Int = 100) throws {
        var model = try Model.build(input: input, layers: layers, seed: 1)
        _ = try Trainer.fit(&model, inputs: train.inputs, targets: train.labels,
                            options: TrainingOptions(epochs: epochs, batchSize: 16, optimizer: .adam(learningRate: 0.01), seed: 1))
        self.model = model
        let sampleSize = input.reduce(1, *)
        let calibrationSamples = Tensor(shape: [calibration] + input, scalars: Array(train.inputs.scalars.prefix(calibration * sampleSize)))
        quantized = try Quantizer.quantize(model, calibration: calibrationSamples)
        let interpreter = Interpreter(graph: quantized.graph)
        let inputQ = try #require(quantized.graph.tensors[quantized.graph.inputs[0]].quantization)
        let outputQ = try #require(quantized.graph.tensors[quantized.graph.outputs[0]].quantization)
        let floatOutputs = try model.predict(test.inputs)
        let count = test.labels.count
        let classes = floatOutputs.count / count
        var floatRight = 0, int8Right = 0, agree = 0
        var gap: Float = 0
        for n in 0..<count {
            let x = Array(test.inputs.scalars[(n * sampleSize)..<((n + 1) * sampleSize)])
            let q = ReferenceKernels.quantize(x, scale: inputQ.scale, zeroPoint: inputQ.zeroPoint)
            let y = try #require(try interpreter.run([.int8(q)]).first?.int8Values)
            let probabilities = ReferenceKernels.dequantize(y, scale: outputQ.scale, zeroPoint: outputQ.zeroPoint)
            let floats = Array(floatOutputs.scalars[(n * classes)..<((n + 1) * classes)])
            let int8Class = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
            let floatClass = floats.indices.max { floats[$0] < floats[$1] }!
            let label = Int(test.labels.scalars[n])
            if int8Class == label { int8Right += 1 }
            if floatClass == label { floatRight += 1 }
            if int8Class == floatClass { agree += 1 }
            for (a, b) in zip(probabilities, floats) { gap = max(gap, abs(a - b)) }
        }
        floatAccuracy = Double(floatRight) / Double(count)
        int8Accuracy = Double(int8Right) / Double(count)
        agreement = Double(agree) / Double(count)
        largestProbabilityGap = gap
    }

    var operatorNames: [String] { quantized.graph.operators.map(\.kind.name) }
}

@Suite struct QuantizerTests {
    static let sequenceTrain = ToyData.sequences(count: 240, seed: 11)
    static let sequenceTest = ToyData.sequences(count: 120, seed: 12)
    static let imageTrain = ToyData.images(count: 180, seed: 21)
    static let imageTest = ToyData.images(count: 90, seed: 22)

    @Test func conv1dModelKeepsItsAccuracy() throws {
        let run = try QuantizedRun(input: [24, 3], layers: [
            .conv1d(filters: 8, kernel: 5, activation: .relu), .maxPool(2),
            .conv1d(filters: 8, kernel: 3, activation: .relu), .globalAveragePool, .dense(units: 3, activation: .softmax),
        ], train: Self.sequenceTrain, test: Self.sequenceTest)
        #expect(run.operatorNames == ["RESHAPE", "CONV_2D", "MAX_POOL_2D", "CONV_2D", "MEAN", "FULLY_CONNECTED", "SOFTMAX"])
        #expect(run.floatAccuracy >= 0.9)
        #expect(abs(run.int8Accuracy - run.floatAccuracy) <= 0.02)
        #expect(run.agreement >= 0.97)
        #expect(run.largestProbabilityGap < 0.1)
        #expect(run.quantized.warnings.isEmpty)
        // Every layer's values live in some tensor.
        #expect(run.quantized.layerTensors.allSatisfy { $0 != nil })
        // Without batchnorm to fold, the int8 graph counts what the float model counts.
        #expect(run.quantized.graph.multiplyAccumulates == run.model.macs)
        #expect(run.quantized.graph.parameterCount == run.model.parameterCount)
    }

    @Test func conv2dDepthwisePoolingAndDenseKeepTheirAccuracy() throws {
        let run = try QuantizedRun(input: [8, 8, 1], layers: [
            .conv2d(filters: 6, kernel: Size2D(3), activation: .relu6),
            .depthwiseConv2d(kernel: Size2D(3), multiplier: 2, activation: .relu), .averagePool(2),
            .flatten, .dropout(rate: 0.1), .dense(units: 16, activation: .relu), .dense(units: 3, activation: .softmax),
        ], train: Self.imageTrain, test: Self.imageTest)
        #expect(run.operatorNames == ["CONV_2D", "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D", "RESHAPE", "FULLY_CONNECTED",
                                      "FULLY_CONNECTED", "SOFTMAX"])
        #expect(run.floatAccuracy >= 0.9)
        #expect(abs(run.int8Accuracy - run.floatAccuracy) <= 0.02)
        #expect(run.agreement >= 0.97)
        #expect(run.quantized.graph.multiplyAccumulates == run.model.macs)
        // Weights per output channel: CONV_2D and FULLY_CONNECTED along dimension 0, DEPTHWISE_CONV_2D along 3.
        let graph = run.quantized.graph
        let filters = graph.operators.compactMap { op in op.inputs.count > 1 ? op.inputs[1].map { graph.tensors[$0] } : nil }
            .filter { $0.elementType == .int8 }
        #expect(filters.map { $0.quantization?.quantizedDimension } == [0, 3, 0, 0])
        #expect(filters.map { $0.quantization?.scales.count } == [6, 12, 16, 3])
    }

    @Test func batchnormFoldsIntoTheConvolutionBeforeIt() throws {
        let run = try QuantizedRun(input: [24, 3], layers: [
            .conv1d(filters: 8, kernel: 5), .batchNormalization, .conv1d(filters: 8, kernel: 3, activation: .relu),
            .batchNormalization, .globalAveragePool, .dense(units: 3, activation: .softmax),
        ], train: Self.sequenceTrain, test: Self.sequenceTest)
        // The first batchnorm folds; the second follows a relu, so it becomes a 1×1 depthwise convolution.
        #expect(run.operatorNames == ["RESHAPE", "CONV_2D", "CONV_2D", "DEPTHWISE_CONV_2D", "MEAN", "FULLY_CONNECTED", "SOFTMAX"])
        #expect(run.quantized.layerTensors[0] == nil)
        #expect(run.quantized.layerTensors[1] != nil)
        #expect(abs(run.int8Accuracy - run.floatAccuracy) <= 0.02)
        #expect(run.agreement >= 0.95)
    }

    @Test func sigmoidAndTanhBecomeOperatorsWithFixedOutputParameters() throws {
        let run = try QuantizedRun(input: [24, 3], layers: [
            .flatten, .dense(units: 12, activation: .tanh), .dense(units: 8, activation: .sigmoid), .dense(units: 3, activation: .softmax),
        ], train: Self.sequenceTrain, test: Self.sequenceTest)
        #expect(run.operatorNames == ["RESHAPE", "FULLY_CONNECTED", "TANH", "FULLY_CONNECTED", "LOGISTIC", "FULLY_CONNECTED", "SOFTMAX"])
        let graph = run.quantized.graph
        let outputs = graph.operators.map { graph.tensors[$0.outputs[0]].quantization! }
        #expect(outputs[2] == Quantization(scale: 1.0 / 128, zeroPoint: 0))
        #expect(outputs[4] == Quantization(scale: 1.0 / 256, zeroPoint: -128))
        #expect(outputs[6] == Quantization(scale: 1.0 / 256, zeroPoint: -128))
        #expect(abs(run.int8Accuracy - run.floatAccuracy) <= 0.02)
    }

    @Test func quantizingTwiceGivesTheSameGraph() throws {
        var model = try Model.build(input: [24, 3], layers: [.conv1d(filters: 4, kernel: 3, activation: .relu), .flatten,
                                                             .dense(units: 3, activation: .softmax)], seed: 3)
        _ = try Trainer.fit(&model, inputs: Self.sequenceTrain.inputs, targets: Self.sequenceTrain.labels,
                            options: TrainingOptions(epochs: 1, seed: 1))
        let first = try Quantizer.quantize(model, calibration: Self.sequenceTrain.inputs)
        let second = try Quantizer.quantize(model, calibration: Self.sequenceTrain.inputs)
        #expect(first == second)
    }

    @Test func fewCalibrationSamplesGiveAWarningNamingTheAdvisedCount() throws {
        let model = try Model.build(input: [24, 3], layers: [.flatten, .dense(units: 3, activation: .softmax)], seed: 3)
        let few = Tensor(shape: [10, 24, 3], scalars: Array(Self.sequenceTrain.inputs.scalars.prefix(10 * 72)))
        let result = try Quantizer.quantize(model, calibration: few)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("10 samples") == true)
        #expect(result.warnings.first?.contains("100 or more") == true)
        #expect(throws: QuantizationError.noCalibrationSamples) {
            try Quantizer.quantize(model, calibration: Tensor(shape: [0, 24, 3], scalars: []))
        }
        #expect(throws: QuantizationError.calibrationShape(expected: [24, 3], got: [5])) {
            try Quantizer.quantize(model, calibration: Tensor(shape: [2, 5], scalars: Array(repeating: 0, count: 10)))
        }
    }

    @Test func activationRangesIncludeZero() {
        // [0.5, 2.5] widens to [0, 2.5]: zero maps exactly to -128.
        let positive = CalibratedRange(minimum: 0.5, maximum: 2.5).int8Quantization
        #expect(positive.scale == Float(2.5 / 255))
        #expect(positive.zeroPoint == -128)
        // [-1, 3]: scale 4/255, zero point round(-128 + 63.75) = -64.
        let mixed = CalibratedRange(minimum: -1, maximum: 3).int8Quantization
        #expect(mixed.scale == Float(4.0 / 255))
        #expect(mixed.zeroPoint == -64)
        #expect(CalibratedRange(minimum: -2, maximum: -1).int8Quantization.zeroPoint == 127)
        #expect(CalibratedRange.empty.int8Quantization == Quantization(scale: 1, zeroPoint: -128))
    }

    @Test func weightsArePerChannelSymmetricAndBiasesUseTheProductScale() {
        // Two channels, channel innermost: channel 0 holds 1 and -2, channel 1 holds 0.5 and 0.25.
        let weights = WeightQuantization.perChannel([1, 0.5, -2, 0.25], channels: 2) { $0 % 2 }
        #expect(weights.scales == [2 / 127, 0.5 / 127])
        #expect(weights.values == [64, 127, -127, 64])
        let bias = WeightQuantization.bias([1, -1], inputScale: 0.5, weightScales: weights.scales)
        #expect(bias.scales == [0.5 * (2 / 127), 0.5 * (0.5 / 127)])
        #expect(bias.values == [127, -508])
    }
}
