import Foundation
import JSONValues

/// A table of text cells rendered as HTML for notebooks and as aligned plain text for terminals.
public struct Table: Sendable, Hashable {
    /// How a column's cells sit in their width.
    public enum Alignment: Sendable, Hashable { case left, right }

    /// A column's heading and alignment (numbers read best right-aligned).
    public struct Column: Sendable, Hashable {
        public var title: String
        public var alignment: Alignment

        /// A column titled `title`.
        public init(_ title: String, alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    public var title: String?
    public var columns: [Column]
    public var rows: [[String]]
    /// Rows below the body, such as totals.
    public var footer: [[String]]
    /// A note printed under the table.
    public var caption: String?

    /// A table. Rows shorter than `columns` are padded with empty cells; cells beyond the last
    /// column get untitled, left-aligned columns of their own, so nothing given is dropped.
    public init(title: String? = nil, columns: [Column], rows: [[String]], footer: [[String]] = [], caption: String? = nil) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.footer = footer
        self.caption = caption
    }

    /// The display bundle: `text/plain`, `text/html`, and `json` under `application/vnd.mote+json` when given.
    public func mimeBundle(json: JSON? = nil) -> MimeBundle {
        var data: [String: JSON] = [MimeType.plainText: .string(plainText), MimeType.html: .string(html)]
        if let json { data[MimeType.moteJSON] = json }
        return MimeBundle(data: data)
    }

    /// Columns widened to cover every row, and every row padded to the column count.
    var normalized: (columns: [Column], rows: [[String]], footer: [[String]]) {
        let width = max(columns.count, (rows + footer).map(\.count).max() ?? 0)
        let allColumns = columns + Array(repeating: Column(""), count: width - columns.count)
        func pad(_ row: [String]) -> [String] { row + Array(repeating: "", count: width - row.count) }
        return (allColumns, rows.map(pad), footer.map(pad))
    }
}
