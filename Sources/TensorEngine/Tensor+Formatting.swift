import Foundation

extension Tensor {
    /// The elements as nested, aligned brackets, like the body of numpy's `repr`.
    ///
    /// - Numbers have up to 6 significant digits (`%g` style): whole numbers print without `.0`
    ///   (`3`, not `3.0`), very large or small magnitudes in exponent form (`1e+06`, `1.5e-07`),
    ///   and non-finite values as `nan`, `inf`, `-inf`.
    /// - Every number is right-aligned to the width of the widest one shown.
    /// - Rows are separated by `,` and a newline, indented to line up under the opening bracket;
    ///   rank-3 and higher blocks are separated by blank lines, one per axis below them, as numpy does.
    /// - Rows wider than 75 characters wrap onto indented continuation lines.
    /// - When the tensor has more than `maxElements` elements, every axis longer than 6 shows its
    ///   first 3 and last 3 entries around `...`.
    /// - A rank-0 tensor prints as its number; an axis of length 0 prints as `[]`.
    public func formatted(maxElements: Int = 1000) -> String {
        TensorFormatter(tensor: self, summarise: count > maxElements).render()
    }

    /// Formats one number as ``formatted(maxElements:)`` does: up to 6 significant digits,
    /// no trailing `.0`, and `nan`, `inf`, `-inf` for non-finite values.
    public static func formatNumber(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%.6g", Double(value))
    }
}

extension Tensor: CustomStringConvertible {
    /// `tensor(<formatted>, shape: [d0, d1, …])`, e.g. `tensor([[1, 2],\n        [3, 4]], shape: [2, 2])`;
    /// continuation lines are indented so the brackets stay aligned after the `tensor(` prefix.
    public var description: String {
        let body = formatted().replacingOccurrences(of: "\n ", with: "\n" + String(repeating: " ", count: 8))
        return "tensor(\(body), shape: \(shape))"
    }
}

/// Renders a tensor as nested brackets (see ``Tensor/formatted(maxElements:)``).
private struct TensorFormatter {
    static let edgeItems = 3
    static let lineWidth = 75

    let tensor: Tensor
    let strides: [Int]
    /// Per axis, the positions shown, with `nil` marking the `...` gap.
    let shownPositions: [[Int?]]
    let width: Int

    init(tensor: Tensor, summarise: Bool) {
        self.tensor = tensor
        strides = Tensor.strides(of: tensor.shape)
        shownPositions = tensor.shape.map { length in
            guard summarise, length > 2 * TensorFormatter.edgeItems else { return Array(0..<length) }
            return Array(0..<TensorFormatter.edgeItems) + [nil]
                + Array((length - TensorFormatter.edgeItems)..<length)
        }
        var widest = 0
        TensorFormatter.forEachShownOffset(positions: shownPositions, strides: strides) { offset in
            widest = Swift.max(widest, Tensor.formatNumber(tensor.scalars[offset]).count)
        }
        width = widest
    }

    func render() -> String {
        guard tensor.rank > 0 else { return Tensor.formatNumber(tensor.scalars[0]) }
        return render(axis: 0, offset: 0)
    }

    private func render(axis: Int, offset: Int) -> String {
        let indent = String(repeating: " ", count: axis + 1)
        if axis == tensor.rank - 1 { return renderRow(offset: offset, indent: indent) }
        let blankLines = String(repeating: "\n", count: tensor.rank - axis - 2)
        let children = shownPositions[axis].map { position in
            position.map { render(axis: axis + 1, offset: offset + $0 * strides[axis]) } ?? "..."
        }
        return "[" + children.joined(separator: ",\n" + blankLines + indent) + "]"
    }

    /// The innermost axis: padded numbers joined by `, `, wrapping before the line gets too wide.
    private func renderRow(offset: Int, indent: String) -> String {
        var text = "["
        var column = indent.count
        for (index, position) in shownPositions[tensor.rank - 1].enumerated() {
            let item = position.map { pad(Tensor.formatNumber(tensor.scalars[offset + $0])) } ?? "..."
            if index > 0 {
                // Room for ", item" plus a closing "," or "]".
                if column + 2 + item.count + 1 > TensorFormatter.lineWidth {
                    text += ",\n" + indent
                    column = indent.count
                } else {
                    text += ", "
                    column += 2
                }
            }
            text += item
            column += item.count
        }
        return text + "]"
    }

    private func pad(_ number: String) -> String {
        number.count >= width ? number : String(repeating: " ", count: width - number.count) + number
    }

    /// Calls `body` with the flat offset of every shown element.
    private static func forEachShownOffset(positions: [[Int?]], strides: [Int], _ body: (Int) -> Void) {
        func visit(axis: Int, offset: Int) {
            if axis == positions.count { return body(offset) }
            for case let position? in positions[axis] { visit(axis: axis + 1, offset: offset + position * strides[axis]) }
        }
        visit(axis: 0, offset: 0)
    }
}
