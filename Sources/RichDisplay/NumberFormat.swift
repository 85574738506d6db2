import Foundation

/// Number formatting for tick labels, value labels and summaries.
package enum NumberFormat {
    /// A tick value printed with the decimals its step needs; scientific notation for very large or
    /// very small magnitudes, where fixed notation would be long. Uses a true minus sign.
    package static func tick(_ value: Double, step: Double) -> String {
        let magnitude = max(abs(value), step)
        if magnitude >= 1e6 || step < 1e-4 {
            return minus(scientific(value, step: step))
        }
        let decimals = NiceScale.decimals(forStep: step)
        return minus(String(format: "%.\(decimals)f", value))
    }

    /// About `digits` significant digits, trailing zeros dropped: 0.0312, 1.41, 1250, 3.2e-05.
    package static func compact(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e7 || magnitude < 1e-4 {
            return String(format: "%.\(max(0, digits - 1))e", value).replacingOccurrences(of: "e+0", with: "e")
                .replacingOccurrences(of: "e+", with: "e").trimmedMantissaZeros()
        }
        let integerDigits = Int(Foundation.log10(magnitude).rounded(.down)) + 1
        let decimals = max(0, digits - integerDigits)
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// `compact`, with the typographic minus for drawing.
    package static func label(_ value: Double, digits: Int = 3) -> String { minus(compact(value, digits: digits)) }

    private static func scientific(_ value: Double, step: Double) -> String {
        if value == 0 { return "0" }
        let exponent = Int(Foundation.log10(abs(value)).rounded(.down))
        let stepExponent = Int(Foundation.log10(step).rounded(.down))
        let digits = max(0, exponent - stepExponent)
        let mantissa = value / Foundation.pow(10, Double(exponent))
        var text = String(format: "%.\(digits)f", mantissa)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return "\(text)e\(exponent)"
    }

    private static func minus(_ text: String) -> String {
        text.hasPrefix("-") ? "\u{2212}" + text.dropFirst() : text
    }
}

extension String {
    /// "1.50e-05" → "1.5e-05"; "2.00e3" → "2e3".
    fileprivate func trimmedMantissaZeros() -> String {
        guard let e = firstIndex(of: "e") else { return self }
        var mantissa = String(self[..<e])
        let exponent = self[e...]
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        return mantissa + exponent
    }
}
