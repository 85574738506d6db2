import Foundation
import Testing
@testable import RichDisplay

/// Representative charts, rendered and written to a temporary folder for looking at.
enum Gallery {
    static var charts: [(name: String, chart: Chart)] {
        let epochs = (1...20).map(Double.init)
        let loss = epochs.map { 1.41 * Foundation.exp(-$0 / 5) + 0.03 }
        let valLoss = epochs.map { 1.45 * Foundation.exp(-$0 / 5.5) + 0.06 + 0.01 * Foundation.sin($0) }
        let accuracy = epochs.map { 1 - 0.7 * Foundation.exp(-$0 / 4) }
        let valAccuracy = epochs.map { 0.97 - 0.7 * Foundation.exp(-$0 / 4.5) }
        let history = Chart(title: "Training history", panels: [
            ChartPanel(title: "loss", xLabel: "epoch", yLabel: "loss", content: .lines([
                Series(name: "train", x: epochs, y: loss), Series(name: "validation", x: epochs, y: valLoss)])),
            ChartPanel(title: "accuracy", xLabel: "epoch", yLabel: "accuracy", content: .lines([
                Series(name: "train", x: epochs, y: accuracy), Series(name: "validation", x: epochs, y: valAccuracy)])),
        ])
        let wave = (0..<300).map { Double($0) / 100 }
        let waveforms = Chart(xLabel: "time (s)", yLabel: "acceleration (g)", content: .lines(["ax", "ay", "az"].enumerated().map { i, name in
            Series(name: name, x: wave, y: wave.map { Foundation.sin($0 * Double(i + 2) * 3) * Double(3 - i) * 0.4 + Double(i) * 0.1 })
        }))
        var generator = SplitMix(seed: 3)
        let huge = (0..<100_000).map { i in Foundation.sin(Double(i) / 3000) + 0.2 * generator.nextGaussian() }
        let scatterX = (0..<400).map { _ in generator.nextGaussian() }
        let scatter = Chart(title: "Features", xLabel: "rms", yLabel: "peak", content: .scatter([
            Series(name: "wing", x: scatterX.prefix(200).map { $0 }, y: scatterX.prefix(200).map { $0 * 0.8 + 0.3 * generator.nextGaussian() }),
            Series(name: "idle", x: scatterX.suffix(200).map { $0 + 2 }, y: scatterX.suffix(200).map { -$0 + 0.3 * generator.nextGaussian() }),
        ]))
        let bars = Chart(title: "Cycles per operator", xLabel: "cycles", content: .bars(
            labels: ["CONV_2D (layer 1, 8 filters, kernel 5)", "MAX_POOL_2D", "CONV_2D", "MEAN", "FULLY_CONNECTED", "SOFTMAX"],
            values: [1_254_000, 38_400, 2_310_500, 12_800, 4_100, 950]))
        let confusion = Chart(title: "Confusion matrix", xLabel: "predicted", yLabel: "true", content: .heatmap(
            matrix: [[28, 1, 0, 1], [2, 25, 3, 0], [0, 4, 26, 0], [0, 0, 1, 29]],
            rowLabels: ["wing", "ring", "slope", "idle"], columnLabels: ["wing", "ring", "slope", "idle"], annotate: true))
        let field = Chart(title: "Spectrogram", xLabel: "frame", yLabel: "bin", content: .heatmap(
            matrix: (0..<40).map { r in (0..<120).map { c in Foundation.sin(Double(r) / 6) * Foundation.cos(Double(c) / 17) } },
            rowLabels: nil, columnLabels: nil, annotate: false))
        return [
            ("history", history),
            ("waveforms", waveforms),
            ("huge", Chart(title: "100k points", content: .lines([Series(y: huge)]))),
            ("scatter", scatter),
            ("bars", bars),
            ("confusion", confusion),
            ("field", field),
            ("edge-empty", Chart(title: "Empty", content: .lines([]))),
            ("edge-single", Chart(title: "Single point", content: .lines([Series(x: [3], y: [0.5])]))),
            ("edge-flat", Chart(title: "All equal", content: .lines([Series(y: [2, 2, 2, 2])]))),
            ("edge-nan", Chart(title: "NaN and inf", content: .lines([Series(y: [1, 2, .nan, 3, .infinity, 2, 1, -.infinity, 0.5])]))),
        ]
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextUniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func nextGaussian() -> Double {
        let u = max(nextUniform(), 1e-12), v = nextUniform()
        return Foundation.sqrt(-2 * Foundation.log(u)) * Foundation.cos(2 * Double.pi * v)
    }
}

@Suite struct ChartGalleryTests {
    @Test func everyGalleryChartRendersAPNGAndAnSVG() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mote-chart-gallery")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, chart) in Gallery.charts {
            let png = chart.png()
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name)")
            let svg = chart.svg()
            #expect(svg.contains("<svg"), "\(name)")
            try png.write(to: folder.appendingPathComponent("\(name).png"))
            try Data(svg.utf8).write(to: folder.appendingPathComponent("\(name).svg"))
        }
        for (index, (name, content)) in ChartEdgeCaseTests.cases.enumerated() {
            let chart = Chart(title: name, xLabel: "x", yLabel: "y", content: content)
            try chart.png().write(to: folder.appendingPathComponent("case-\(index).png"))
            try Data(chart.svg().utf8).write(to: folder.appendingPathComponent("case-\(index).svg"))
        }
        try Logo.png(size: 64).write(to: folder.appendingPathComponent("logo-64.png"))
        try Logo.png(size: 32).write(to: folder.appendingPathComponent("logo-32.png"))
        try Logo.png(size: 256).write(to: folder.appendingPathComponent("logo-256.png"))
    }
}
