import Foundation

/// C99 spellings of numbers and arrays, exact for every value.
enum CLiteral {
    /// An int32 value; `INT32_MIN` is written as an expression because `2147483648` alone
    /// does not fit in an int.
    static func int(_ value: Int32) -> String {
        value == .min ? "(-2147483647 - 1)" : String(value)
    }

    /// An int value known to fit in int32.
    static func int(_ value: Int) -> String { int(Int32(value)) }

    /// A float32 value with nine significant digits, enough to read back the same float.
    static func float(_ value: Float) throws(CExportError) -> String {
        guard value.isFinite else { throw .unsupported("a non-finite float constant (\(value))") }
        return String(format: "%.9ef", Double(value))
    }

    /// The elements of an array initializer, sixteen to a line, indented.
    static func elements(_ values: [String]) -> String {
        guard !values.isEmpty else { return "0" }
        var lines: [String] = []
        var start = 0
        while start < values.count {
            let end = min(start + 16, values.count)
            lines.append("    " + values[start..<end].joined(separator: ", "))
            start = end
        }
        return "\n" + lines.joined(separator: ",\n") + "\n"
    }

    /// A brace list on one line, as in `{1, 28, 28, 1}`.
    static func list(_ values: [Int]) -> String {
        "{" + values.map { int($0) }.joined(separator: ", ") + "}"
    }

    /// A brace list padded with zeros to `MOTE_MAX_RANK` entries.
    static func rankList(_ values: [Int]) -> String {
        list(values + Array(repeating: 0, count: max(0, CModelExport.maxRank - values.count)))
    }

    /// Text from a model file (a tensor's name) made safe inside a C comment: only printable ASCII
    /// other than `*`, `/`, `\` and `?` is kept, the rest becomes `_`. A model file is untrusted and
    /// its C is compiled on the host: no `*/`, no line splice (a backslash before a carriage
    /// return), no trigraph (`??/`) may end the comment and put the name's text in the code.
    static func comment(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            let safe = (0x20..<0x7F).contains(scalar.value) && !"*/\\?".unicodeScalars.contains(scalar)
            return safe ? Character(scalar) : "_"
        })
    }
}
