/// The stream text one cell may print: a loop that prints millions of lines would otherwise flood
/// the front end and the saved notebook. Past the limit text is dropped, after one note that says so.
public struct StreamBudget: Sendable {
    /// 4 MiB: far more than anyone reads, well below what makes JupyterLab or a saved notebook struggle.
    public static let defaultLimit = 4 << 20

    public let limit: Int
    private var used = 0

    public init(limit: Int = StreamBudget.defaultLimit) { self.limit = limit }

    /// What of `text` to show: all of it, the whole characters that still fit followed by the
    /// note, or nil once the limit was reached.
    public mutating func admit(_ text: String) -> String? {
        guard used < limit else { return nil }
        used += text.utf8.count
        guard used >= limit else { return text }
        var room = text.utf8.count - (used - limit)
        let kept = text.prefix { character in
            room -= character.utf8.count
            return room >= 0
        }
        let size = limit >= 1 << 20 ? "\(limit >> 20) MB" : "\(limit) bytes"
        return kept + "\n[output truncated: this cell printed more than \(size); the rest is not shown]\n"
    }
}
