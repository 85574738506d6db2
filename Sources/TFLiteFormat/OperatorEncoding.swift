import Int8Inference

/// Maps an `Operator` to its builtin operator code and writes its options table (the inverse of
/// `OperatorDecoding`). Field ids and union tags follow the TensorFlow Lite schema.
enum OperatorEncoding {
    /// The `BuiltinOperator` code of an operation.
    static func code(_ kind: Operator) -> Int32 {
        switch kind {
        case .add: 0
        case .averagePool2D: 1
        case .conv2D: 3
        case .depthwiseConv2D: 4
        case .dequantize: 6
        case .fullyConnected: 9
        case .logistic: 14
        case .maxPool2D: 17
        case .reshape: 22
        case .softmax: 25
        case .tanh: 28
        case .mean: 40
        case .quantize: 114
        }
    }

    /// The `BuiltinOptions` union tag and table of an operation, or nil when it takes no options.
    static func options(_ kind: Operator, position: Int, into builder: inout FlatBufferBuilder)
        throws(TFLiteWriteError) -> (type: UInt8, table: FlatOffset)? {
        let op = "operator \(position) (\(kind.name))"
        switch kind {
        case .conv2D(let o):
            let strideW = try int32(o.strideWidth, "\(op) stride width"), strideH = try int32(o.strideHeight, "\(op) stride height")
            let dilationW = try int32(o.dilationWidth, "\(op) dilation width"), dilationH = try int32(o.dilationHeight, "\(op) dilation height")
            builder.startTable()
            builder.add(0, padding(o.padding), default: 0)
            builder.add(1, strideW, default: 0)
            builder.add(2, strideH, default: 0)
            builder.add(3, activation(o.activation), default: 0)
            builder.add(4, dilationW, default: 1)
            builder.add(5, dilationH, default: 1)
            return (1, builder.endTable())
        case .depthwiseConv2D(let o):
            let strideW = try int32(o.strideWidth, "\(op) stride width"), strideH = try int32(o.strideHeight, "\(op) stride height")
            let multiplier = try int32(o.depthMultiplier, "\(op) depth multiplier")
            let dilationW = try int32(o.dilationWidth, "\(op) dilation width"), dilationH = try int32(o.dilationHeight, "\(op) dilation height")
            builder.startTable()
            builder.add(0, padding(o.padding), default: 0)
            builder.add(1, strideW, default: 0)
            builder.add(2, strideH, default: 0)
            builder.add(3, multiplier, default: 0)
            builder.add(4, activation(o.activation), default: 0)
            builder.add(5, dilationW, default: 1)
            builder.add(6, dilationH, default: 1)
            return (2, builder.endTable())
        case .fullyConnected(let o):
            builder.startTable()
            builder.add(0, activation(o.activation), default: 0)
            builder.add(2, o.keepNumDims, default: false)  // weights_format (1) stays DEFAULT
            return (8, builder.endTable())
        case .averagePool2D(let o), .maxPool2D(let o):
            let strideW = try int32(o.strideWidth, "\(op) stride width"), strideH = try int32(o.strideHeight, "\(op) stride height")
            let filterW = try int32(o.filterWidth, "\(op) filter width"), filterH = try int32(o.filterHeight, "\(op) filter height")
            builder.startTable()
            builder.add(0, padding(o.padding), default: 0)
            builder.add(1, strideW, default: 0)
            builder.add(2, strideH, default: 0)
            builder.add(3, filterW, default: 0)
            builder.add(4, filterH, default: 0)
            builder.add(5, activation(o.activation), default: 0)
            return (5, builder.endTable())
        case .mean(let o):
            builder.startTable()
            builder.add(0, o.keepDims, default: false)
            return (27, builder.endTable())  // ReducerOptions
        case .add(let o):
            builder.startTable()
            builder.add(0, activation(o.activation), default: 0)
            return (11, builder.endTable())
        case .reshape(let o):
            guard let newShape = o.newShape else { return nil }  // the shape comes from the second input
            var dimensions: [Int32] = []
            for value in newShape { dimensions.append(try int32(value, "\(op) new_shape entry")) }
            let vector = builder.createVector(dimensions)
            builder.startTable()
            builder.add(0, vector)
            return (17, builder.endTable())
        case .softmax(let o):
            builder.startTable()
            builder.add(0, o.beta, default: 0)
            return (9, builder.endTable())
        case .logistic, .tanh, .quantize, .dequantize:
            return nil
        }
    }

    /// Checks that an option value fits the schema's `int`.
    static func int32(_ value: Int, _ what: @autoclosure () -> String) throws(TFLiteWriteError) -> Int32 {
        guard let narrow = Int32(exactly: value) else { throw .valueOutOfRange(what: what(), value: value) }
        return narrow
    }

    private static func padding(_ padding: Padding) -> Int8 {
        switch padding {
        case .same: 0
        case .valid: 1
        }
    }

    private static func activation(_ activation: FusedActivation) -> Int8 {
        switch activation {
        case .none: 0
        case .relu: 1
        case .reluN1To1: 2
        case .relu6: 3
        }
    }
}
