import Foundation

extension Table {
    /// A `<table>` with `<caption>`, `<thead>`, `<tbody>` and `<tfoot>`; every cell escaped.
    ///
    /// Styled inline (notebook HTML has no stylesheet of ours) with colours left to the page, and rules
    /// in translucent grey, so it reads on JupyterLab's light and dark themes and in nbconvert output.
    /// The caption follows the table as a small muted note.
    public var html: String {
        let (columns, rows, footer) = normalized
        let cellStyle = "padding:2px 10px;border:none;"
        func cell(_ tag: String, _ text: String, _ alignment: Alignment, extra: String = "") -> String {
            let align: String
            switch alignment {
            case .left: align = "left"
            case .right: align = "right"
            }
            return "<\(tag) style=\"\(cellStyle)text-align:\(align);\(extra)\">\(Self.escape(text))</\(tag)>"
        }
        var out = "<table style=\"border-collapse:collapse;border:none;font-variant-numeric:tabular-nums;margin:0.25em 0;\">"
        if let title, !title.isEmpty {
            out += "<caption style=\"caption-side:top;text-align:left;font-weight:bold;padding:0 0 4px 10px;\">\(Self.escape(title))</caption>"
        }
        if !columns.isEmpty {
            out += "<thead><tr style=\"border-bottom:1px solid rgba(128,128,128,0.6);\">"
            out += columns.map { cell("th", $0.title, $0.alignment, extra: "font-weight:bold;") }.joined()
            out += "</tr></thead>"
        }
        out += "<tbody>"
        for row in rows {
            out += "<tr>" + zip(row, columns).map { cell("td", $0, $1.alignment) }.joined() + "</tr>"
        }
        out += "</tbody>"
        if !footer.isEmpty {
            out += "<tfoot>"
            for (i, row) in footer.enumerated() {
                let rule = i == 0 ? " style=\"border-top:1px solid rgba(128,128,128,0.6);\"" : ""
                out += "<tr\(rule)>" + zip(row, columns).map { cell("td", $0, $1.alignment, extra: "font-weight:bold;") }.joined() + "</tr>"
            }
            out += "</tfoot>"
        }
        out += "</table>"
        if let caption, !caption.isEmpty {
            out += "<div style=\"font-size:0.9em;opacity:0.75;padding:2px 10px;\">\(Self.escape(caption))</div>"
        }
        return out
    }

    /// `text` with HTML's special characters as entities, and newlines as line breaks.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n": out += "<br>"
            default: out.append(character)
            }
        }
        return out
    }
}
