import Foundation

extension Table {
    /// Aligned columns two spaces apart under a rule of dashes; the title above, footer rows below a
    /// second rule, the caption last. Trailing spaces are trimmed; newlines in cells become spaces.
    ///
    ///     Layers
    ///     layer   params
    ///     ------  ------
    ///     dense       68
    ///     ------  ------
    ///     total       68
    public var plainText: String {
        let (columns, rows, footer) = normalized
        let clean: ([String]) -> [String] = { $0.map { $0.replacingOccurrences(of: "\n", with: " ") } }
        let header = clean(columns.map(\.title))
        let body = rows.map(clean), foot = footer.map(clean)
        let widths = columns.indices.map { c in
            ([header] + body + foot).map { $0[c].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                let padding = String(repeating: " ", count: widths[c] - cell.count)
                switch columns[c].alignment {
                case .left: return cell + padding
                case .right: return padding + cell
                }
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "-", count: max(1, $0)) }.joined(separator: "  ")
        var lines: [String] = []
        if let title, !title.isEmpty { lines.append(title) }
        if !columns.isEmpty {
            lines.append(line(header))
            lines.append(rule)
            lines += body.map(line)
            if !foot.isEmpty {
                lines.append(rule)
                lines += foot.map(line)
            }
        }
        if let caption, !caption.isEmpty { lines.append(caption) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
