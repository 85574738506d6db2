/// Whether a cell is ready to run, for Jupyter's `is_complete_request`.
public enum Completeness: Equatable, Sendable {
    /// The cell parses (an empty cell is complete).
    case complete
    /// More lines could finish the cell: a bracket, block or string is still open, or the last
    /// line ends with an operator, `,` or `=`. `indent` is the suggested indent for the next line.
    case incomplete(indent: String)
    /// A syntax error that more input cannot fix, such as `1 +* 2` or an unmatched `)`.
    case invalid

    /// Classifies a cell by parsing it: an error found at the very end of the input means the
    /// cell is unfinished, any other error means it is invalid.
    public static func check(_ source: String) -> Completeness {
        let lexed = Lexer.tokenize(source)
        let parser = SyntaxParser(lexed: lexed, source: source)
        do {
            _ = try parser.parseProgram()
            return .complete
        } catch {
            guard parser.failedAtEnd else { return .invalid }
            return .incomplete(indent: indent(open: lexed.openBrackets))
        }
    }

    /// Two spaces per open `{`, and two more inside an open `(` or `[`.
    private static func indent(open: [Lexer.Bracket]) -> String {
        var braces = 0
        var others = 0
        for bracket in open {
            switch bracket {
            case .brace: braces += 1
            case .paren, .bracket: others += 1
            }
        }
        return String(repeating: "  ", count: braces + (others > 0 ? 1 : 0))
    }
}
