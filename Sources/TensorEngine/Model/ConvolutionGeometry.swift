/// Where a 2-D window (convolution kernel or pooling window) visits its input.
///
/// 1-D layers use it with a height of 1. Padding follows TensorFlow: with `same`, the output has
/// `ceil(in / stride)` positions and the total padding `max((out − 1)·stride + k − in, 0)` is split
/// with the smaller half before (top/left) and the odd element after.
package struct ConvolutionGeometry: Sendable, Equatable {
    package let inputHeight: Int
    package let inputWidth: Int
    package let channels: Int
    package let kernelHeight: Int
    package let kernelWidth: Int
    package let strideHeight: Int
    package let strideWidth: Int
    package let padTop: Int
    package let padLeft: Int
    package let outputHeight: Int
    package let outputWidth: Int

    /// The geometry, or `nil` when a `valid` window does not fit in the input.
    /// - Precondition: every size and stride is positive.
    package init?(inputHeight: Int, inputWidth: Int, channels: Int,
                  kernel: Size2D, stride: Size2D, padding: Padding) {
        precondition(inputHeight > 0 && inputWidth > 0 && channels > 0 && kernel.height > 0
                     && kernel.width > 0 && stride.height > 0 && stride.width > 0, "ConvolutionGeometry: sizes")
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.channels = channels
        kernelHeight = kernel.height
        kernelWidth = kernel.width
        strideHeight = stride.height
        strideWidth = stride.width
        switch padding {
        case .same:
            outputHeight = (inputHeight + stride.height - 1) / stride.height
            outputWidth = (inputWidth + stride.width - 1) / stride.width
            padTop = max((outputHeight - 1) * stride.height + kernel.height - inputHeight, 0) / 2
            padLeft = max((outputWidth - 1) * stride.width + kernel.width - inputWidth, 0) / 2
        case .valid:
            guard kernel.height <= inputHeight, kernel.width <= inputWidth else { return nil }
            outputHeight = (inputHeight - kernel.height) / stride.height + 1
            outputWidth = (inputWidth - kernel.width) / stride.width + 1
            padTop = 0
            padLeft = 0
        }
    }

    /// Elements in one window across all channels: `kh · kw · channels`.
    package var patchSize: Int { kernelHeight * kernelWidth * channels }

    /// A 1 × 1 window at stride 1 without padding: every window is one input pixel, so the input
    /// already is its own im2col matrix.
    package var isPointwise: Bool {
        kernelHeight == 1 && kernelWidth == 1 && strideHeight == 1 && strideWidth == 1 && padTop == 0 && padLeft == 0
    }
    /// Output positions per sample: `outputHeight · outputWidth`.
    package var outputPositions: Int { outputHeight * outputWidth }
    /// Elements in one input sample.
    package var inputSize: Int { inputHeight * inputWidth * channels }

    /// The flat input index (sample `n`, channel `c`) under kernel tap `(ky, kx)` of output
    /// position `(oy, ox)`, or `nil` when the tap falls in the padding.
    @inline(__always)
    package func inputIndex(sample n: Int, outputRow oy: Int, outputColumn ox: Int,
                            kernelRow ky: Int, kernelColumn kx: Int, channel c: Int) -> Int? {
        let iy = oy * strideHeight + ky - padTop
        let ix = ox * strideWidth + kx - padLeft
        guard iy >= 0, iy < inputHeight, ix >= 0, ix < inputWidth else { return nil }
        return ((n * inputHeight + iy) * inputWidth + ix) * channels + c
    }
}
