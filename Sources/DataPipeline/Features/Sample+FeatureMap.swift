extension Sample {
    /// What the second axis of a `melspec` or `mfcc` sample counts ("mel filter", "coefficient"),
    /// so that it can be drawn as a spectrogram with time across; `nil` for any other sample.
    ///
    /// Recognised by the channel names those features give (`mel0`, `mel1`, … and `c0`, `c1`, …)
    /// on a `[frames, bins]` sample, which every later step (split, normalize, merge) keeps.
    public var featureAxis: String? {
        guard values.rank == 2, values.shape[1] == channels.count, !channels.isEmpty else { return nil }
        for (prefix, name) in [(FeatureChannels.mel, "mel filter"), (FeatureChannels.cepstral, "coefficient")]
        where channels == FeatureChannels.names(prefix, count: channels.count) {
            return name
        }
        return nil
    }
}

/// The channel names `melspec` and `mfcc` give their bins.
enum FeatureChannels {
    static let mel = "mel"
    static let cepstral = "c"

    static func names(_ prefix: String, count: Int) -> [String] { (0..<count).map { "\(prefix)\($0)" } }
}
