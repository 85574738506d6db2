import Foundation

/// Writes JSON text into UTF-8 bytes with sorted keys: compact for the wire, or indented as
/// Python's `json.dumps(indent: n, sort_keys=True, ensure_ascii=False)` (the layout nbformat
/// writes notebooks in, so a notebook Mote writes diffs cleanly against one Jupyter saved).
/// Byte-level, because the kernel serialises every message it sends.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Spaces per level, or nil for compact output.
    let indent: Int?

    init(indent: Int?) {
        self.indent = indent
        bytes.reserveCapacity(256)
    }

    mutating func write(_ value: JSON, level: Int = 0) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .number(let number): append(Self.number(number))
        case .string(let text): write(string: text)
        case .array(let items):
            guard !items.isEmpty else { return append("[]") }
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level + 1)
                write(item, level: level + 1)
            }
            newline(level)
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { return append("{}") }
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level + 1)
                write(string: key)
                append(indent == nil ? ":" : ": ")
                write(members[key]!, level: level + 1)
            }
            newline(level)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func newline(_ level: Int) {
        guard let indent else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Python's escaping with `ensure_ascii=False`: quotes, backslashes and control characters;
    /// everything else is copied as UTF-8.
    private mutating func write(string text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0x00..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                append("\\u00")
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whole numbers as integers (as Python writes its ints); others in shortest round-trip
    /// form; NaN and infinity, which JSON lacks, as null.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e16 { return String(Int64(value)) }
        return "\(value)"
    }
}

extension JSON {
    /// Compact UTF-8 text with sorted keys, so equal values give equal bytes (stable goldens,
    /// stable signatures).
    public func encoded() -> Data {
        var writer = JSONWriter(indent: nil)
        writer.write(self)
        return Data(writer.bytes)
    }

    /// The compact text.
    public func encodedString() -> String { String(decoding: encoded(), as: UTF8.self) }

    /// Indented as Python's `json.dumps(…, indent: indent, sort_keys=True, ensure_ascii=False)`.
    public func pythonStyleText(indent: Int = 1) -> String {
        var writer = JSONWriter(indent: indent)
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
