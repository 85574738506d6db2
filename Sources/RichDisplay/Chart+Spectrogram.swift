import Foundation

extension Chart {
    /// A spectrogram (or any feature map of frames × bins) as a heat map read the usual way:
    /// time runs left to right, bin 0 sits at the bottom, and a colour bar gives the values.
    ///
    /// - Parameters:
    ///   - frames: one row of bin values per frame, e.g. `[49][40]` for `melspec` of one second.
    ///   - frameRate: frames per second; with it the x axis is labelled with each frame's start in
    ///     seconds, without it with frame indices.
    ///   - binName: what a bin is, for the y axis title ("mel filter", "coefficient").
    public static func spectrogram(title: String? = nil, frames: [[Double]], frameRate: Double?,
                                   binName: String) -> Chart {
        let bins = frames.map(\.count).max() ?? 0
        // Rows are drawn top to bottom, so the highest bin comes first.
        let matrix = (0..<bins).reversed().map { bin in frames.map { bin < $0.count ? $0[bin] : .nan } }
        let timed = frameRate.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        let columnLabels = frames.indices.map { frame in
            timed.map { NumberFormat.compact(Double(frame) / $0, digits: 3) } ?? String(frame)
        }
        return Chart(title: title, xLabel: timed == nil ? "frame" : "time (s)", yLabel: binName,
                     content: .heatmap(matrix: matrix, rowLabels: (0..<bins).reversed().map(String.init),
                                       columnLabels: columnLabels, annotate: false))
    }
}
