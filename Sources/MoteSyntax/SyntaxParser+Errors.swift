extension SyntaxParser {
    /// A syntax error at `range`; a lexical error earlier in the cell wins, since it comes first.
    func error(_ message: String, at range: SourceRange, hint: String? = nil) -> Diagnostic {
        if let lex = lexFailure, let lexRange = lex.diagnostic.range, lexRange.start <= range.start {
            failedAtEnd = lex.atEndOfInput
            return lex.diagnostic
        }
        failedAtEnd = false
        return Diagnostic(.syntax, message, at: range, hint: hint)
    }

    /// A syntax error about the current token. At a line break or the end of the cell the caret
    /// goes just after the previous token, where the missing text belongs.
    func unexpected(_ message: String, hint: String? = nil) -> Diagnostic {
        if kind == .end, let lex = lexFailure {
            failedAtEnd = lex.atEndOfInput
            return lex.diagnostic
        }
        let range = placeOfCurrent
        failedAtEnd = position >= trailingStart
        return Diagnostic(.syntax, message, at: range, hint: hint)
    }

    /// Where the current token is, or for a line break / end, the spot right after the last
    /// token before it, where the missing text belongs.
    var placeOfCurrent: SourceRange {
        switch kind {
        case .newline, .end:
            var previous = position - 1
            while previous >= 0, tokens[previous].kind == .newline { previous -= 1 }
            guard previous >= 0 else { return current.range }
            let after = tokens[previous].range.end
            return SourceRange(start: after, end: after)
        case .number, .quantity, .string, .identifier, .keyword, .plus, .minus, .star, .slash,
             .starStar, .at, .equalEqual, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
             .equal, .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace,
             .comma, .colon, .semicolon, .dot, .question:
            return current.range
        }
    }

    /// "expected ')' to close '(' opened at line 1, column 4".
    func unclosed(_ closer: String, opener: Token, hint: String? = nil) -> Diagnostic {
        let open = text(opener.range)
        return unexpected("expected '\(closer)' to close '\(open)' opened at \(Self.position(opener.range.start))",
                          hint: hint)
    }

    /// Consumes the closer of `opener`, or throws the "expected ')' to close '('" error.
    func expectClosing(_ closer: TokenKind, opener: Token, hint: String? = nil) throws(Diagnostic) -> Token {
        if let token = accept(closer) { return token }
        throw unclosed(closer.fixedSpelling ?? "", opener: opener, hint: hint ?? defaultClosingHint)
    }

    /// A hint for a missing closer, chosen by what was found instead.
    private var defaultClosingHint: String? {
        switch kind {
        case .equal: "'=' is assignment; use '==' to compare"
        case .comma: nil
        case .number, .quantity, .string, .identifier, .keyword, .plus, .minus, .star, .slash,
             .starStar, .at, .equalEqual, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
             .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace,
             .colon, .semicolon, .dot, .question, .newline, .end:
            nil
        }
    }

    /// The error for an expression that is missing, with a hint chosen by what stands there.
    func expectedExpression(_ context: String? = nil) -> Diagnostic {
        let found = describe(current)
        let message = context.map { "expected an expression \($0), found \(found)" }
            ?? "expected an expression, found \(found)"
        return unexpected(message, hint: hintForMissingExpression)
    }

    private var hintForMissingExpression: String? {
        switch kind {
        case .keyword(let keyword):
            switch keyword {
            case .model: "'model' starts a statement of its own: model name { layers }"
            case .for: "'for' starts a statement of its own: for name in items { ... }"
            case .assert: "'assert' starts a statement of its own: assert condition, \"message\""
            case .in, .and, .or: "'\(keyword.rawValue)' is a keyword and cannot be used as a name"
            case .true, .false, .none, .not: nil
            }
        case .equal: "'=' is assignment; use '==' to compare"
        case .rightParen, .rightBracket: "remove the extra '\(text(current.range))' or add what is missing before it"
        case .leftBrace: "'{' opens a block only after 'model name' or 'for name in items'"
        case .star, .slash, .starStar, .at, .equalEqual, .notEqual, .less, .lessEqual, .greater,
             .greaterEqual:
            "'\(text(current.range))' needs a value on its left"
        case .number, .quantity, .string, .identifier, .plus, .minus, .leftParen, .leftBracket,
             .rightBrace, .comma, .colon, .semicolon, .dot, .question, .newline, .end:
            nil
        }
    }
}
