extension Diagnostic {
    /// The Jupyter `evalue`: the message alone.
    public var evalue: String { message }

    /// The Jupyter traceback lines, with the error name in bold red:
    /// ```
    /// SyntaxError: expected ')' to close '(' opened at line 1, column 6
    ///   --> line 1, column 9
    ///    1 | print(1, 2
    ///      |          ^
    /// hint: ...
    /// ```
    public func traceback(source: String) -> [String] {
        renderedLines(source: source, colored: true)
    }

    /// The traceback joined by newlines, without ANSI codes (for plain terminals, logs, tests).
    public func plainText(source: String) -> String {
        renderedLines(source: source, colored: false).joined(separator: "\n")
    }

    private func renderedLines(source: String, colored: Bool) -> [String] {
        let name = colored ? "\u{1B}[1;31m\(kind.rawValue)\u{1B}[0m" : kind.rawValue
        var lines = ["\(name): \(message)"]
        if let range {
            lines.append("  --> line \(range.start.line), column \(range.start.column)")
            lines += Self.excerpt(of: range, in: source)
        }
        if let hint { lines.append("hint: \(hint)") }
        return lines
    }

    /// Width of a tab stop when a source line is shown.
    static let tabWidth = 4

    /// The source line of `range.start` and a caret line under the part of it the range covers.
    static func excerpt(of range: SourceRange, in source: String) -> [String] {
        let lineNumber = range.start.line
        let text = sourceLine(lineNumber, of: source)
        let (shown, columns) = expandTabs(text)
        // columns[i] is the display column where scalar i starts; one extra entry for the end.
        func display(_ column: Int) -> Int {
            let i = column - 1
            if i < columns.count { return columns[max(0, i)] }
            return columns[columns.count - 1] + (i - (columns.count - 1))
        }
        let startColumn = display(range.start.column)
        let endColumn: Int
        if range.end.line == lineNumber {
            endColumn = display(range.end.column)
        } else {
            endColumn = display(text.unicodeScalars.count + 1)
        }
        let number = String(lineNumber)
        let gutter = String(repeating: " ", count: 3 + number.count)
        let carets = String(repeating: "^", count: max(1, endColumn - startColumn))
        return [
            "   \(number) | \(shown)",
            "\(gutter) | \(String(repeating: " ", count: startColumn))\(carets)",
        ]
    }

    /// The text of 1-based line `number` without its line break; empty past the last line.
    static func sourceLine(_ number: Int, of source: String) -> String {
        var line = 1
        var current = String.UnicodeScalarView()
        for scalar in source.unicodeScalars {
            if scalar == "\n" {
                if line == number { break }
                line += 1
                continue
            }
            if line == number { current.append(scalar) }
        }
        if current.last == "\r" { current.removeLast() }
        return String(current)
    }

    /// The line with tabs expanded to tab stops, and the display column (0-based) of each
    /// scalar plus one past the end.
    static func expandTabs(_ line: String) -> (String, [Int]) {
        var shown = String.UnicodeScalarView()
        var columns: [Int] = []
        var column = 0
        for scalar in line.unicodeScalars {
            columns.append(column)
            if scalar == "\t" {
                let width = tabWidth - column % tabWidth
                shown.append(contentsOf: String(repeating: " ", count: width).unicodeScalars)
                column += width
            } else {
                shown.append(scalar)
                column += 1
            }
        }
        columns.append(column)
        return (String(shown), columns)
    }
}
