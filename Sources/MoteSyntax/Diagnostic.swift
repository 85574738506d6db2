/// The kinds of error a Mote user can meet (`LANGUAGE.md` §7). The raw value is the `ename`.
public enum ErrorKind: String, Sendable, Hashable, CaseIterable {
    case syntax = "SyntaxError"
    case name = "NameError"
    case type = "TypeError"
    case argument = "ArgumentError"
    case shape = "ShapeError"
    case value = "ValueError"
    case data = "DataError"
    case resource = "ResourceError"
    case assertion = "AssertionError"
    case interrupted = "Interrupted"
}

/// An error in a cell: what went wrong, where, and how to fix it. Syntax and run-time errors
/// alike are reported as a `Diagnostic`; it is rendered in one place (`rendered(in:)`).
public struct Diagnostic: Error, Sendable, Hashable {
    public var kind: ErrorKind
    public var message: String
    /// Where in the cell; `nil` for errors with no place (an interrupt between statements).
    public var range: SourceRange?
    /// A suggestion, e.g. "did you mean 'epochs'?".
    public var hint: String?

    public init(_ kind: ErrorKind, _ message: String, at range: SourceRange? = nil, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
        self.hint = hint
    }
}
