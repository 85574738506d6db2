import JupyterWire
import JSONValues

/// The inputs (and text outputs) of this kernel session, answering `history_request`.
/// Mote keeps no history across kernel processes, so there is one session, numbered 1.
struct HistoryStore {
    struct Entry {
        var line: Int
        var input: String
        var output: String?
    }

    static let session = 1
    private(set) var entries: [Entry] = []

    mutating func record(line: Int, input: String, output: String?) {
        entries.append(Entry(line: line, input: input, output: output))
    }

    /// The `history` list of a reply: `[session, line, input]` or `[session, line, [input, output]]`.
    func reply(to request: HistoryRequest) -> JSON {
        let chosen: [Entry]
        switch request.access {
        case .tail:
            chosen = Array(entries.suffix(max(0, request.count ?? 10)))
        case .range:
            // Session 0 (or this session's number) means the current one; earlier sessions kept nothing.
            guard request.session == 0 || request.session == Self.session else { return [] }
            let stop = request.stop ?? Int.max
            chosen = entries.filter { $0.line >= request.start && $0.line < stop }
        case .search:
            var matches = entries.filter { Glob(request.pattern).matches($0.input) }
            if request.unique {
                var seen = Set<String>()
                // Keep the latest occurrence of each input, in order.
                matches = matches.reversed().filter { seen.insert($0.input).inserted }.reversed()
            }
            if let count = request.count { matches = Array(matches.suffix(max(0, count))) }
            chosen = matches
        }
        return .array(chosen.map { entry in
            let input = JSON.string(entry.input)
            let item = request.output ? JSON.array([input, entry.output.map(JSON.string) ?? .null]) : input
            return [.number(Double(Self.session)), .number(Double(entry.line)), item]
        })
    }
}

/// Shell-style glob matching (`*`, `?`, `[abc]`, `[!a-z]`) as `history_request` search uses it.
struct Glob {
    private let pattern: [Character]

    init(_ pattern: String) { self.pattern = Array(pattern) }

    func matches(_ text: String) -> Bool {
        let text = Array(text)
        // Iterative matcher with one backtrack point for the last `*`: linear for typical patterns.
        var p = 0, t = 0
        var star: (p: Int, t: Int)?
        while t < text.count {
            if p < pattern.count, pattern[p] == "*" {
                star = (p, t)
                p += 1
            } else if p < pattern.count, let width = matchOne(at: p, text[t]) {
                p += width
                t += 1
            } else if let resume = star {
                p = resume.p + 1
                t = resume.t + 1
                star = (resume.p, resume.t + 1)
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// The pattern width consumed when the element at `p` matches `character`, else nil.
    private func matchOne(at p: Int, _ character: Character) -> Int? {
        switch pattern[p] {
        case "?": return 1
        case "[":
            guard let close = pattern[(p + 1)...].firstIndex(of: "]"), close > p + 1 else {
                return character == "[" ? 1 : nil
            }
            var body = pattern[(p + 1)..<close]
            let negated = body.first == "!"
            if negated { body = body.dropFirst() }
            var found = false
            var index = body.startIndex
            while index < body.endIndex {
                if body.index(after: index) < body.endIndex, body[body.index(after: index)] == "-",
                   body.index(index, offsetBy: 2) < body.endIndex {
                    let upper = body[body.index(index, offsetBy: 2)]
                    if body[index] <= character && character <= upper { found = true }
                    index = body.index(index, offsetBy: 3)
                } else {
                    if body[index] == character { found = true }
                    index = body.index(after: index)
                }
            }
            return found != negated ? close - p + 1 : nil
        default:
            return pattern[p] == character ? 1 : nil
        }
    }
}
