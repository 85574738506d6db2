extension Lexer {
    // MARK: - Numbers and quantities

    /// Lexes `3`, `0.5`, `.5`, `1e-3`, and a unit written right after it (`30ms`, `80%`).
    func lexNumber() throws(Diagnostic) {
        let start = location
        while let c = peek(), Self.isDigit(c) { advance() }
        // A fraction needs a digit after the dot, so `3.mean()` stays a member access.
        if peek() == ".", let next = peek(1), Self.isDigit(next) {
            advance()
            while let c = peek(), Self.isDigit(c) { advance() }
        }
        if let e = peek(), e == "e" || e == "E" {
            var ahead = 1
            if let sign = peek(1), sign == "+" || sign == "-" { ahead = 2 }
            if let digit = peek(ahead), Self.isDigit(digit) {
                for _ in 0..<ahead { advance() }
                while let c = peek(), Self.isDigit(c) { advance() }
            }
        }
        let literal = text(from: start)
        guard let value = Double(literal) else {
            throw fail("invalid number '\(literal)'", from: start)
        }
        if peek() == "%" {
            advance()
            emit(.quantity(value, unit: "%"), from: start)
            return
        }
        guard let next = peek(), Self.isIdentifierStart(next) else {
            emit(.number(value), from: start)
            return
        }
        let unitStart = location
        while let c = peek(), Self.isIdentifierContinue(c) { advance() }
        let unit = text(from: unitStart)
        if QuantityUnit.all.contains(unit) {
            emit(.quantity(value, unit: unit), from: start)
            return
        }
        throw fail("invalid number '\(text(from: start))': '\(unit)' is not a unit", from: start,
                   hint: Self.unitHint(number: literal, written: unit))
    }

    private static func unitHint(number: String, written: String) -> String {
        let lowered = written.lowercased()
        if let close = QuantityUnit.all.first(where: { $0.lowercased() == lowered }) {
            return "did you mean '\(number)\(close)'? units are case-sensitive"
        }
        return "units are s, ms, us, Hz, kHz, MHz, B, KB, MB and %; "
            + "put a space or an operator between a number and a name"
    }

    // MARK: - Strings

    /// Lexes `"..."` with the escapes `\n \t \" \\`; a string ends on its own line.
    func lexString() throws(Diagnostic) {
        let start = location
        advance()
        var value = String.UnicodeScalarView()
        while true {
            guard let c = peek(), c != "\n" else {
                failedAtEndOfInput = peek() == nil
                throw fail("unterminated string", from: start,
                           hint: "close the string with '\"' on the same line; write \\n for a line break")
            }
            if c == "\"" {
                advance()
                emit(.string(String(value)), from: start)
                return
            }
            if c != "\\" {
                value.append(c)
                advance()
                continue
            }
            let escapeStart = location
            advance()
            switch peek() {
            case "n": value.append("\n")
            case "t": value.append("\t")
            case "\"": value.append("\"")
            case "\\": value.append("\\")
            case nil, "\n":
                failedAtEndOfInput = peek() == nil
                throw fail("unterminated string", from: start,
                           hint: "close the string with '\"' on the same line; write \\\\ for a backslash")
            case let other?:
                advance()
                throw fail("unknown escape '\\\(other)' in a string", from: escapeStart,
                           hint: "the escapes are \\n, \\t, \\\" and \\\\; write \\\\ for a backslash")
            }
            advance()
        }
    }
}
