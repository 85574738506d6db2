import Foundation

/// How Mote writes a number: whole values without `.0`, others with up to 6 significant digits.
public enum NumberFormat {
    public static func string(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e15 {
            return value == 0 ? "0" : String(Int64(value))
        }
        return String(format: "%.6g", value)
    }
}

extension Tensor: CustomStringConvertible {
    /// `tensor([[1, 2], [3, 4]])`, summarised with `...` past 1,000 elements.
    public var description: String {
        "tensor(" + formatted().replacingOccurrences(of: "\n", with: "\n       ") + ")"
    }

    /// The elements in nested brackets, as numpy prints them: one row per line, columns aligned,
    /// and only the first and last three entries of each axis when there are more than
    /// `maxElements` elements. A rank-0 tensor is its number.
    public func formatted(maxElements: Int = 1000) -> String {
        guard rank > 0 else { return NumberFormat.string(Double(scalars[0])) }
        let summarise = count > maxElements
        let kept = keptIndices(summarise: summarise)
        var width = 0
        forEachKept(kept, axis: 0, offset: 0) { width = Swift.max(width, NumberFormat.string(Double(scalars[$0])).count) }
        return render(axis: 0, offset: 0, kept: kept, width: width)
    }

    /// Per axis, the indices to show (`nil` marks the `...` gap).
    private func keptIndices(summarise: Bool) -> [[Int?]] {
        shape.map { length in
            guard summarise, length > 6 else { return Array(0..<length) }
            return [0, 1, 2, nil, length - 3, length - 2, length - 1]
        }
    }

    private func forEachKept(_ kept: [[Int?]], axis: Int, offset: Int, _ body: (Int) -> Void) {
        let stride = strides[axis]
        for index in kept[axis] {
            guard let index else { continue }
            if axis == rank - 1 { body(offset + index * stride) } else { forEachKept(kept, axis: axis + 1, offset: offset + index * stride, body) }
        }
    }

    private func render(axis: Int, offset: Int, kept: [[Int?]], width: Int) -> String {
        let stride = strides[axis]
        if axis == rank - 1 {
            let items = kept[axis].map { index in
                index.map { String(repeating: " ", count: width - NumberFormat.string(Double(scalars[offset + $0 * stride])).count) + NumberFormat.string(Double(scalars[offset + $0 * stride])) } ?? "..."
            }
            return "[" + items.joined(separator: ", ") + "]"
        }
        let indent = String(repeating: " ", count: axis + 1)
        let separator = "," + String(repeating: "\n", count: rank - axis - 1) + indent
        let rows = kept[axis].map { index in
            index.map { render(axis: axis + 1, offset: offset + $0 * stride, kept: kept, width: width) } ?? "..."
        }
        return "[" + rows.joined(separator: separator) + "]"
    }
}
