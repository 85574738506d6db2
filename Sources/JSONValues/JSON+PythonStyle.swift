/// JSON text laid out as Python's `json.dumps(value, indent: n, sort_keys=True,
/// ensure_ascii=False)` lays it out — the layout nbformat writes notebooks in, so a notebook
/// Mote writes diffs cleanly against one saved by Jupyter.
extension JSON {
    public func pythonStyleText(indent: Int = 1) -> String {
        var output = ""
        write(to: &output, indent: indent, level: 0)
        return output
    }

    private func write(to output: inout String, indent: Int, level: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let value): output += Self.pythonNumber(value)
        case .string(let text): Self.writeString(text, to: &output)
        case .array(let items):
            guard !items.isEmpty else { output += "[]"; return }
            output += "[\n"
            for (index, item) in items.enumerated() {
                output += String(repeating: " ", count: indent * (level + 1))
                item.write(to: &output, indent: indent, level: level + 1)
                output += index == items.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: " ", count: indent * level) + "]"
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{\n"
            let keys = members.keys.sorted()
            for (index, key) in keys.enumerated() {
                output += String(repeating: " ", count: indent * (level + 1))
                Self.writeString(key, to: &output)
                output += ": "
                members[key]!.write(to: &output, indent: indent, level: level + 1)
                output += index == keys.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: " ", count: indent * level) + "}"
        }
    }

    /// Whole numbers as integers (as Python writes its ints); others in shortest round-trip form.
    static func pythonNumber(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e16 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Python's escaping with `ensure_ascii=False`: quotes, backslashes and control characters.
    static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
