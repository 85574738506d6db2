import Int8Inference

/// The sliding-window geometry of a convolution or pooling operator on an NHWC input.
///
/// The output size and leading padding follow TensorFlow Lite's `padding.h`, as the Swift
/// kernels' `Window` does: SAME gives `ceil(in / stride)`, VALID `ceil((in - window + 1) / stride)`;
/// the padding before the first cell is half the total, and any odd extra cell goes after the last.
struct ConvolutionWindow {
    struct Axis {
        let outputSize: Int
        let padding: Int

        init(_ padding: Padding, input: Int, filter: Int, stride: Int, dilation: Int) {
            let effectiveFilter = (filter - 1) * dilation + 1
            switch padding {
            case .same: outputSize = stride > 0 ? (input + stride - 1) / stride : 0
            case .valid: outputSize = stride > 0 ? max(0, (input + stride - effectiveFilter) / stride) : 0
            }
            self.padding = max(((outputSize - 1) * stride + effectiveFilter - input) / 2, 0)
        }
    }

    let batches, height, width, depth: Int
    let filterHeight, filterWidth: Int
    let strideHeight, strideWidth, dilationHeight, dilationWidth: Int
    let rows, columns: Axis

    init(input shape: [Int], filterHeight: Int, filterWidth: Int, padding: Padding,
         strides: (Int, Int), dilations: (Int, Int)) {
        (batches, height, width, depth) = (shape[0], shape[1], shape[2], shape[3])
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        (strideHeight, strideWidth) = strides
        (dilationHeight, dilationWidth) = dilations
        rows = Axis(padding, input: height, filter: filterHeight, stride: strideHeight, dilation: dilationHeight)
        columns = Axis(padding, input: width, filter: filterWidth, stride: strideWidth, dilation: dilationWidth)
    }
}
