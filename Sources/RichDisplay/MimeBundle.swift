import JSONValues

/// Alternative renderings of one value, keyed by MIME type, as Jupyter's `display_data` carries
/// them: text types as strings, `image/png` as base64, `+json` types as JSON objects.
public struct MimeBundle: Sendable, Hashable {
    public var data: [String: JSON]
    /// Per-MIME metadata, e.g. `["image/png": ["width": 640, "height": 400]]`.
    public var metadata: [String: JSON]

    public init(data: [String: JSON] = [:], metadata: [String: JSON] = [:]) {
        self.data = data
        self.metadata = metadata
    }

    /// A bundle with only `text/plain`.
    public init(plainText: String) {
        self.init(data: [MimeType.plainText: .string(plainText)])
    }

    /// The `text/plain` rendering, which every bundle should carry.
    public var plainText: String? { data[MimeType.plainText]?.stringValue }
}

/// The MIME types Mote emits.
public enum MimeType {
    public static let plainText = "text/plain"
    public static let html = "text/html"
    public static let markdown = "text/markdown"
    public static let png = "image/png"
    public static let svg = "image/svg+xml"
    /// The numbers behind a value, keyed by the member names of `LANGUAGE.md` §2. Not
    /// `application/json`, which JupyterLab would rank above the table or chart.
    public static let moteJSON = "application/vnd.mote+json"
}
