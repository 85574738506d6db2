import Foundation
import JSONValues
import Testing
@testable import RichDisplay

/// Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian).
func pngSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data)
    guard bytes.count > 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
          Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
    func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (be32(16), be32(20))
}

@Suite struct ChartOutputTests {
    let chart = Chart(title: "Loss", xLabel: "epoch", yLabel: "loss",
                      content: .lines([Series(name: "loss", x: [1, 2, 3, 4], y: [1.41, 0.7, 0.2, 0.0312])]))

    @Test func bundleCarriesTextPNGAndSVGWithTheCSSSize() throws {
        let bundle = chart.mimeBundle(json: ["loss": [1.41, 0.7]])
        #expect(Set(bundle.data.keys) == [MimeType.plainText, MimeType.png, MimeType.svg, MimeType.moteJSON])
        let (width, height) = chart.size
        #expect(bundle.metadata[MimeType.png]?["width"]?.intValue == width)
        #expect(bundle.metadata[MimeType.png]?["height"]?.intValue == height)
        let base64 = try #require(bundle.data[MimeType.png]?.stringValue)
        let png = try #require(Data(base64Encoded: base64))
        let pixels = try #require(pngSize(png))
        #expect(pixels.width == 2 * width)
        #expect(pixels.height == 2 * height)
        #expect(bundle.data[MimeType.moteJSON] == ["loss": [1.41, 0.7]])
        #expect(bundle.plainText == "<line chart 'Loss': 'loss' (4 points, 0.0312…1.41)>")
    }

    @Test func plainTextCanBeReplaced() {
        let bundle = chart.mimeBundle(plainText: "History(20 epochs)")
        #expect(bundle.plainText == "History(20 epochs)")
        #expect(bundle.data[MimeType.moteJSON] == nil)
    }

    @Test func svgIsAnXMLDocumentInCSSPixels() {
        let svg = chart.svg()
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("<svg"))
        #expect(svg.contains("width=\"\(chart.size.width)px\""))
        #expect(svg.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</svg>"))
    }

    @Test func pngScaleSetsThePixelSize() throws {
        let pixels = try #require(pngSize(chart.png(scale: 1)))
        #expect(pixels.width == chart.size.width)
        #expect(pixels.height == chart.size.height)
    }

    @Test func sameChartGivesIdenticalBytes() {
        for (_, chart) in Gallery.charts {
            #expect(chart.png() == chart.png())
            #expect(chart.svg() == chart.svg())
        }
    }

    @Test func differentDataGivesDifferentPictures() {
        let other = Chart(title: "Loss", xLabel: "epoch", yLabel: "loss",
                          content: .lines([Series(name: "loss", x: [1, 2, 3, 4], y: [1.41, 0.9, 0.2, 0.0312])]))
        #expect(chart.png() != other.png())
    }

    @Test func panelsSideBySideWidenTheFigure() {
        let panel = ChartPanel(content: .lines([Series(y: [1, 2])]))
        let one = Chart(panels: [panel]).size
        let two = Chart(title: "History", panels: [panel, panel]).size
        #expect(two.width > one.width)
        #expect(two.height > Chart(panels: [panel, panel]).size.height)
    }
}
