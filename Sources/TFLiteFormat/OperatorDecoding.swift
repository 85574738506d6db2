import Int8Inference

/// Maps a builtin operator code and its options table to an `Operator`.
enum OperatorDecoding {
    static func decode(code: Int32, options: FlatTable?) throws(TFLiteReadError) -> Operator {
        let name = builtinOperatorNames[code] ?? "builtin operator \(code)"
        switch code {
        case 3:
            return .conv2D(Conv2DOptions(
                padding: try padding(options, 0, name), strideHeight: try int(options, 2), strideWidth: try int(options, 1),
                dilationHeight: try int(options, 5, default: 1), dilationWidth: try int(options, 4, default: 1),
                activation: try activation(options, 3, name)))
        case 4:
            return .depthwiseConv2D(DepthwiseConv2DOptions(
                padding: try padding(options, 0, name), strideHeight: try int(options, 2), strideWidth: try int(options, 1),
                dilationHeight: try int(options, 6, default: 1), dilationWidth: try int(options, 5, default: 1),
                depthMultiplier: try int(options, 3), activation: try activation(options, 4, name)))
        case 9:
            let weightsFormat = try options?.int8(1) ?? 0
            guard weightsFormat == 0 else { throw .unsupportedOption(op: name, option: "weights_format \(weightsFormat)") }
            return .fullyConnected(FullyConnectedOptions(
                activation: try activation(options, 0, name), keepNumDims: try options?.bool(2) ?? false))
        case 1, 17:
            let pool = Pool2DOptions(
                padding: try padding(options, 0, name), strideHeight: try int(options, 2), strideWidth: try int(options, 1),
                filterHeight: try int(options, 4), filterWidth: try int(options, 3), activation: try activation(options, 5, name))
            return code == 1 ? .averagePool2D(pool) : .maxPool2D(pool)
        case 40:
            return .mean(MeanOptions(keepDims: try options?.bool(0) ?? false))
        case 0:
            return .add(AddOptions(activation: try activation(options, 0, name)))
        case 22:
            return .reshape(ReshapeOptions(newShape: try options?.int32s(0, name: "new_shape")?.map { Int($0) }))
        case 25:
            return .softmax(SoftmaxOptions(beta: try options?.float(0) ?? 0))
        case 14:
            return .logistic
        case 28:
            return .tanh
        case 114:
            return .quantize
        case 6:
            return .dequantize
        default:
            throw .unsupportedOperator(name)
        }
    }

    private static func int(_ options: FlatTable?, _ id: Int, default value: Int32 = 0) throws(TFLiteReadError) -> Int {
        Int(try options?.int32(id, default: value) ?? value)
    }

    private static func padding(_ options: FlatTable?, _ id: Int, _ op: String) throws(TFLiteReadError) -> Padding {
        switch try options?.int8(id) ?? 0 {
        case 0: return .same
        case 1: return .valid
        case let other: throw .unsupportedOption(op: op, option: "padding \(other)")
        }
    }

    private static func activation(_ options: FlatTable?, _ id: Int, _ op: String) throws(TFLiteReadError) -> FusedActivation {
        switch try options?.int8(id) ?? 0 {
        case 0: return .none
        case 1: return .relu
        case 2: return .reluN1To1
        case 3: return .relu6
        case 4: throw .unsupportedOption(op: op, option: "fused activation TANH")
        case 5: throw .unsupportedOption(op: op, option: "fused activation SIGN_BIT")
        case let other: throw .unsupportedOption(op: op, option: "fused activation \(other)")
        }
    }
}
