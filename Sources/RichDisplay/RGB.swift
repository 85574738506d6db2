import Foundation

/// A colour with components in 0…1.
struct RGB: Hashable {
    var red: Double, green: Double, blue: Double

    init(red: Double, green: Double, blue: Double) {
        self.red = red; self.green = green; self.blue = blue
    }

    /// A colour from `0xRRGGBB`.
    init(hex: UInt32) {
        red = Double((hex >> 16) & 0xFF) / 255
        green = Double((hex >> 8) & 0xFF) / 255
        blue = Double(hex & 0xFF) / 255
    }

    /// Relative luminance (WCAG), to pick black or white text over a fill.
    var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.03928 ? c / 12.92 : Foundation.pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// The text colour that reads best over this fill.
    var contrastingText: RGB {
        // Contrast against black is (L + 0.05) / 0.05, against white 1.05 / (L + 0.05); equal at L ≈ 0.179.
        luminance > 0.179 ? RGB(hex: 0x111111) : RGB(hex: 0xFFFFFF)
    }

    static let white = RGB(hex: 0xFFFFFF)
    static let text = RGB(hex: 0x222222)
    static let mutedText = RGB(hex: 0x555555)
    static let axis = RGB(hex: 0x6E6E6E)
    static let grid = RGB(hex: 0xE5E5E5)
    static let missing = RGB(hex: 0xD9D9D9)
}
