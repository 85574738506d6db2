import MoteSyntax
import RichDisplay

/// Completions for the text before the cursor; offsets are in Unicode scalars.
public struct Completion: Sendable, Hashable {
    public var matches: [String]
    public var start: Int
    public var end: Int
}

extension Session {
    /// Completes the name being typed at `cursor`: members after a dot, keyword arguments of
    /// the enclosing call, and the names in scope (the session's, builtins, keywords).
    public func complete(_ code: String, cursor: Int) -> Completion {
        let text = Array(code.unicodeScalars)
        let end = min(max(cursor, 0), text.count)
        var start = end
        while start > 0, Self.isNameScalar(text[start - 1]) { start -= 1 }
        let prefix = String(String.UnicodeScalarView(text[start..<end]))
        if let first = prefix.unicodeScalars.first, ("0"..."9").contains(first) {
            return Completion(matches: [], start: start, end: end)
        }
        if start > 0, text[start - 1] == "." {
            let receiver = Self.name(endingAt: start - 1, in: text)
            let members = receiver.flatMap { namespace[$0] }.map(Member.members(of:)) ?? []
            let matches = members.map(\.rawValue).filter { $0.hasPrefix(prefix) }.sorted()
            return Completion(matches: matches, start: start, end: end)
        }
        var matches = Set(visibleNames.filter { $0.hasPrefix(prefix) })
        matches.formUnion(Keyword.allCases.map(\.rawValue).filter { $0.hasPrefix(prefix) })
        if let function = Self.enclosingCall(before: start, in: text), case .function(let builtin)? = lookup(function) {
            let labels = builtin.parameters.filter { !$0.isVariadic && $0.name.hasPrefix(prefix) }.map { $0.name + ":" }
            matches.formUnion(labels)
        }
        return Completion(matches: matches.sorted(), start: start, end: end)
    }

    /// The doc of the name at the cursor (or of the call the cursor is in), for Shift-Tab.
    public func inspect(_ code: String, cursor: Int, detail: Int) -> MimeBundle? {
        let text = Array(code.unicodeScalars)
        let position = min(max(cursor, 0), text.count)
        var start = position, end = position
        while start > 0, Self.isNameScalar(text[start - 1]) { start -= 1 }
        while end < text.count, Self.isNameScalar(text[end]) { end += 1 }
        var name = String(String.UnicodeScalarView(text[start..<end]))
        if name.isEmpty, let function = Self.enclosingCall(before: position, in: text) {
            name = function
            start = -1
        }
        guard !name.isEmpty else { return nil }
        if start > 0, text[start - 1] == ".", let receiver = Self.name(endingAt: start - 1, in: text),
           let value = namespace[receiver], let member = Member.members(of: value).first(where: { $0.rawValue == name }) {
            return MimeBundle(plainText: member.doc)
        }
        guard let value = lookup(name) else { return nil }
        return MimeBundle(plainText: Help.text(for: value, name: name))
    }

    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    /// The identifier that ends just before index `end`.
    private static func name(endingAt end: Int, in text: [Unicode.Scalar]) -> String? {
        var start = end
        while start > 0, isNameScalar(text[start - 1]) { start -= 1 }
        return start < end ? String(String.UnicodeScalarView(text[start..<end])) : nil
    }

    /// The function whose unclosed `(` encloses `position`, e.g. `fit` in `fit(m, epo`.
    static func enclosingCall(before position: Int, in text: [Unicode.Scalar]) -> String? {
        var depth = 0
        var index = position - 1
        while index >= 0 {
            switch text[index] {
            case ")", "]": depth += 1
            case "[":
                if depth == 0 { return nil }
                depth -= 1
            case "(":
                if depth == 0 {
                    var end = index
                    while end > 0, text[end - 1] == " " { end -= 1 }
                    return name(endingAt: end, in: text)
                }
                depth -= 1
            default: break
            }
            index -= 1
        }
        return nil
    }
}
