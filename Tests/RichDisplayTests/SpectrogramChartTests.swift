import Foundation
import Testing
@testable import RichDisplay

@Suite struct SpectrogramChartTests {
    /// Frames × bins become a heat map with time across and bin 0 in the bottom row.
    @Test func framesRunAcrossAndBinZeroSitsAtTheBottom() throws {
        let frames = (0..<49).map { frame in (0..<40).map { bin in Double(frame * 100 + bin) } }
        let chart = Chart.spectrogram(title: "sample", frames: frames, frameRate: 50, binName: "mel filter")
        let panel = try #require(chart.panels.first)
        #expect(panel.xLabel == "time (s)" && panel.yLabel == "mel filter")
        guard case .heatmap(let matrix, let rowLabels, let columnLabels, let annotate) = panel.content else {
            Issue.record("expected a heat map, got \(panel.content)")
            return
        }
        #expect(matrix.count == 40 && matrix[0].count == 49)
        #expect(matrix[39][0] == 0 && matrix[0][0] == 39 && matrix[39][48] == 4800)
        #expect(rowLabels?.first == "39" && rowLabels?.last == "0")
        #expect(columnLabels?[5] == "0.1" && columnLabels?.count == 49)
        #expect(!annotate)
        #expect(chart.png().starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func withoutARateFramesAreNumbered() throws {
        let chart = Chart.spectrogram(frames: [[1, 2], [3, 4], [5, 6]], frameRate: nil, binName: "coefficient")
        let panel = try #require(chart.panels.first)
        #expect(panel.xLabel == "frame")
        guard case .heatmap(let matrix, _, let columnLabels, _) = panel.content else {
            Issue.record("expected a heat map")
            return
        }
        #expect(matrix == [[2, 4, 6], [1, 3, 5]] && columnLabels == ["0", "1", "2"])
    }
}
