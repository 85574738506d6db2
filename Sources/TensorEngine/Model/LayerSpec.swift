/// How a convolution pads its input.
public enum Padding: String, Sendable, Equatable, CaseIterable {
    /// Pads so the output length is `ceil(input / stride)`, as TensorFlow does: the total padding
    /// is `max((ceil(in/stride) − 1)·stride + kernel − in, 0)`, with the odd element at the end.
    case same
    /// No padding: the kernel only visits whole windows.
    case valid
}

/// A two-dimensional extent (kernel size or stride) of a 2-D layer.
public struct Size2D: Sendable, Equatable, CustomStringConvertible {
    /// Rows.
    public var height: Int
    /// Columns.
    public var width: Int

    /// A `height × width` extent.
    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    /// A square extent.
    public init(_ side: Int) {
        self.init(height: side, width: side)
    }

    /// `[height, width]`, as messages show it.
    public var description: String { "[\(height), \(width)]" }
}

/// One layer of a sequential model: its kind and hyper-parameters (the `input` line is the model's
/// input shape, passed to ``Model/build(input:layers:seed:)`` rather than listed here).
///
/// Shapes below are per sample, without the batch axis; 1-D layers take `[steps, channels]`,
/// 2-D layers `[height, width, channels]` (channels last, as TensorFlow Lite).
public enum LayerSpec: Sendable, Equatable {
    /// A fully connected layer on a rank-1 sample: weights `[in, units]`, bias `[units]`.
    case dense(units: Int, activation: Activation = .linear)
    /// A 1-D convolution on `[steps, channels]`: weights `[kernel, inChannels, filters]`.
    case conv1d(filters: Int, kernel: Int, stride: Int = 1, padding: Padding = .same,
                activation: Activation = .linear)
    /// A 2-D convolution on `[h, w, c]`: weights `[kh, kw, inChannels, filters]`.
    case conv2d(filters: Int, kernel: Size2D, stride: Size2D = Size2D(1), padding: Padding = .same,
                activation: Activation = .linear)
    /// A depthwise 2-D convolution on `[h, w, c]`: weights `[kh, kw, c, multiplier]`, output
    /// channel `c·multiplier + m`.
    case depthwiseConv2d(kernel: Size2D, multiplier: Int = 1, stride: Size2D = Size2D(1),
                         padding: Padding = .same, activation: Activation = .linear)
    /// Maximum over `size`-long (1-D) or `size × size` (2-D) windows, valid padding.
    case maxPool(size: Int, stride: Int)
    /// Mean over `size`-long (1-D) or `size × size` (2-D) windows, valid padding.
    case averagePool(size: Int, stride: Int)
    /// Mean over every position, keeping the channels: `[..., c] → [c]`.
    case globalAveragePool
    /// The sample as a rank-1 array.
    case flatten
    /// The sample under new dimensions with the same element count.
    case reshape([Int])
    /// Zeroes each element with probability `rate` while training (survivors scaled by
    /// `1 / (1 − rate)`); the identity at inference.
    case dropout(rate: Float)
    /// Batch normalisation over the last axis (momentum 0.99, epsilon 1e-3, as Keras).
    case batchNormalization

    /// `maxpool(size, stride:)` with the stride defaulting to the size.
    public static func maxPool(_ size: Int, stride: Int? = nil) -> LayerSpec {
        .maxPool(size: size, stride: stride ?? size)
    }

    /// `avgpool(size, stride:)` with the stride defaulting to the size.
    public static func averagePool(_ size: Int, stride: Int? = nil) -> LayerSpec {
        .averagePool(size: size, stride: stride ?? size)
    }

    /// The layer's name as written in a model block, e.g. `"depthwise_conv2d"`.
    public var kindName: String {
        switch self {
        case .dense: "dense"
        case .conv1d: "conv1d"
        case .conv2d: "conv2d"
        case .depthwiseConv2d: "depthwise_conv2d"
        case .maxPool: "maxpool"
        case .averagePool: "avgpool"
        case .globalAveragePool: "global_avgpool"
        case .flatten: "flatten"
        case .reshape: "reshape"
        case .dropout: "dropout"
        case .batchNormalization: "batchnorm"
        }
    }

    /// The activation the layer applies, or `nil` for layers without one.
    public var activation: Activation? {
        switch self {
        case let .dense(_, activation), let .conv1d(_, _, _, _, activation),
             let .conv2d(_, _, _, _, activation), let .depthwiseConv2d(_, _, _, _, activation):
            activation
        case .maxPool, .averagePool, .globalAveragePool, .flatten, .reshape, .dropout, .batchNormalization:
            nil
        }
    }
}
