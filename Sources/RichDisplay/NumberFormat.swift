import Foundation

/// Number formatting for tick labels, value labels and summaries.
package enum NumberFormat {
    /// A tick value printed with the decimals its step needs. On axes reaching 10 000 or more, ticks
    /// take a k, M or G suffix chosen from `magnitude` (the largest tick), so one axis uses one unit
    /// (cycles, bytes). Axes of very large or very small values use scientific notation, where fixed notation
    /// would be long. Uses a true minus sign.
    package static func tick(_ value: Double, step: Double, magnitude: Double) -> String {
        let magnitude = max(magnitude, step)
        if magnitude >= 1e12 || magnitude < 1e-3 {
            return value == 0 ? "0" : minus(scientific(value, step: step))
        }
        for (factor, suffix) in [(1e9, "G"), (1e6, "M"), (1e4, "k")] where magnitude >= factor {
            if value == 0 { return "0" }
            let unit = factor == 1e4 ? 1e3 : factor
            let decimals = NiceScale.decimals(forStep: step / unit)
            return minus(String(format: "%.\(decimals)f", value / unit) + suffix)
        }
        let decimals = NiceScale.decimals(forStep: step)
        return minus(String(format: "%.\(decimals)f", value))
    }

    /// A value for a label at a bar's end: whole numbers in full with thousands separators
    /// (1,254,000), others to `digits` significant digits.
    package static func value(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite, value.rounded() == value, abs(value) < 1e15 else { return label(value, digits: digits) }
        let digitsText = String(Int64(abs(value)))
        var grouped = ""
        for (i, character) in digitsText.enumerated() {
            if i > 0, (digitsText.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "\u{2212}" : "") + grouped
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
        text.replacingOccurrences(of: "-", with: "\u{2212}")
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
