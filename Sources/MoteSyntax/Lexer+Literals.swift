extension Lexer {
    // MARK: - Numbers and quantities

    /// Lexes `3`, `0.5`, `.5`, `1e-3`, and a unit written right after it (`30ms`, `80%`).
    mutating func lexNumber() throws(Diagnostic) {
        let start = cursor.location
        let startByte = cursor.byte
        var wholeDigits = 0
        while Self.isDigit(byte()) {
            step()
            wholeDigits += 1
        }
        var plainInteger = true
        // A fraction needs a digit after the dot, so `3.mean()` stays a member access.
        if byte() == UInt8(ascii: "."), Self.isDigit(byte(1)) {
            plainInteger = false
            step()
            while Self.isDigit(byte()) { step() }
        }
        if byte() == UInt8(ascii: "e") || byte() == UInt8(ascii: "E") {
            let signed = byte(1) == UInt8(ascii: "+") || byte(1) == UInt8(ascii: "-")
            if Self.isDigit(byte(signed ? 2 : 1)) {
                plainInteger = false
                step()
                if signed { step() }
                while Self.isDigit(byte()) { step() }
            }
        }
        let value: Double
        if plainInteger && wholeDigits <= 15 {
            // Exact below 2^53; the common case needs no string conversion.
            var integer = 0
            for i in startByte..<cursor.byte { integer = integer * 10 + Int(bytes[i] - UInt8(ascii: "0")) }
            value = Double(integer)
        } else {
            let literal = text(fromByte: startByte)
            guard let parsed = Double(literal) else { throw fail("invalid number '\(literal)'", from: start) }
            value = parsed
        }
        if byte() == UInt8(ascii: "%") {
            step()
            emit(.quantity(value, unit: "%"), from: start)
            return
        }
        let next = byte()
        guard Self.isIdentifierStart(next) || (next >= 0x80 && scalar().properties.isAlphabetic) else {
            emit(.number(value), from: start)
            return
        }
        let numberEnd = cursor.byte
        skipIdentifierRest()
        let unit = text(fromByte: numberEnd)
        if QuantityUnit.all.contains(unit) {
            emit(.quantity(value, unit: unit), from: start)
            return
        }
        let number = String(decoding: UnsafeBufferPointer(rebasing: bytes[startByte..<numberEnd]), as: UTF8.self)
        throw fail("invalid number '\(number)\(unit)': '\(unit)' is not a unit", from: start,
                   hint: Self.unitHint(number: number, written: unit))
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
    mutating func lexString() throws(Diagnostic) {
        let start = cursor.location
        step()
        var value: [UInt8] = []
        while true {
            let c = byte()
            guard cursor.byte < bytes.count, c != Self.newline else {
                failedAtEndOfInput = cursor.byte >= bytes.count
                throw fail("unterminated string", from: start,
                           hint: "close the string with '\"' on the same line; write \\n for a line break")
            }
            if c == UInt8(ascii: "\"") {
                step()
                emit(.string(String(decoding: value, as: UTF8.self)), from: start)
                return
            }
            if c != UInt8(ascii: "\\") {
                let length = Self.scalarLength(c)
                value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[cursor.byte..<cursor.byte + length]))
                stepScalar()
                continue
            }
            let escapeStart = cursor.location
            step()
            switch byte() {
            case UInt8(ascii: "n"): value.append(Self.newline)
            case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "\""): value.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): value.append(UInt8(ascii: "\\"))
            default:
                if cursor.byte >= bytes.count || byte() == Self.newline {
                    failedAtEndOfInput = cursor.byte >= bytes.count
                    throw fail("unterminated string", from: start,
                               hint: "close the string with '\"' on the same line; write \\\\ for a backslash")
                }
                let other = scalar()
                stepScalar()
                throw fail("unknown escape '\\\(other)' in a string", from: escapeStart,
                           hint: "the escapes are \\n, \\t, \\\" and \\\\; write \\\\ for a backslash")
            }
            step()
        }
    }
}
