import Foundation

/// The Mote kernel logo, drawn for the kernelspec (`logo-32x32.png`, `logo-64x64.png`).
public enum Logo {
    /// The logo as a `size`×`size` PNG with a transparent surround: a blue rounded tile carrying a
    /// white sensor waveform, with an orange mote riding its last crest. Throws when cairo is missing.
    public static func png(size: Int) throws -> Data {
        if let reason = CairoOutput.unavailableReason { throw LogoError.cannotDraw(reason) }
        let size = max(16, size)
        return CairoOutput.png(width: size, height: size, scale: Double(size) / 64, opaque: false) { canvas in
            draw(on: canvas)
        }
    }

    public enum LogoError: Error, CustomStringConvertible {
        case cannotDraw(String)

        public var description: String {
            switch self {
            case .cannotDraw(let reason): "cannot draw the kernel logo: \(reason)"
            }
        }
    }

    /// Draws the logo in a 64×64 unit square.
    static func draw(on canvas: Canvas) {
        canvas.roundedRectangle(Rect(x: 2, y: 2, width: 60, height: 60), radius: 13)
        canvas.setColor(RGB(hex: 0x0B5E94))
        canvas.fill()

        // One and a half periods of a signal across the tile: crest, trough, crest.
        func wave(_ t: Double) -> (x: Double, y: Double) {
            (11 + 42 * t, 35 - 12 * Foundation.sin(t * 3 * Double.pi))
        }
        canvas.setColor(.white)
        canvas.setLineWidth(5.5)
        canvas.setRoundCaps(true)
        let samples = 60
        for i in 0...samples {
            let point = wave(Double(i) / Double(samples))
            if i == 0 { canvas.moveTo(point.x, point.y) } else { canvas.lineTo(point.x, point.y) }
        }
        canvas.stroke()

        // The mote: a bright dot on the last crest, ringed in the tile's blue so it stands off the line.
        let crest = wave(5.0 / 6.0)
        canvas.circle(x: crest.x, y: crest.y - 1, radius: 9)
        canvas.setColor(RGB(hex: 0x0B5E94))
        canvas.fill()
        canvas.circle(x: crest.x, y: crest.y - 1, radius: 6.5)
        canvas.setColor(RGB(hex: 0xF5A623))
        canvas.fill()
    }
}
