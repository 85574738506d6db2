import Foundation

/// A CSV file split into a header and rows of cells, every row as wide as the header.
struct CSVTable {
    let header: [String]
    /// The cells of each data row, with the row's line number in the file (1 is the header).
    let rows: [(line: Int, cells: [String])]

    /// Parses `text`: commas separate cells, double quotes may wrap a cell (a doubled quote
    /// inside stands for one), blank lines are ignored, and cells are trimmed of spaces.
    init(_ text: String, url: URL) throws(LoadError) {
        var lines = [(line: Int, cells: [String])]()
        var number = 0
        // "\r\n" is one Character in Swift, so both line endings are matched as separators.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            guard !line.allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
            lines.append((number, try Self.cells(of: line, url: url, line: number)))
        }
        guard let first = lines.first else { throw LoadError(url, "the file is empty (a header row is required)") }
        header = first.cells
        if let empty = header.firstIndex(where: \.isEmpty) {
            throw LoadError(url, "header column \(empty + 1) has no name")
        }
        for row in lines.dropFirst() where row.cells.count != header.count {
            throw LoadError(url, "row on line \(row.line) has \(row.cells.count) cells but the header has \(header.count)")
        }
        rows = Array(lines.dropFirst())
    }

    private static func cells(of line: Substring, url: URL, line number: Int) throws(LoadError) -> [String] {
        var cells = [String](), cell = "", quoted = false, wasQuoted = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            if quoted {
                if character == "\"" {
                    // A doubled quote inside a quoted cell is one literal quote.
                    var lookahead = characters
                    if lookahead.next() == "\"" { cell.append("\""); characters = lookahead } else { quoted = false }
                } else {
                    cell.append(character)
                }
            } else if character == "\"" && cell.allSatisfy({ $0 == " " }) {
                cell = ""
                quoted = true
                wasQuoted = true
            } else if character == "," {
                cells.append(wasQuoted ? cell : cell.trimmingCharacters(in: .whitespaces))
                cell = ""
                wasQuoted = false
            } else if !(wasQuoted && character == " ") {
                cell.append(character)
            }
        }
        guard !quoted else { throw LoadError(url, "line \(number) has an unclosed quote") }
        cells.append(wasQuoted ? cell : cell.trimmingCharacters(in: .whitespaces))
        return cells
    }
}
