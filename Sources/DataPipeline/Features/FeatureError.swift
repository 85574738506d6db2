/// Why features could not be computed from a dataset; the message says what to change.
public struct FeatureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A complete sentence for the learner, e.g. "the 30 ms window is longer than the 20 ms clips".
    public let message: String

    /// An error with this message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }

    static func noRate(_ feature: String) -> FeatureError {
        FeatureError("\(feature) needs the sample rate of the data, and this dataset has none (give the rate when loading it)")
    }

    static func windowTooLong(_ feature: String, window: Int, steps: Int, rate: Double) -> FeatureError {
        FeatureError("\(feature): the \(milliseconds(window, rate)) window (\(window) samples) is longer than the " +
                     "\(milliseconds(steps, rate)) clips (\(steps) samples)")
    }

    private static func milliseconds(_ samples: Int, _ rate: Double) -> String {
        let ms = Double(samples) / rate * 1000
        return ms == ms.rounded() && abs(ms) < 1e12 ? "\(Int(ms)) ms" : "\(ms) ms"
    }
}
