extension CArrayExport {
    /// The header to pair with `source(headerName:)`: an include guard and `extern` declarations.
    public func header() -> String {
        var text = preamble("Declarations; the matching .cc file defines them.")
        text += "#ifndef \(guardName)\n#define \(guardName)\n"
        for group in groups() {
            text += "\n// \(group.comment)\n"
            for constant in group.constants { text += "extern \(constant.declaration);\n" }
        }
        text += "\n#endif  // \(guardName)\n"
        return text
    }

    /// The source file: includes the header (by its file name, as in `#include "wand.h"`; a
    /// directory part is dropped, the two files sit side by side) and defines the model array,
    /// its length and the other constants.
    public func source(headerName: String) -> String {
        let include = headerName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? headerName
        var text = preamble("Definitions of the constants declared in \(include).")
        text += "#include \"\(include)\"\n"
        text += definitions()
        return text
    }

    /// A self-contained header that defines everything itself (for a one-file sketch).
    public func headerOnly() -> String {
        var text = preamble("Header-only: include it from one file; each file that includes it gets its own copy.")
        text += "#ifndef \(guardName)\n#define \(guardName)\n"
        text += definitions()
        text += "\n#endif  // \(guardName)\n"
        return text
    }

    // MARK: - Pieces

    private struct Constant {
        /// Without `extern` and without the value, as in `const unsigned int wand_len`.
        let declaration: String
        let value: String
        var aligned = false
    }

    private struct Group {
        let comment: String
        let constants: [Constant]
    }

    private func preamble(_ role: String) -> String {
        "// \(identifier): a TensorFlow Lite model as C++ data for TensorFlow Lite Micro, written by Mote.\n// \(role)\n\n"
    }

    private func definitions() -> String {
        var text = ""
        for group in groups() {
            text += "\n// \(group.comment)\n"
            for constant in group.constants {
                text += "\(constant.aligned ? "alignas(16) " : "")\(constant.declaration) = \(constant.value);\n"
            }
        }
        return text
    }

    private func groups() -> [Group] {
        var groups = [Group(comment: "The .tflite model (\(modelBytes.count) bytes), 16-byte aligned as TensorFlow Lite Micro requires.",
                            constants: [
                                Constant(declaration: "const unsigned char \(identifier)[]", value: byteArray(), aligned: true),
                                Constant(declaration: "const unsigned int \(identifier)_len", value: "\(modelBytes.count)"),
                            ])]
        if !labels.isEmpty {
            let list = labels.map { "\"\(escaped($0))\"" }.joined(separator: ", ")
            groups.append(Group(comment: "Class labels, in the order of the model's outputs.", constants: [
                Constant(declaration: "const char* const \(identifier)_labels[]", value: "{\(list)}"),
                Constant(declaration: "const unsigned int \(identifier)_labels_count", value: "\(labels.count)"),
            ]))
        }
        if let input { groups.append(tensorGroup("input", input)) }
        if let output { groups.append(tensorGroup("output", output)) }
        return groups
    }

    private func tensorGroup(_ role: String, _ info: TensorInfo) -> Group {
        let name = "\(identifier)_\(role)"
        var constants = [Constant(declaration: "const unsigned int \(name)_rank", value: "\(info.shape.count)")]
        if !info.shape.isEmpty {
            constants.append(Constant(declaration: "const int \(name)_shape[]",
                                      value: "{\(info.shape.map(String.init).joined(separator: ", "))}"))
        }
        var comment = "\(role.prefix(1).uppercased())\(role.dropFirst()): \(info.elementType) \(info.shape)"
        if let q = info.quantization, q.isPerTensor, q.scale.isFinite {
            comment += "; real value = (q - zero_point) * scale."
            constants.append(Constant(declaration: "const float \(name)_scale", value: "\(q.scale)f"))
            constants.append(Constant(declaration: "const int \(name)_zero_point", value: "\(q.zeroPoint)"))
        } else {
            comment += "."
        }
        return Group(comment: comment, constants: constants)
    }

    /// The bytes as `0x..` literals, twelve to a line.
    private func byteArray() -> String {
        let digits = Array("0123456789abcdef")
        var lines: [String] = []
        var start = 0
        while start < modelBytes.count {
            let end = min(start + 12, modelBytes.count)
            let line = modelBytes[start..<end].map { "0x\(digits[Int($0 >> 4)])\(digits[Int($0 & 15)])" }.joined(separator: ", ")
            lines.append("  " + line)
            start = end
        }
        return "{\n" + lines.joined(separator: ",\n") + "\n}"
    }

    /// A C string literal body: printable ASCII as is, `"` `\` and `?` escaped (no trigraphs),
    /// everything else (control characters, UTF-8 bytes) as three-digit octal escapes.
    private func escaped(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): result += "\\\""
            case UInt8(ascii: "\\"): result += "\\\\"
            case UInt8(ascii: "?"): result += "\\?"
            case 0x20..<0x7F: result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let octal = String(byte, radix: 8)
                result += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return result
    }
}

/// C and C++ keywords (and a few macros Arduino defines) that cannot name an array.
let cKeywords: Set<String> = [
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char",
    "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr", "constinit",
    "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete", "do", "double",
    "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if",
    "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
    "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "requires", "restrict", "return", "short",
    "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
    "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile",
    "wchar_t", "while", "xor", "xor_eq", "main", "setup", "loop", "HIGH", "LOW", "INPUT", "OUTPUT",
]
