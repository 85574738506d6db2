/// Output size and leading padding of a sliding window along one axis (TFLite's padding.h).
struct Window: Sendable, Hashable {
    let outputSize: Int
    /// Cells of implicit padding before the first input cell; any odd extra goes after the last.
    let padding: Int

    init(_ padding: Padding, input: Int, filter: Int, stride: Int, dilation: Int = 1) {
        let effectiveFilter = (filter - 1) * dilation + 1
        switch padding {
        case .same: outputSize = stride > 0 ? (input + stride - 1) / stride : 0
        case .valid: outputSize = stride > 0 ? max(0, (input + stride - effectiveFilter) / stride) : 0
        }
        let total = ((outputSize - 1) * stride + effectiveFilter - input) / 2
        self.padding = max(total, 0)
    }
}
