import CCairo
import Foundation
import JSONValues

extension Chart {
    /// The figure as a PNG, drawn at `scale` device pixels per CSS pixel (2 for sharp screens).
    public func png(scale: Double = 2) -> Data {
        let (width, height) = size
        let scale = scale.isFinite && scale > 0 ? scale : 2
        return CairoOutput.png(width: Int((Double(width) * scale).rounded()),
                               height: Int((Double(height) * scale).rounded()), scale: scale) { canvas in
            ChartRenderer(chart: self, width: Double(width), height: Double(height)).draw(on: canvas)
        }
    }

    /// The figure as an SVG document, sized in CSS pixels; text is embedded as glyph outlines.
    public func svg() -> String {
        let (width, height) = size
        let data = CairoOutput.svg(width: Double(width), height: Double(height)) { canvas in
            ChartRenderer(chart: self, width: Double(width), height: Double(height)).draw(on: canvas)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The figure's display bundle: `text/plain`, `image/png` (base64, drawn at 2×, with its CSS size
    /// in metadata), `image/svg+xml`, and `json` under `application/vnd.mote+json` when given.
    /// `plainText` replaces the generated summary.
    /// Without cairo the bundle is text only, and says why.
    public func mimeBundle(plainText: String? = nil, json: JSON? = nil) -> MimeBundle {
        let (width, height) = size
        let text = plainText ?? plainTextSummary()
        var data: [String: JSON] = [:]
        if let reason = CairoOutput.unavailableReason {
            data[MimeType.plainText] = .string(text + "\n(no chart image: \(reason))")
        } else {
            data[MimeType.plainText] = .string(text)
            data[MimeType.png] = .string(png(scale: 2).base64EncodedString())
            data[MimeType.svg] = .string(svg())
        }
        if let json { data[MimeType.moteJSON] = json }
        let metadata: [String: JSON] = [
            MimeType.png: [
                "width": .number(Double(width)),
                "height": .number(Double(height)),
                // The image is opaque white; this keeps JupyterLab's dark theme from framing it oddly.
                "needs_background": "light",
            ],
        ]
        return MimeBundle(data: data, metadata: metadata)
    }
}

/// Runs one drawing function against a PNG or an SVG cairo surface and collects the bytes.
/// Both give empty data when cairo cannot be loaded.
enum CairoOutput {
    /// Why nothing can be drawn (cairo failed to load), or nil when drawing works.
    static var unavailableReason: String? {
        mote_cairo_load() ? nil
            : "cannot load cairo (\(String(cString: mote_cairo_load_error()))); install libcairo2"
    }

    /// Bytes written by cairo's stream callbacks.
    private final class Sink {
        var data = Data()
    }

    private static let write: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
        sink.data.append(bytes, count: Int(length))
        return CAIRO_STATUS_SUCCESS
    }

    /// A `pixelWidth`×`pixelHeight` ARGB image, white underneath, drawn with user units scaled by `scale`.
    static func png(width pixelWidth: Int, height pixelHeight: Int, scale: Double, opaque: Bool = true,
                    draw: (Canvas) -> Void) -> Data {
        guard unavailableReason == nil else { return Data() }
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(max(1, pixelWidth)), Int32(max(1, pixelHeight)))
        defer { cairo_surface_destroy(surface) }
        guard let context = cairo_create(surface) else { return Data() }
        cairo_scale(context, scale, scale)
        if opaque {
            cairo_set_source_rgb(context, 1, 1, 1)
            cairo_paint(context)
        }
        draw(Canvas(context: context, scale: scale))
        cairo_destroy(context)
        cairo_surface_flush(surface)
        let sink = Sink()
        let status = cairo_surface_write_to_png_stream(surface, write, Unmanaged.passUnretained(sink).toOpaque())
        return status == CAIRO_STATUS_SUCCESS ? sink.data : Data()
    }

    /// An SVG document `width`×`height` CSS pixels.
    static func svg(width: Double, height: Double, draw: (Canvas) -> Void) -> Data {
        guard unavailableReason == nil else { return Data() }
        let sink = Sink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        guard let surface = cairo_svg_surface_create_for_stream(write, closure, width, height) else { return Data() }
        cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX)
        if let context = cairo_create(surface) {
            cairo_set_source_rgb(context, 1, 1, 1)
            cairo_paint(context)
            draw(Canvas(context: context, scale: 1))
            cairo_destroy(context)
        }
        // The document is written when the surface finishes; the sink must outlive this call.
        cairo_surface_finish(surface)
        cairo_surface_destroy(surface)
        return withExtendedLifetime(sink) { renumberSurfaceIDs(sink.data) }
    }

    /// The SVG with cairo's `surfaceN` element ids renumbered from 1 in order of appearance.
    ///
    /// Cairo names groups after a process-wide surface counter, so the same drawing would otherwise
    /// differ between calls. Renumbering every occurrence keeps internal references intact.
    static func renumberSurfaceIDs(_ svg: Data) -> Data {
        let bytes = [UInt8](svg)
        let prefix = Array("surface".utf8)
        var numbering: [ArraySlice<UInt8>: Int] = [:]
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == prefix[0], i + prefix.count < bytes.count, bytes[i..<i + prefix.count].elementsEqual(prefix),
               (48...57).contains(bytes[i + prefix.count]) {
                var end = i + prefix.count
                while end < bytes.count, (48...57).contains(bytes[end]) { end += 1 }
                let digits = bytes[(i + prefix.count)..<end]
                let number = numbering[digits] ?? (numbering.count + 1)
                numbering[digits] = number
                out += prefix
                out += Array(String(number).utf8)
                i = end
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return Data(out)
    }
}
