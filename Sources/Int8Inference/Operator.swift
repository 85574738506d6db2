/// The operations of the int8 graph, each with its typed options (a closed set).
///
/// Inputs follow TensorFlow Lite's order: CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED take
/// (input, filter, bias?); RESHAPE takes (input, shape?); MEAN takes (input, axes).
public enum Operator: Sendable, Hashable {
    case conv2D(Conv2DOptions)
    case depthwiseConv2D(DepthwiseConv2DOptions)
    case fullyConnected(FullyConnectedOptions)
    case averagePool2D(Pool2DOptions)
    case maxPool2D(Pool2DOptions)
    case mean(MeanOptions)
    case add(AddOptions)
    case reshape(ReshapeOptions)
    case softmax(SoftmaxOptions)
    case logistic
    case tanh
    case quantize
    case dequantize

    /// The TensorFlow Lite name of the operation, as in `CONV_2D`.
    public var name: String {
        switch self {
        case .conv2D: "CONV_2D"
        case .depthwiseConv2D: "DEPTHWISE_CONV_2D"
        case .fullyConnected: "FULLY_CONNECTED"
        case .averagePool2D: "AVERAGE_POOL_2D"
        case .maxPool2D: "MAX_POOL_2D"
        case .mean: "MEAN"
        case .add: "ADD"
        case .reshape: "RESHAPE"
        case .softmax: "SOFTMAX"
        case .logistic: "LOGISTIC"
        case .tanh: "TANH"
        case .quantize: "QUANTIZE"
        case .dequantize: "DEQUANTIZE"
        }
    }
}

/// How a window is placed at the image edge.
public enum Padding: String, Sendable, Hashable {
    /// Output size `ceil(in / stride)`; missing taps at the edge count as zeros (skipped).
    case same
    /// Output size `ceil((in - window + 1) / stride)`; windows stay inside the image.
    case valid
}

/// An activation fused into the preceding operation, applied as a clamp of the quantized output.
public enum FusedActivation: String, Sendable, Hashable {
    case none
    case relu
    case relu6
    case reluN1To1
}

/// Options of CONV_2D.
public struct Conv2DOptions: Sendable, Hashable {
    public var padding: Padding
    public var strideHeight: Int
    public var strideWidth: Int
    public var dilationHeight: Int
    public var dilationWidth: Int
    public var activation: FusedActivation

    /// Creates convolution options.
    public init(padding: Padding, strideHeight: Int = 1, strideWidth: Int = 1,
                dilationHeight: Int = 1, dilationWidth: Int = 1, activation: FusedActivation = .none) {
        self.padding = padding
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.dilationHeight = dilationHeight
        self.dilationWidth = dilationWidth
        self.activation = activation
    }
}

/// Options of DEPTHWISE_CONV_2D.
public struct DepthwiseConv2DOptions: Sendable, Hashable {
    public var padding: Padding
    public var strideHeight: Int
    public var strideWidth: Int
    public var dilationHeight: Int
    public var dilationWidth: Int
    /// Output channels per input channel.
    public var depthMultiplier: Int
    public var activation: FusedActivation

    /// Creates depthwise convolution options.
    public init(padding: Padding, strideHeight: Int = 1, strideWidth: Int = 1,
                dilationHeight: Int = 1, dilationWidth: Int = 1, depthMultiplier: Int = 1,
                activation: FusedActivation = .none) {
        self.padding = padding
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.dilationHeight = dilationHeight
        self.dilationWidth = dilationWidth
        self.depthMultiplier = depthMultiplier
        self.activation = activation
    }
}

/// Options of FULLY_CONNECTED.
public struct FullyConnectedOptions: Sendable, Hashable {
    public var activation: FusedActivation
    /// Keep the input's leading dimensions instead of flattening them into a batch.
    public var keepNumDims: Bool

    /// Creates fully connected options.
    public init(activation: FusedActivation = .none, keepNumDims: Bool = false) {
        self.activation = activation
        self.keepNumDims = keepNumDims
    }
}

/// Options of AVERAGE_POOL_2D and MAX_POOL_2D.
public struct Pool2DOptions: Sendable, Hashable {
    public var padding: Padding
    public var strideHeight: Int
    public var strideWidth: Int
    public var filterHeight: Int
    public var filterWidth: Int
    public var activation: FusedActivation

    /// Creates pooling options.
    public init(padding: Padding, strideHeight: Int, strideWidth: Int,
                filterHeight: Int, filterWidth: Int, activation: FusedActivation = .none) {
        self.padding = padding
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        self.activation = activation
    }
}

/// Options of MEAN (the axes come from its second input).
public struct MeanOptions: Sendable, Hashable {
    /// Keep reduced dimensions with size 1.
    public var keepDims: Bool

    /// Creates mean options.
    public init(keepDims: Bool) { self.keepDims = keepDims }
}

/// Options of ADD.
public struct AddOptions: Sendable, Hashable {
    public var activation: FusedActivation

    /// Creates add options.
    public init(activation: FusedActivation = .none) { self.activation = activation }
}

/// Options of RESHAPE.
public struct ReshapeOptions: Sendable, Hashable {
    /// The new shape when given in the options rather than as a shape tensor.
    public var newShape: [Int]?

    /// Creates reshape options.
    public init(newShape: [Int]? = nil) { self.newShape = newShape }
}

/// Options of SOFTMAX.
public struct SoftmaxOptions: Sendable, Hashable {
    /// Inverse temperature: softmax of `beta * x`.
    public var beta: Float

    /// Creates softmax options.
    public init(beta: Float = 1) { self.beta = beta }
}
