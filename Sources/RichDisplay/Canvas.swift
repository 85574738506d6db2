import CCairo
import Foundation

/// A drawing context over one cairo surface, with the few operations charts and the logo need.
///
/// Cairo is used because it gives one drawing path for two outputs: the same calls paint an image
/// surface (PNG, for GitHub, nbconvert and untrusted notebooks) and an SVG surface (JupyterLab),
/// with real font metrics and anti-aliasing on both. Fonts come from cairo's toy text API, which is
/// enough for single-line labels in one family.
final class Canvas {
    let context: OpaquePointer
    /// Device pixels per drawing unit; used to snap edges that must meet without seams.
    let scale: Double

    init(context: OpaquePointer, scale: Double) {
        self.context = context
        self.scale = scale
        // Metrics unhinted on every surface, so PNG and SVG lay out text identically.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(context, options)
        cairo_font_options_destroy(options)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_BUTT)
    }

    // MARK: State

    func save() { cairo_save(context) }
    func restore() { cairo_restore(context) }

    func setColor(_ color: RGB, alpha: Double = 1) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, alpha)
    }

    func setLineWidth(_ width: Double) { cairo_set_line_width(context, width) }

    func setRoundCaps(_ round: Bool) {
        cairo_set_line_cap(context, round ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
    }

    func clip(_ rect: Rect) {
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
    }

    func translate(_ x: Double, _ y: Double) { cairo_translate(context, x, y) }
    func rotate(_ radians: Double) { cairo_rotate(context, radians) }

    // MARK: Paths

    func moveTo(_ x: Double, _ y: Double) { cairo_move_to(context, x, y) }
    func lineTo(_ x: Double, _ y: Double) { cairo_line_to(context, x, y) }
    func stroke() { cairo_stroke(context) }
    func fill() { cairo_fill(context) }

    func rectangle(_ rect: Rect) {
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
    }

    func circle(x: Double, y: Double, radius: Double) {
        cairo_new_sub_path(context)
        cairo_arc(context, x, y, radius, 0, 2 * Double.pi)
    }

    func roundedRectangle(_ rect: Rect, radius: Double) {
        let r = min(radius, rect.width / 2, rect.height / 2)
        cairo_new_sub_path(context)
        cairo_arc(context, rect.maxX - r, rect.y + r, r, -Double.pi / 2, 0)
        cairo_arc(context, rect.maxX - r, rect.maxY - r, r, 0, Double.pi / 2)
        cairo_arc(context, rect.x + r, rect.maxY - r, r, Double.pi / 2, Double.pi)
        cairo_arc(context, rect.x + r, rect.y + r, r, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(context)
    }

    /// A horizontal or vertical hairline placed on the device-pixel grid, so it stays crisp.
    func crispLine(from start: (x: Double, y: Double), to end: (x: Double, y: Double), width: Double) {
        let device = max(1, (width * scale).rounded())
        let half = device.truncatingRemainder(dividingBy: 2) == 1 ? 0.5 : 0
        func snap(_ v: Double) -> Double { ((v * scale).rounded(.down) + half) / scale }
        let vertical = start.x == end.x
        setLineWidth(device / scale)
        if vertical {
            moveTo(snap(start.x), start.y); lineTo(snap(end.x), end.y)
        } else {
            moveTo(start.x, snap(start.y)); lineTo(end.x, snap(end.y))
        }
        stroke()
    }

    /// `value` rounded to the nearest device pixel edge.
    func snapped(_ value: Double) -> Double { (value * scale).rounded() / scale }

    // MARK: Text

    func setFont(_ font: Font) {
        cairo_select_font_face(context, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                               font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, font.size)
    }

    /// The advance width of `text` in the current font.
    func width(of text: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// Ascent and descent of the current font, for vertical placement independent of the glyphs.
    func fontMetrics() -> (ascent: Double, descent: Double) {
        var extents = cairo_font_extents_t()
        cairo_font_extents(context, &extents)
        return (extents.ascent, extents.descent)
    }

    /// `text` shortened with an ellipsis until it fits `maxWidth` (the whole text when it fits).
    func fitted(_ text: String, maxWidth: Double) -> String {
        if width(of: text) <= maxWidth { return text }
        var characters = Array(text)
        while !characters.isEmpty {
            characters.removeLast()
            let candidate = String(characters).trimmingCharacters(in: .whitespaces) + "…"
            if width(of: candidate) <= maxWidth { return candidate }
        }
        return width(of: "…") <= maxWidth ? "…" : ""
    }

    /// Draws one line of text anchored at (`x`, `y`); `y` is the vertical centre of the line's caps.
    func drawText(_ text: String, x: Double, y: Double, horizontal: HorizontalAnchor = .left) {
        guard !text.isEmpty else { return }
        let w = width(of: text)
        let (ascent, descent) = fontMetrics()
        let left: Double
        switch horizontal {
        case .left: left = x
        case .center: left = x - w / 2
        case .right: left = x - w
        }
        // Centre on the ascent–descent box, nudged so digits and capitals look centred.
        let baseline = y + (ascent - descent) / 2 - ascent * 0.04
        cairo_move_to(context, left, baseline)
        cairo_show_text(context, text)
        cairo_new_path(context)
    }
}

/// Where a text anchor point sits along the line.
enum HorizontalAnchor { case left, center, right }

/// A font in the one family charts use.
struct Font {
    var size: Double
    var bold: Bool = false

    static let figureTitle = Font(size: 15, bold: true)
    static let title = Font(size: 13, bold: true)
    static let label = Font(size: 12)
    static let tick = Font(size: 11)
    static let legend = Font(size: 11.5)
}

/// An axis-aligned rectangle in drawing units.
struct Rect: Hashable {
    var x: Double, y: Double, width: Double, height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    /// The rectangle shrunk by the given insets (never below zero size).
    func inset(top: Double = 0, left: Double = 0, bottom: Double = 0, right: Double = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: max(0, width - left - right), height: max(0, height - top - bottom))
    }
}
