/// Parses Mote cells: `Parser.parse(source)` gives the cell's `Program` or its first syntax error.
public enum Parser {
    /// The deepest nesting of brackets, blocks, unary operators and `**` chains accepted.
    public static let maximumNesting = 256

    /// Parses a cell into a `Program`, or throws its first syntax error.
    public static func parse(_ source: String) throws(Diagnostic) -> Program {
        try SyntaxParser(source).parseProgram()
    }

    /// The tokens of a cell, ending with `.end`; throws the first lexical error.
    public static func tokens(_ source: String) throws(Diagnostic) -> [Token] {
        let lexed = Lexer.tokenize(source)
        if let failure = lexed.failure { throw failure.diagnostic }
        return lexed.tokens
    }
}

/// The parser's working state over one cell's tokens: a recursive-descent parser with one
/// method per grammar rule (`SyntaxParser+Statements.swift`, `+Expressions`, `+Calls`).
/// Nesting is counted and bounded (`Parser.maximumNesting`), so no input can overflow the stack.
/// A class, so the rule methods share one state without copying it.
final class SyntaxParser {
    let tokens: [Token]
    var position = 0
    /// The source, to quote tokens in messages.
    let source: String
    let lexFailure: LexFailure?
    var depth = 0
    /// Index of the first token of the trailing run of newlines before `end`.
    let trailingStart: Int
    /// Set when the error thrown was found at the end of input (so more input may fix it).
    var failedAtEnd = false

    init(lexed: LexResult, source: String) {
        tokens = lexed.tokens
        self.source = source
        lexFailure = lexed.failure
        var start = tokens.count - 1
        while start > 0, tokens[start - 1].kind == .newline { start -= 1 }
        trailingStart = start
    }

    convenience init(_ source: String) {
        self.init(lexed: Lexer.tokenize(source), source: source)
    }

    // MARK: - Cursor

    var current: Token { tokens[position] }

    var kind: TokenKind { tokens[position].kind }

    /// The kind `ahead` tokens on, or `end` past the last token.
    func peekKind(_ ahead: Int = 1) -> TokenKind {
        let i = position + ahead
        return i < tokens.count ? tokens[i].kind : .end
    }

    var atEnd: Bool {
        if case .end = tokens[position].kind { return true }
        return false
    }

    /// Moves past the current token (never past `end`) and returns it.
    @discardableResult
    func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    /// Consumes the current token when it is `kind`.
    func accept(_ kind: TokenKind) -> Token? {
        self.kind == kind ? advance() : nil
    }

    /// Skips newlines and `;`; returns whether a `;` was among them.
    @discardableResult
    func skipSeparators() -> Bool {
        var sawSemicolon = false
        while kind.isSeparator {
            if kind == .semicolon { sawSemicolon = true }
            advance()
        }
        return sawSemicolon
    }

    // MARK: - Nesting

    /// Counts one more level of nesting at `token`; past `maximumNesting` it is an error.
    func enterNesting(at token: Token) throws(Diagnostic) {
        depth += 1
        if depth > Parser.maximumNesting {
            throw error("nesting too deep", at: token.range,
                        hint: "Mote allows at most \(Parser.maximumNesting) levels of nesting; "
                            + "give inner parts names with assignments")
        }
    }

    func leaveNesting() { depth -= 1 }

    // MARK: - Text

    /// The source text a range covers. Walks the source, so it is for messages only.
    func text(_ range: SourceRange) -> String {
        let scalars = source.unicodeScalars
        let lower = scalars.index(scalars.startIndex, offsetBy: max(0, range.start.offset),
                                  limitedBy: scalars.endIndex) ?? scalars.endIndex
        let count = max(0, range.end.offset - range.start.offset)
        let upper = scalars.index(lower, offsetBy: count, limitedBy: scalars.endIndex) ?? scalars.endIndex
        return String(scalars[lower..<upper])
    }

    /// How a token reads in a message: `'+'`, `'fit'`, `end of line`, `end of input`.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .newline: return "end of line"
        case .end: return "end of input"
        case .string: return "a string"
        case .keyword(let keyword): return "keyword '\(keyword.rawValue)'"
        case .number, .quantity, .identifier, .plus, .minus, .star, .slash, .starStar, .at,
             .equalEqual, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .equal,
             .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace,
             .comma, .colon, .semicolon, .dot, .question:
            let spelled = text(token.range)
            return "'\(spelled.count > 30 ? String(spelled.prefix(30)) + "…" : spelled)'"
        }
    }

    static func position(_ location: SourceLocation) -> String {
        "line \(location.line), column \(location.column)"
    }
}
