import Foundation
import Testing
@testable import RichDisplay

@Suite struct ChartEdgeCaseTests {
    static let cases: [(String, PanelContent)] = [
        ("no series", .lines([])),
        ("empty series", .lines([Series(x: [], y: [])])),
        ("single point", .lines([Series(x: [3], y: [0.5])])),
        ("all equal", .lines([Series(y: [2, 2, 2, 2])])),
        ("all zero", .scatter([Series(y: [0, 0, 0])])),
        ("nan and inf", .lines([Series(y: [1, .nan, 3, .infinity, -.infinity, 2])])),
        ("only nan", .lines([Series(y: [.nan, .nan])])),
        ("mismatched lengths", .lines([Series(x: [1, 2, 3], y: [1])])),
        ("huge values", .lines([Series(y: [1e300, -1e300, 5e299])])),
        ("tiny range", .lines([Series(y: [1, 1 + 1e-12, 1 - 1e-12])])),
        ("small numbers", .lines([Series(x: [0, 0.001, 0.0025], y: [1e-5, 3e-5, 2.5e-5])])),
        ("large numbers", .scatter([Series(x: [1e3, 5e5, 2.4e6], y: [-3e9, 1e10, 4e10])])),
        ("dense scatter", .scatter([Series(x: (0..<100_000).map { Foundation.sin(Double($0)) },
                                           y: (0..<100_000).map { Foundation.cos(Double($0) * 1.7) })])),
        ("many series", .lines((0..<12).map { Series(name: "series with a rather long name \($0)", y: [Double($0), 1]) })),
        ("no bars", .bars(labels: [], values: [])),
        ("bars with gaps", .bars(labels: ["a", "b"], values: [.nan, -3, 4])),
        ("all negative bars", .bars(labels: ["a", "b"], values: [-1, -2])),
        ("many bars", .bars(labels: (0..<300).map { "op \($0)" }, values: (0..<300).map(Double.init))),
        ("long bar label", .bars(labels: [String(repeating: "very long operator name ", count: 10)], values: [1])),
        ("empty heat map", .heatmap(matrix: [], rowLabels: nil, columnLabels: nil, annotate: true)),
        ("ragged heat map", .heatmap(matrix: [[1, 2, 3], [4], []], rowLabels: ["a"], columnLabels: nil, annotate: true)),
        ("constant heat map", .heatmap(matrix: [[5, 5], [5, 5]], rowLabels: nil, columnLabels: nil, annotate: true)),
        ("nan heat map", .heatmap(matrix: [[.nan, 1], [.infinity, 2]], rowLabels: nil, columnLabels: nil, annotate: true)),
        ("large heat map", .heatmap(matrix: (0..<500).map { r in (0..<300).map { c in Double(r * c % 17) } },
                                    rowLabels: nil, columnLabels: nil, annotate: true)),
        ("long column labels", .heatmap(matrix: [[1, 2], [3, 4]], rowLabels: ["a very long class name indeed", "b"],
                                        columnLabels: ["a very long class name indeed", "b"], annotate: true)),
    ]

    @Test(arguments: cases.indices)
    func rendersWithoutCrashing(_ index: Int) throws {
        let (name, content) = Self.cases[index]
        let chart = Chart(title: name, xLabel: "x", yLabel: "y", content: content)
        let pixels = try #require(pngSize(chart.png()), "\(name)")
        #expect(pixels.width == 2 * chart.size.width)
        #expect(chart.svg().contains("<svg"))
        #expect(chart.plainTextSummary().hasPrefix("<"))
    }

    @Test func aHundredThousandPointsRenderQuickly() {
        let y = (0..<100_000).map { Foundation.sin(Double($0) / 500) }
        let chart = Chart(content: .lines([Series(y: y)]))
        let clock = ContinuousClock()
        var png = Data(), svg = ""
        let elapsed = clock.measure {
            png = chart.png()
            svg = chart.svg()
        }
        #expect(pngSize(png) != nil)
        // Decimation keeps the SVG to a few points per pixel column.
        #expect(svg.utf8.count < 400_000)
        #expect(elapsed < .seconds(3))
    }

    @Test func summariesNameSeriesCountsAndRanges() {
        let lines = Chart(content: .lines([Series(name: "loss", y: [1, .nan, 0.5]), Series(y: [])]))
        #expect(lines.plainTextSummary() == "<line chart: 'loss' (3 points, 1 not finite, 0.5…1), (0 points)>")
        let bars = Chart(title: "Cycles", content: .bars(labels: ["conv", "dense"], values: [1200, 80]))
        #expect(bars.plainTextSummary() == "<bar chart 'Cycles': 2 bars, 80…1200, largest 'conv' 1200>")
        let confusion = Chart(content: .heatmap(matrix: [[3, 1], [0, 4]], rowLabels: nil, columnLabels: nil, annotate: true))
        #expect(confusion.plainTextSummary() == "<annotated heat map: 2×2, 0…4>")
        let history = Chart(title: "History", panels: [
            ChartPanel(title: "loss", content: .lines([Series(y: [2, 1])])),
            ChartPanel(title: "accuracy", content: .lines([Series(y: [0.5, 0.75])])),
        ])
        #expect(history.plainTextSummary()
            == "<chart 'History', 2 panels: line chart 'loss': (2 points, 1…2); line chart 'accuracy': (2 points, 0.5…0.75)>")
    }
}
