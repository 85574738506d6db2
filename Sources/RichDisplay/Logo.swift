import Foundation

/// The Mote kernel logo, drawn for the kernelspec (`logo-32x32.png`, `logo-64x64.png`).
public enum Logo {
    /// The logo as a `size`×`size` PNG with a transparent surround: a blue rounded tile carrying a
    /// white sensor waveform, with an orange mote riding its crest.
    public static func png(size: Int) -> Data {
        let size = max(16, size)
        return CairoOutput.png(width: size, height: size, scale: Double(size) / 64, opaque: false) { canvas in
            draw(on: canvas)
        }
    }

    /// Draws the logo in a 64×64 unit square.
    static func draw(on canvas: Canvas) {
        canvas.roundedRectangle(Rect(x: 2, y: 2, width: 60, height: 60), radius: 13)
        canvas.setColor(RGB(hex: 0x0B5E94))
        canvas.fill()

        // One damped period of a signal, left to right across the tile.
        canvas.setColor(.white)
        canvas.setLineWidth(5)
        let samples = 48
        for i in 0...samples {
            let t = Double(i) / Double(samples)
            let x = 10 + 44 * t
            let y = 38 - 16 * Foundation.sin(t * 2.5 * Double.pi) * (1 - 0.45 * t)
            if i == 0 { canvas.moveTo(x, y) } else { canvas.lineTo(x, y) }
        }
        canvas.stroke()

        // The mote: a bright dot at the first crest.
        canvas.circle(x: 10 + 44 * 0.2, y: 38 - 16 * (1 - 0.45 * 0.2) - 10, radius: 6.5)
        canvas.setColor(RGB(hex: 0xF5A623))
        canvas.fill()
    }
}
