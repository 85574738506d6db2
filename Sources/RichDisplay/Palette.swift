/// The colours charts use: a categorical palette for series and a sequential colormap for heat maps.
enum Palette {
    /// Okabe–Ito colours, ordered for a white background (yellow last, as it is faint on white).
    /// Distinguishable under the common colour-vision deficiencies.
    static let series: [RGB] = [
        RGB(hex: 0x0072B2), // blue
        RGB(hex: 0xD55E00), // vermillion
        RGB(hex: 0x009E73), // bluish green
        RGB(hex: 0xE69F00), // orange
        RGB(hex: 0xCC79A7), // reddish purple
        RGB(hex: 0x56B4E9), // sky blue
        RGB(hex: 0x000000), // black
        RGB(hex: 0xC9B400), // a darkened yellow, legible on white
    ]

    /// The colour of series number `index` (cycling).
    static func seriesColor(_ index: Int) -> RGB { series[index % series.count] }

    /// The single colour of bar charts.
    static let bar = RGB(hex: 0x0072B2)

    /// Viridis sampled at nine evenly spaced stops; between them colours are interpolated.
    /// Perceptually uniform, monotone in lightness, readable in greyscale and by colour-blind readers.
    private static let sequentialStops: [RGB] = [
        RGB(hex: 0x440154), RGB(hex: 0x472D7B), RGB(hex: 0x3B528B), RGB(hex: 0x2C728E), RGB(hex: 0x21918C),
        RGB(hex: 0x28AE80), RGB(hex: 0x5EC962), RGB(hex: 0xADDC30), RGB(hex: 0xFDE725),
    ]

    /// The sequential colour for `t` in 0…1 (clamped).
    static func sequential(_ t: Double) -> RGB {
        let clamped = t.isNaN ? 0 : min(1, max(0, t))
        let position = clamped * Double(sequentialStops.count - 1)
        let lower = min(Int(position), sequentialStops.count - 2)
        let f = position - Double(lower)
        let a = sequentialStops[lower], b = sequentialStops[lower + 1]
        return RGB(red: a.red + (b.red - a.red) * f,
                   green: a.green + (b.green - a.green) * f,
                   blue: a.blue + (b.blue - a.blue) * f)
    }
}
